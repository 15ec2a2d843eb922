/** The command's exit codes (DESIGN.md): stable, documented in the README. */
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
} as const;

/** One of the exit codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
