/** Where the command writes and what it reads from its environment; replaced in tests. */
export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Environment variables (for `--password-env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The time "now" for status and validation, unless `--at` is given. */
  readonly now: () => Date;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    now: () => new Date(),
  };
}
