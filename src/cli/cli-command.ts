import type { CliIo } from './cli-io.js';
import type { ExitCodeValue } from './exit-codes.js';

/** One `certkit <command>`'s implementation: its usage text and what it runs. */
export interface CliCommand {
  /** Full help text printed by `certkit <command> --help`. */
  readonly usage: string;
  /** Runs the command; returns the exit code. Throws CertkitErrors for usage and input errors. */
  readonly run: (args: readonly string[], io: CliIo) => Promise<ExitCodeValue>;
  /** Set by command families, which print their subcommands' own help. */
  readonly handlesHelp?: boolean;
}

/**
 * One entry of the command list: what `certkit --help` shows, and how to load the implementation.
 * Loading is lazy so that `certkit inspect` reads only the code inspect needs.
 */
export interface CliCommandEntry {
  readonly name: string;
  /** One line for `certkit --help`. */
  readonly summary: string;
  /** Loads the command's module (a dynamic import). */
  readonly load: () => Promise<CliCommand>;
}
