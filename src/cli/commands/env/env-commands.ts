import { CliError } from '../../../errors/area-errors.js';
import type { EnvironmentView } from '../../../inventory/index.js';
import { ExitCode } from '../../exit-codes.js';
import { INVENTORY_OPTIONS, withInventory } from '../../inventory-options.js';
import { parseOptions, stringOption } from '../../parse-options.js';
import type { Subcommand } from '../../subcommands.js';
import { parseAtOption } from '../../time-options.js';

const STORE = '--store DIR|postgres://…';

function positional(positionals: readonly string[], index: number, command: string, what: string): string {
  const value = positionals[index];
  if (value === undefined) {
    throw new CliError('ERR_CLI_USAGE', `certkit ${command}: ${what} is required.`, { details: { command } });
  }
  return value;
}

/** An environment in a few lines. */
export function environmentText(e: EnvironmentView): string {
  const chosen =
    e.record === undefined ? 'none' : `${e.record} version ${e.version} (${e.versionStatus ?? 'unknown'})`;
  const deployed =
    e.deployedRecord === undefined ? 'nothing yet' : `${e.deployedRecord} version ${e.deployedVersion}`;
  return [
    `${e.name} (${e.kind}, project ${e.project}): ${e.state}`,
    `  variable   ${e.variable}`,
    `  selected   ${chosen}`,
    `  deployed   ${deployed}`,
  ].join('\n');
}

function print(
  io: { out: (t: string) => void },
  json: boolean,
  value: EnvironmentView | EnvironmentView[],
): void {
  if (json) io.out(`${JSON.stringify(Array.isArray(value) ? { environments: value } : value, null, 2)}\n`);
  else io.out(`${(Array.isArray(value) ? value : [value]).map(environmentText).join('\n')}\n`);
}

/** `certkit env create ENV --kind KIND [--project P] [--variable NAME]`. */
export const envCreate: Subcommand = {
  summary: 'create an environment (one per kind and project) with its certificate variable name',
  usage: `Usage: certkit env create ENV [--kind KIND] [--project P] [--variable NAME] ${STORE} [--json]

Creates an environment. KIND (default: ENV) is development, staging, production or any name; a
project has one environment of each kind. NAME is the variable rules use to refer to this
environment's certificate (an identifier, unique in the project; default cert_ENV).
`,
  async run(args, io) {
    const parsed = parseOptions('env create', args, {
      ...INVENTORY_OPTIONS,
      kind: { type: 'string' },
      project: { type: 'string' },
      variable: { type: 'string' },
    });
    const name = positional(parsed.positionals, 0, 'env create', 'ENV');
    const project = stringOption(parsed, 'project');
    const variable = stringOption(parsed, 'variable');
    const env = await withInventory(
      parsed,
      io,
      'env create',
      ({ inventory }) =>
        inventory.addEnvironment(name, {
          kind: stringOption(parsed, 'kind') ?? name,
          ...(project === undefined ? {} : { project }),
          ...(variable === undefined ? {} : { variable }),
        }),
      { create: true },
    );
    print(io, parsed.values.json === true, env);
    return ExitCode.ok;
  },
};

/** `certkit env show [ENV]`. */
export const envShow: Subcommand = {
  summary: 'one environment, or all: variable, selected and deployed version, deploy state',
  usage: `Usage: certkit env show [ENV] ${STORE} [--at ISO-DATE] [--json]

Shows an environment (or every one): its certificate variable name, the selected record and version
with its status, what is deployed, and the state: deployed, deploying or needs-deploy.
`,
  async run(args, io) {
    const parsed = parseOptions('env show', args, { ...INVENTORY_OPTIONS, at: { type: 'string' } });
    const at = parseAtOption(parsed, 'env show', io);
    const name = parsed.positionals[0];
    const value = await withInventory<EnvironmentView | EnvironmentView[]>(
      parsed,
      io,
      'env show',
      ({ inventory }) => (name === undefined ? inventory.environments(at) : inventory.environment(name, at)),
    );
    print(io, parsed.values.json === true, value);
    return ExitCode.ok;
  },
};

/** `certkit env select ENV RECORD [--version N]`. */
export const envSelect: Subcommand = {
  summary: "point an environment at a record's version (an expired one is refused)",
  usage: `Usage: certkit env select ENV RECORD [--version N] ${STORE} [--json]

Points ENV at version N of RECORD (default its current version); ENV becomes a consumer of RECORD.
An older, still valid (obsolete) version may be chosen; an expired one is refused. The state is
needs-deploy until \`certkit env deployed ENV\`.
`,
  async run(args, io) {
    const parsed = parseOptions('env select', args, { ...INVENTORY_OPTIONS, version: { type: 'string' } });
    const env = positional(parsed.positionals, 0, 'env select', 'ENV');
    const record = positional(parsed.positionals, 1, 'env select', 'RECORD');
    const text = stringOption(parsed, 'version');
    const version = text === undefined ? undefined : Number(text);
    if (version !== undefined && (!Number.isSafeInteger(version) || version < 1)) {
      throw new CliError(
        'ERR_CLI_USAGE',
        `certkit env select: --version must be a positive integer (got "${text}").`,
        {
          details: { command: 'env select', option: 'version' },
        },
      );
    }
    const view = await withInventory(parsed, io, 'env select', ({ inventory }) =>
      inventory.selectVersion(env, record, version),
    );
    print(io, parsed.values.json === true, view);
    return ExitCode.ok;
  },
};

function stateCommand(verb: 'deploy' | 'deployed'): Subcommand {
  const command = `env ${verb}`;
  return {
    summary:
      verb === 'deploy' ? 'mark the selected version as deploying' : 'mark the selected version as deployed',
    usage: `Usage: certkit env ${verb} ENV ${STORE} [--json]\n\n${
      verb === 'deploy'
        ? 'Marks the selected version of ENV as being deployed (state: deploying).'
        : 'Marks the selected version of ENV as deployed (state: deployed); an expired version is refused.'
    }\n`,
    async run(args, io) {
      const parsed = parseOptions(command, args, INVENTORY_OPTIONS);
      const env = positional(parsed.positionals, 0, command, 'ENV');
      const view = await withInventory(parsed, io, command, ({ inventory }) =>
        verb === 'deploy' ? inventory.markDeploying(env) : inventory.markDeployed(env),
      );
      print(io, parsed.values.json === true, view);
      return ExitCode.ok;
    },
  };
}

/** `certkit env deploy ENV`. */
export const envDeploy = stateCommand('deploy');
/** `certkit env deployed ENV`. */
export const envDeployed = stateCommand('deployed');
