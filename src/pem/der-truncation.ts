import { DerError } from '../errors/area-errors.js';

/** The sizes of a DER object cut short: what its header announces and what is there. */
export interface DerTruncation {
  /** Bytes the outer header announces (header included); for a header itself cut short, its minimum size. */
  readonly expected: number;
  /** Bytes present. */
  readonly found: number;
}

/**
 * The tags an object certkit reads can start its content with: SEQUENCE (certificates, CSRs, CRLs,
 * SubjectPublicKeyInfo, encrypted PKCS#8), INTEGER (PKCS#1, SEC1, PKCS#8, PKCS#12 versions), OBJECT
 * IDENTIFIER (PKCS#7 ContentInfo), OCTET STRING and `[0]`. Requiring one keeps random bytes that happen
 * to start with 0x30 from being called a truncated object.
 */
const FIRST_INNER_TAGS = new Set([0x30, 0x02, 0x06, 0x04, 0xa0]);

/**
 * Whether `bytes` are the start of a DER SEQUENCE whose outer header announces more bytes than there
 * are (X.690 8.1.3: the definite length counts the content octets). Looks at the outer header only, so
 * it is O(1) whatever the input; an indefinite length (BER) or a complete object is not truncated.
 *
 * @example
 * ```ts
 * import { findDerTruncation } from 'certkit/pem';
 * findDerTruncation(der.subarray(0, 100)); // { expected: 1234, found: 100 }
 * ```
 * @see X.690 section 8.1.3
 */
export function findDerTruncation(bytes: Uint8Array): DerTruncation | undefined {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('findDerTruncation expects bytes (Uint8Array)');
  if (bytes.length === 0 || bytes[0] !== 0x30) return undefined;
  if (bytes.length === 1) return { expected: 2, found: 1 };
  const first = bytes[1]!;
  let headerLength = 2;
  let contentLength = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) return undefined; // indefinite (BER) or absurd: not a truncation question
    headerLength = 2 + n;
    if (bytes.length < headerLength) return { expected: headerLength, found: bytes.length };
    contentLength = 0;
    for (let i = 2; i < headerLength; i++) contentLength = contentLength * 256 + bytes[i]!;
  }
  const expected = headerLength + contentLength;
  if (expected <= bytes.length) return undefined;
  const inner = bytes[headerLength];
  if (inner !== undefined && !FIRST_INNER_TAGS.has(inner)) return undefined;
  return { expected, found: bytes.length };
}

/**
 * Throws `ERR_DER_TRUNCATED` when {@link findDerTruncation} finds the object cut short; `where`
 * (a PEM block's label, line and 0-based index among the blocks) goes into the message and the details.
 *
 * @throws DerError `ERR_DER_TRUNCATED` with `expected`, `found` and `missing` (bytes).
 */
export function assertDerComplete(
  bytes: Uint8Array,
  where?: { readonly label: string; readonly line: number; readonly index?: number },
): void {
  const cut = findDerTruncation(bytes);
  if (cut === undefined) return;
  const place = where === undefined ? 'The DER object' : `The ${where.label} block at line ${where.line}`;
  throw new DerError(
    'ERR_DER_TRUNCATED',
    `${place} is truncated: its header announces ${cut.expected} bytes, but only ${cut.found} are present (${cut.expected - cut.found} missing).`,
    { details: { ...cut, missing: cut.expected - cut.found, ...(where ?? {}) } },
  );
}
