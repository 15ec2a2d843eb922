import { isCertkitError } from '../errors/is-certkit-error.js';
import type { CliIo } from './cli-io.js';
import { errorHint } from './error-hints.js';
import { ExitCode, type ExitCodeValue, exitCodeFor } from './exit-codes.js';

/** How {@link reportError} names the command and maps codes. */
export interface ReportErrorOptions {
  /** The command that ran (`verify`, `p12 pack`): the one prefix of the message and the help it points to. */
  readonly command?: string | undefined;
  /** Codes that are the check's answer (exit 1) rather than an input error (exit 3). */
  readonly refusal?: (code: string) => boolean;
}

/** The command named by an error's details (`p12 pack`) when it belongs to `command`, else `command`. */
function commandOf(details: unknown, command: string | undefined): string | undefined {
  const named = (details as { command?: unknown } | undefined)?.command;
  if (typeof named === 'string' && (command === undefined || named.startsWith(command))) return named;
  return command;
}

/** A message without a leading `certkit …:` prefix, so that the printed line carries exactly one. */
export function withoutPrefix(message: string, command: string | undefined): string {
  if (command !== undefined && message.startsWith(`certkit ${command}: `))
    return message.slice(`certkit ${command}: `.length);
  return message.startsWith('certkit: ') ? message.slice('certkit: '.length) : message;
}

/**
 * Prints an error (as text on stderr, or as `{ "error": … }` JSON on stdout with `--json`) and returns
 * the exit code (see {@link exitCodeFor}): 2 usage, 3 input, 75 temporary failure, 1 for a refusal the
 * caller names, 70 for anything that is not a CertkitError. The text is one line with one prefix,
 * `certkit verify: ERR_CLI_USAGE: …`; a usage error adds `Run \`certkit verify --help\` for usage.`
 */
export function reportError(
  error: unknown,
  io: CliIo,
  json: boolean,
  options: ReportErrorOptions = {},
): ExitCodeValue {
  const exit = exitCodeFor(error, options.refusal);
  if (isCertkitError(error)) {
    const command = commandOf(error.details, options.command);
    const message = withoutPrefix(error.message, command);
    if (json) {
      io.out(`${JSON.stringify({ error: { ...error.toJSON(), message }, exitCode: exit }, null, 2)}\n`);
    } else {
      io.err(`certkit${command === undefined ? '' : ` ${command}`}: ${error.code}: ${message}\n`);
      const hint = errorHint(error.code);
      if (hint !== undefined) io.err(`${hint}\n`);
      if (exit === ExitCode.tempFail) io.err('This is a temporary failure: try again later.\n');
    }
    if (exit === ExitCode.usage && !json) {
      const top = options.command ?? command?.split(' ')[0];
      io.err(`Run \`certkit${top === undefined ? '' : ` ${top}`} --help\` for usage.\n`);
    }
    return exit;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (json) io.out(`${JSON.stringify({ error: { code: 'INTERNAL', message: String(error) } }, null, 2)}\n`);
  io.err(`certkit: internal error (please report it):\n${message}\n`);
  return ExitCode.internal;
}
