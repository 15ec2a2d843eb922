import { CliError, InputError } from '../errors/area-errors.js';
import { readInputFile } from '../pem/index.js';
import type { CliIo } from './cli-io.js';

/** The file argument that means standard input. */
export const STDIN_PATH = '-';

const stdinBytes = new WeakMap<CliIo, Promise<Uint8Array>>();

/**
 * Reads a file named on the command line, or standard input for `-` (read once per run and kept, so
 * several `-` arguments see the same bytes). Every command reads its input files through this, so `-`
 * works wherever a file is taken.
 *
 * @throws InputError `ERR_INPUT_UNREADABLE`, `ERR_INPUT_TOO_LARGE`, `ERR_INPUT_EMPTY`
 * @throws CliError `ERR_CLI_USAGE` for `-` when the command has no standard input
 */
export async function readCliInput(path: string, io: CliIo | undefined): Promise<Uint8Array> {
  if (path !== STDIN_PATH) return readInputFile(path);
  const read = io?.stdin;
  if (read === undefined) {
    throw new CliError('ERR_CLI_USAGE', 'Standard input ("-") is not available here.', {
      details: { path },
    });
  }
  let pending = stdinBytes.get(io!);
  if (pending === undefined) {
    pending = read();
    stdinBytes.set(io!, pending);
  }
  const bytes = await pending;
  if (bytes.byteLength === 0) {
    throw new InputError('ERR_INPUT_EMPTY', 'Standard input is empty.', { details: { path } });
  }
  return bytes;
}

/** {@link readCliInput} as UTF-8 text; `what` names the file in the message of an unreadable one. */
export async function readCliText(path: string, io: CliIo | undefined, what: string): Promise<string> {
  try {
    return Buffer.from(await readCliInput(path, io)).toString('utf8');
  } catch (cause) {
    if (cause instanceof InputError && cause.code === 'ERR_INPUT_UNREADABLE') {
      throw new InputError('ERR_INPUT_UNREADABLE', `Cannot read the ${what} file "${path}".`, {
        cause,
        details: { path },
      });
    }
    throw cause;
  }
}

/** How a path is named in messages: `-` is standard input. */
export function displayPath(path: string): string {
  return path === STDIN_PATH ? 'standard input' : path;
}
