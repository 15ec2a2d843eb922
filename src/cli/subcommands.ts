import { CliError } from '../errors/area-errors.js';
import type { CliCommand } from './cli-command.js';
import { ExitCode } from './exit-codes.js';

/** One subcommand of a command family (`certkit inventory list`): one line of help and its code. */
export interface Subcommand extends CliCommand {
  readonly summary: string;
}

/**
 * A command made of subcommands (`certkit inventory import|list|…`): `certkit NAME --help` lists them,
 * `certkit NAME SUB --help` prints the subcommand's usage, and an unknown one is a usage error.
 */
export function commandFamily(
  name: string,
  summary: string,
  subcommands: Readonly<Record<string, Subcommand>>,
): CliCommand {
  const width = Math.max(...Object.keys(subcommands).map((s) => s.length));
  const usage = [
    `Usage: certkit ${name} <${Object.keys(subcommands).join('|')}> [options] [--json]`,
    '',
    summary,
    '',
    ...Object.entries(subcommands).map(([sub, c]) => `  ${sub.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`certkit ${name} <subcommand> --help\` for its options.`,
    '',
  ].join('\n');
  return {
    usage,
    handlesHelp: true,
    run: async (args, io) => {
      const [sub, ...rest] = args;
      if (sub === undefined || sub === '--help' || sub === '-h') {
        io.out(usage);
        return sub === undefined ? ExitCode.usage : ExitCode.ok;
      }
      const command = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
      if (command === undefined) {
        throw new CliError('ERR_CLI_USAGE', `certkit ${name}: unknown subcommand "${sub}".`, {
          details: { command: name, subcommand: sub },
        });
      }
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(command.usage);
        return ExitCode.ok;
      }
      return command.run(rest, io);
    },
  };
}
