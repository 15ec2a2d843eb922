import { isCertkitError } from '../errors/is-certkit-error.js';

/** The command's exit codes (DESIGN.md): stable, documented in the README and in `certkit --help`. */
export const ExitCode = {
  /** Success: the check said yes. */
  ok: 0,
  /** The check said no: key mismatch, chain invalid, expiring within the threshold. */
  checkFailed: 1,
  /** Usage error: unknown command or option, missing argument. */
  usage: 2,
  /** Input error: a file cannot be read or parsed. */
  input: 3,
  /** Internal error: a bug in certkit (please report it with the output). */
  internal: 70,
  /** Temporary failure (`EX_TEMPFAIL` of sysexits.h): network, timeout, rate limit; try again later. */
  tempFail: 75,
} as const;

/** One of the exit codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The one line of `certkit --help` (and of the README) that lists the exit codes. */
export const EXIT_CODES_HELP =
  'Exit codes: 0 success, 1 the check said no, 2 usage error, 3 input error, 70 internal error,\n' +
  '            75 temporary failure (network, timeout, rate limit: try again later).';

/**
 * Codes that mean "not now" rather than "no": the same command may succeed unchanged later. They exit
 * 75 so that a script (or cron, or a CI step) retries instead of treating the answer as a refusal.
 */
const TEMPORARY_CODES: ReadonlySet<string> = new Set([
  'ERR_ACME_UNREACHABLE',
  'ERR_ACME_TIMEOUT',
  'ERR_ACME_RATE_LIMITED',
  'ERR_ACME_BAD_NONCE',
  'ERR_ACME_SERVER_INTERNAL',
  'ERR_ACME_ORDER_LOCKED',
  'ERR_ACME_LOCK_LOST',
  'ERR_ACME_CALLBACK_UNAVAILABLE',
  'ERR_REVOCATION_FETCH_FAILED',
  'ERR_REVOCATION_FETCH_TIMEOUT',
  'ERR_STORAGE_UNAVAILABLE',
  'ERR_STORAGE_BUSY',
  'ERR_INVENTORY_CONTENTION',
  'ERR_TLS_PROBE_UNREACHABLE',
  'ERR_TLS_PROBE_TIMEOUT',
]);

/** Whether an error code is a temporary failure (exit 75). */
export function isTemporaryFailure(code: string): boolean {
  return TEMPORARY_CODES.has(code);
}

/**
 * The exit code for an error a command let escape: 2 for usage errors, 75 for temporary failures,
 * 1 when `refusal(code)` says the code is the check's answer (a CA that refused an order, say), 3 for
 * any other coded error (input), 70 for anything that is not a CertkitError (a bug).
 */
export function exitCodeFor(error: unknown, refusal?: (code: string) => boolean): ExitCodeValue {
  if (!isCertkitError(error)) return ExitCode.internal;
  if (error.code === 'ERR_CLI_USAGE') return ExitCode.usage;
  if (isTemporaryFailure(error.code)) return ExitCode.tempFail;
  if (refusal?.(error.code) === true) return ExitCode.checkFailed;
  return ExitCode.input;
}
