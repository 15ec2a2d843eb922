import { open } from 'node:fs/promises';
import { InputError } from '../errors/area-errors.js';
import { checkInputSize, emptyInput, type InputLimitOptions } from './input-limits.js';

/**
 * Reads a file for any certkit parser, refusing one larger than the size limit before reading it
 * whole. The one helper of the pure layers that touches the file system.
 *
 * @throws InputError `ERR_INPUT_UNREADABLE`, `ERR_INPUT_TOO_LARGE`, `ERR_INPUT_EMPTY`
 * @example
 * ```ts
 * import { readInputFile } from 'certkit/pem';
 * import { parseCertificates } from 'certkit/x509';
 * const certs = parseCertificates(await readInputFile('bundle.pem'));
 * ```
 */
export async function readInputFile(path: string, options: InputLimitOptions = {}): Promise<Uint8Array> {
  if (typeof path !== 'string') throw new TypeError('readInputFile expects a path string');
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    checkInputSize(size, options);
    const bytes = new Uint8Array(await handle.readFile());
    checkInputSize(bytes.byteLength, options);
    if (bytes.byteLength === 0) emptyInput();
    return bytes;
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InputError('ERR_INPUT_UNREADABLE', `Cannot read ${path}${code ? ` (${code})` : ''}.`, {
      cause,
      details: { path, errno: code },
    });
  } finally {
    await handle?.close();
  }
}
