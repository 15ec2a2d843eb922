import { InputError } from '../errors/area-errors.js';
import { decodePem, type PemDecodeOptions } from './decode-pem.js';
import { checkInputSize, emptyInput } from './input-limits.js';
import type { PemBlock } from './pem-block.js';
import { sniffFormat } from './sniff-format.js';

/** Input accepted wherever certkit reads an object: PEM text, or bytes holding PEM text or DER. */
export type BinaryInput = string | Uint8Array;

/** The result of {@link decodeInput}: PEM blocks, or the DER bytes of a binary input. */
export type DecodedInput =
  | { readonly kind: 'pem'; readonly blocks: readonly PemBlock[] }
  | { readonly kind: 'der'; readonly bytes: Uint8Array };

const latin1 = new TextDecoder('latin1');

/**
 * Turns a string or bytes into PEM blocks or DER bytes, deciding by content: bytes that hold a
 * `-----BEGIN` line are read as PEM text, anything else is DER. Enforces the input size limit.
 *
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`
 * @throws PemError any PEM framing error (see {@link decodePem})
 * @example
 * ```ts
 * import { decodeInput } from 'certkit/pem';
 * const decoded = decodeInput(await readFile('cert.crt'));
 * if (decoded.kind === 'der') console.log('binary DER of', decoded.bytes.length, 'bytes');
 * ```
 */
export function decodeInput(input: BinaryInput, options: PemDecodeOptions = {}): DecodedInput {
  if (typeof input === 'string') return { kind: 'pem', blocks: decodePem(input, options) };
  if (!(input instanceof Uint8Array)) throw new TypeError('expected a string or a Uint8Array/Buffer');
  checkInputSize(input.byteLength, options);
  if (input.byteLength === 0) emptyInput();
  const format = sniffFormat(input);
  if (format === 'pem') return { kind: 'pem', blocks: decodePem(latin1.decode(input), options) };
  if (format === 'unknown' && isBlankText(input)) emptyInput();
  return { kind: 'der', bytes: input };
}

function isBlankText(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}

/** Throws `ERR_INPUT_UNEXPECTED_OBJECT` naming what was expected and what was found. */
export function unexpectedObject(
  expected: string,
  found: string,
  details: Record<string, unknown> = {},
): never {
  throw new InputError('ERR_INPUT_UNEXPECTED_OBJECT', `Expected ${expected}, but the input holds ${found}.`, {
    details: { expected, found, ...details },
  });
}
