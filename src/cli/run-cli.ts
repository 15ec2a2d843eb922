import { CliError } from '../errors/area-errors.js';
import type { CliCommandEntry } from './cli-command.js';
import type { CliIo } from './cli-io.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from './exit-codes.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'certkit: read, match, verify and bundle X.509 certificates and keys.',
    '',
    'Usage: certkit <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --json (stable output shapes) and --help. Wherever a command reads a file,',
    '`-` reads standard input.',
    EXIT_CODES_HELP,
    '',
  ].join('\n');
}

/**
 * Runs the `certkit` command with the given arguments and returns its exit code. Used by the `certkit`
 * binary and by tests (with an in-memory {@link CliIo}).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const json = argv.includes('--json');
  const [name, ...rest] = argv;
  let command: string | undefined;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(mainHelp());
      return name === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${VERSION}\n`);
      return ExitCode.ok;
    }
    const entry: CliCommandEntry | undefined = COMMANDS.find((c) => c.name === name);
    if (entry === undefined) {
      throw new CliError('ERR_CLI_USAGE', `Unknown command "${name}".`, { details: { unknown: name } });
    }
    command = entry.name;
    const implementation = await entry.load();
    if (implementation.handlesHelp !== true && (rest.includes('--help') || rest.includes('-h'))) {
      io.out(implementation.usage);
      return ExitCode.ok;
    }
    return await implementation.run(rest, io);
  } catch (error) {
    return reportError(error, io, json, { command });
  }
}
