import type { ReferenceHistoryEntry, ReferenceUsage } from '../../../stores/registry/registry-types.js';
import type { StoreRole } from '../../../stores/rotation-check.js';
import type { StoreRegistry } from '../../../stores/store-registry.js';
import type { CliCommand } from '../../cli-command.js';
import type { CliIo } from '../../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import { type ParsedCommandLine, parseOptions, stringOption } from '../../parse-options.js';
import { REGISTRY_OPTIONS, REGISTRY_PASSPHRASE_HELP } from '../../registry-options.js';
import {
  attributionOf,
  findingLines,
  isRefusal,
  positional,
  print,
  printRefusal,
  toFindingJson,
  usageError,
  withRegistry,
} from './store-output.js';

const USAGE = `Usage: certkit ref set REF (--keystore NAME | --truststore NAME) [--force] --store S [--json]
                       [--role server|client] [--key-alias A] [--trust-store NAME|REF]
       certkit ref show REF --store S [--json]
       certkit ref history REF --store S [--json]
       certkit ref rollback REF --store S [--json]
       certkit ref list --store S [--json]

References (ref://name) are what TLS settings name instead of a store, so a certificate is rotated
by re-pointing the reference, not by editing the proxy; every process that opened the registry on
the same --store (DIR or postgres://…) serves the new store without a restart.
"set" defines REF (with how its TLS profile uses it: --role, --key-alias, --trust-store) or re-points
it. A re-point runs the rotation check first (key alias kept, chain complete and trusted, names and
key usages kept, not expired, …) and prints its findings; a blocking finding refuses it unless --force
(recorded as forced in the history). Of two re-points racing on one reference, one is written and the
other refused (ERR_STORE_REFERENCE_CHANGED). "rollback" returns to the store before the last re-point.
--actor and --reason are recorded in the history.

${REGISTRY_PASSPHRASE_HELP}

Exit codes: 0 done; 1 refused (a blocking rotation finding, a lost race, nothing to roll back, a
store of the wrong kind); 2 usage error; 3 the store could not be read, or a name is unknown.
`;

function entryJson(h: ReferenceHistoryEntry) {
  return { ...h, at: h.at.toISOString() };
}

function entryLine(h: ReferenceHistoryEntry): string {
  const who = [h.actor, h.reason].filter((x) => x !== undefined).join(': ');
  const move = h.from === undefined ? `-> ${h.to}` : `${h.from} -> ${h.to}`;
  return `${h.at.toISOString()}  ${h.action.padEnd(8)} ${move}${h.forced ? ' (forced)' : ''}${who === '' ? '' : `  [${who}]`}${h.findings.length === 0 ? '' : `  ${h.findings.join(',')}`}\n`;
}

/** `ref://name` from `ref://name` or `name`. */
function canonical(reference: string): string {
  return `ref://${reference.replace(/^ref:\/\//, '')}`;
}

function usageOf(parsed: ParsedCommandLine): ReferenceUsage {
  const role = stringOption(parsed, 'role');
  if (role !== undefined && role !== 'server' && role !== 'client')
    usageError('ref set', '--role is server or client.');
  const keyAlias = stringOption(parsed, 'key-alias');
  const trustStore = stringOption(parsed, 'trust-store');
  return {
    ...(role === undefined ? {} : { role: role as StoreRole }),
    ...(keyAlias === undefined ? {} : { keyAlias }),
    ...(trustStore === undefined ? {} : { trustStore }),
  };
}

async function set(parsed: ParsedCommandLine, io: CliIo, registry: StoreRegistry): Promise<ExitCodeValue> {
  const reference = positional(parsed, 1, 'ref set', 'REF');
  const keystore = stringOption(parsed, 'keystore');
  const truststore = stringOption(parsed, 'truststore');
  if ((keystore === undefined) === (truststore === undefined)) {
    usageError('ref set', 'give exactly one of --keystore NAME or --truststore NAME.');
  }
  const to = (keystore ?? truststore)!;
  const attribution = attributionOf(parsed, io);
  try {
    if (keystore !== undefined) registry.resolveKeystore(to);
    else registry.resolveTruststore(to);
    const exists = registry.references().some((r) => r.reference === canonical(reference));
    if (!exists) {
      await registry.defineReferenceAsync(reference, to, { ...usageOf(parsed), ...attribution });
      const value = {
        ok: true,
        action: 'define',
        reference: canonical(reference),
        to,
        findings: [],
      };
      print(io, parsed, value, `defined ${value.reference} -> ${to}\n`);
      return ExitCode.ok;
    }
    const r = await registry.repointAsync(reference, to, {
      ...attribution,
      force: parsed.values.force === true,
    });
    const findings = toFindingJson(r.report.findings);
    const action = r.changed ? 'repoint' : 'unchanged';
    const value = {
      ok: true,
      action,
      reference: r.reference,
      from: r.from,
      to: r.to,
      forced: r.forced,
      findings,
    };
    const head = r.changed
      ? `re-pointed ${r.reference}: ${r.from} -> ${r.to}${r.forced ? ' (FORCED past blocking findings)' : ''}\n`
      : `${r.reference} already points at ${r.to}\n`;
    print(io, parsed, value, head + findingLines(findings));
    return ExitCode.ok;
  } catch (error) {
    if (isRefusal(error)) return printRefusal(io, parsed, error, { reference, to });
    throw error;
  }
}

async function query(
  sub: 'show' | 'history' | 'rollback' | 'list',
  parsed: ParsedCommandLine,
  io: CliIo,
  registry: StoreRegistry,
): Promise<ExitCodeValue> {
  if (sub === 'list') {
    const refs = registry.references();
    const text = refs.map((r) => `${r.reference} -> ${r.target} (${r.kind})\n`).join('');
    print(io, parsed, { references: refs }, refs.length === 0 ? 'No references.\n' : text);
    return ExitCode.ok;
  }
  const reference = positional(parsed, 1, `ref ${sub}`, 'REF');
  if (sub === 'history') {
    const history = registry.history(reference);
    print(io, parsed, { reference, history: history.map(entryJson) }, history.map(entryLine).join(''));
    return ExitCode.ok;
  }
  if (sub === 'rollback') {
    try {
      const entry = await registry.rollbackAsync(reference, attributionOf(parsed, io));
      print(
        io,
        parsed,
        { ok: true, ...entryJson(entry) },
        `rolled back ${entry.reference}: ${entry.from} -> ${entry.to}\n`,
      );
      return ExitCode.ok;
    } catch (error) {
      if (isRefusal(error)) return printRefusal(io, parsed, error, { reference });
      throw error;
    }
  }
  const target = registry.target(reference);
  const info = registry.references().find((r) => r.reference === canonical(reference));
  const history = registry.history(reference);
  const last = history.at(-1);
  const value = {
    reference: canonical(reference),
    target,
    kind: info?.kind,
    usage: info?.usage,
    lastChange: last === undefined ? null : entryJson(last),
    store: registry.resolve(canonical(reference)).toJSON(),
  };
  print(
    io,
    parsed,
    value,
    `${value.reference} -> ${target} (${value.kind})\n${last === undefined ? '' : `last change: ${entryLine(last)}`}`,
  );
  return ExitCode.ok;
}

/** `certkit ref set|show|history|rollback|list`. */
export const refCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('ref', args, {
      ...REGISTRY_OPTIONS,
      keystore: { type: 'string' },
      truststore: { type: 'string' },
      force: { type: 'boolean' },
      role: { type: 'string' },
      'key-alias': { type: 'string' },
      'trust-store': { type: 'string' },
      actor: { type: 'string' },
      reason: { type: 'string' },
    });
    const sub = parsed.positionals[0];
    if (sub === 'set') return withRegistry(parsed, io, 'ref', true, (r) => set(parsed, io, r));
    if (sub === 'show' || sub === 'history' || sub === 'rollback' || sub === 'list') {
      return withRegistry(parsed, io, 'ref', false, (r) => query(sub, parsed, io, r));
    }
    return usageError(
      'ref',
      `unknown or missing subcommand ${sub ?? ''} (set, show, history, rollback, list).`,
    );
  },
};
