import type { CliIo } from './cli-io.js';
import type { ExitCodeValue } from './exit-codes.js';

/** One `certkit <command>`: its name, one-line summary, usage text and implementation. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Full help text printed by `certkit <command> --help`. */
  readonly usage: string;
  /** Runs the command; returns the exit code. Throws CertkitErrors for usage and input errors. */
  readonly run: (args: readonly string[], io: CliIo) => Promise<ExitCodeValue>;
}
