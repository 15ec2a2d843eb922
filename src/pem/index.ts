/**
 * PEM and DER framing: decode and encode PEM blocks, read input of any kind, tell formats apart by
 * content, and enforce input size limits.
 * @packageDocumentation
 */
export { type BinaryInput, type DecodedInput, decodeInput } from './decode-input.js';
export { decodePem, type PemDecodeOptions } from './decode-pem.js';
export { classifyDer, type DerKind } from './der-kind.js';
export { assertDerComplete, type DerTruncation, findDerTruncation } from './der-truncation.js';
export { encodePem } from './encode-pem.js';
export { DEFAULT_MAX_INPUT_BYTES, type InputLimitOptions } from './input-limits.js';
export type { PemBlock } from './pem-block.js';
export { readInputFile } from './read-input-file.js';
export { type DetectedFormat, sniffFormat } from './sniff-format.js';
