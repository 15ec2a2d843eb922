import { isCertkitError } from '../errors/is-certkit-error.js';
import type { CliIo } from './cli-io.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * Prints an error (as text on stderr, or as `{ "error": … }` JSON on stdout with `--json`) and returns
 * the exit code: 2 for usage errors, 3 for input errors, 70 for anything unexpected.
 */
export function reportError(error: unknown, io: CliIo, json: boolean): ExitCodeValue {
  if (isCertkitError(error)) {
    const exit = error.code === 'ERR_CLI_USAGE' ? ExitCode.usage : ExitCode.input;
    if (json) {
      io.out(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    } else {
      io.err(`certkit: ${error.code}: ${error.message}\n`);
      if (exit === ExitCode.usage) io.err('Run `certkit --help` for usage.\n');
    }
    return exit;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (json) io.out(`${JSON.stringify({ error: { code: 'INTERNAL', message: String(error) } }, null, 2)}\n`);
  io.err(`certkit: internal error (please report it):\n${message}\n`);
  return ExitCode.internal;
}
