import { InputError, PemError } from '../errors/area-errors.js';
import { checkBlocks, decodeFast, decodePem, type PemDecodeOptions } from './decode-pem.js';
import { assertDerComplete } from './der-truncation.js';
import { checkInputSize, emptyInput } from './input-limits.js';
import type { PemBlock } from './pem-block.js';
import { bytesSource } from './pem-scan.js';
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
 * `-----BEGIN` line are read as PEM text, a DER SEQUENCE (or a Java keystore) is returned as bytes.
 * Text without a PEM block, bytes that cannot be a DER object, and a DER object cut short are refused
 * here with a code that says which. Enforces the input size limit.
 *
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`, `ERR_INPUT_UNKNOWN_FORMAT` (binary bytes
 *   that are neither PEM nor DER)
 * @throws PemError `ERR_PEM_NO_BLOCK` (text without a PEM block), any PEM framing error (see {@link decodePem})
 * @throws DerError `ERR_DER_TRUNCATED` (`expected` and `found` bytes)
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
  if (format === 'pem') return { kind: 'pem', blocks: decodePemBytes(input, options) };
  if (format === 'unknown') {
    if (isBlankText(input)) emptyInput();
    refuseNonDer(input);
  }
  return { kind: 'der', bytes: input };
}

/**
 * PEM text held as bytes: the fast paths read the bytes themselves (turning a whole file into one
 * string costs more than decoding it); anything they decline, or a label with a byte above 0x7F (whose
 * text depends on the decoding below), goes through the string decoder.
 */
function decodePemBytes(input: Uint8Array, options: PemDecodeOptions): PemBlock[] {
  const blocks = decodeFast(bytesSource(input), true);
  if (blocks === undefined || blocks.some((b) => NON_ASCII.test(b.label))) {
    return decodePem(latin1.decode(input), options);
  }
  checkBlocks(blocks, options);
  return blocks;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Names what bytes of no known format are: text without PEM, a DER object cut short, or neither. */
function refuseNonDer(input: Uint8Array): void {
  assertDerComplete(input); // first: the start of a DER object can happen to be printable ("0Y0…")
  if (isText(input)) {
    throw new PemError(
      'ERR_PEM_NO_BLOCK',
      'No PEM block (-----BEGIN …-----) was found, and the input is text, not DER.',
      { details: { bytes: input.byteLength, text: true } },
    );
  }
  if (input[0] === 0x30) return; // a whole SEQUENCE: the parser asked for says what is wrong with it
  throw new InputError(
    'ERR_INPUT_UNKNOWN_FORMAT',
    `The input is neither PEM nor DER: it starts with byte 0x${input[0]!.toString(16).padStart(2, '0')}, where a DER object starts with 0x30 (SEQUENCE).`,
    { details: { bytes: input.byteLength, firstByte: input[0] } },
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the bytes are UTF-8 text without control characters other than tab, line ends and form feed. */
function isText(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
    if (b === 0x7f) return false;
  }
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
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
