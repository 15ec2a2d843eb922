import { InputError } from '../errors/area-errors.js';
import { DEFAULT_MAX_INPUT_BYTES } from '../pem/input-limits.js';

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
  /**
   * Reads all of standard input (for a file argument `-`). Called at most once per run: the bytes are
   * kept, so `--key - --cert -` both read the one PEM text piped in. Absent: `-` is a usage error.
   */
  readonly stdin?: () => Promise<Uint8Array>;
}

/** Reads a stream to its end, refusing more than `limit` bytes (`ERR_INPUT_TOO_LARGE`). */
export async function readStream(stream: NodeJS.ReadableStream, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limit) {
      throw new InputError('ERR_INPUT_TOO_LARGE', `Standard input exceeds the limit of ${limit} bytes.`, {
        details: { size, limit, path: '-' },
      });
    }
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    now: () => new Date(),
    stdin: () => readStream(process.stdin, DEFAULT_MAX_INPUT_BYTES),
  };
}
