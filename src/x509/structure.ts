import { X509Error } from '../errors/area-errors.js';
import { expectSequence, readRoot, type Tlv } from '../internal/der/tlv.js';

/** Reads the single SEQUENCE that must fill `der` exactly. Throws DER errors. */
export function readRootSequence(der: Uint8Array, what: string): Tlv {
  return expectSequence(readRoot(der), what);
}

/**
 * The longest serial number (and CRL number) read, in octets of magnitude (a leading 0x00 sign byte
 * is not counted). RFC 5280 sections 4.1.2.2 and 5.2.3 allow 20 octets; the tolerance up to 32 keeps
 * certificates from non-conforming private CAs readable (a SHA-256 digest used as the serial, a 20-octet
 * value written with the sign byte counted twice) while bounding the work a hostile one can cause. Path
 * validation still applies the 20-octet rule.
 */
export const MAX_SERIAL_OCTETS = 32;

/** Throws `ERR_X509_TOO_LARGE` when an INTEGER's magnitude is longer than {@link MAX_SERIAL_OCTETS}. */
export function checkSerialLength(der: Uint8Array, tlv: Tlv, field: string): void {
  let octets = tlv.end - tlv.valueStart;
  if (octets > 1 && der[tlv.valueStart] === 0) octets--;
  if (octets > MAX_SERIAL_OCTETS) {
    throw new X509Error(
      'ERR_X509_TOO_LARGE',
      `The ${field} is ${octets} octets long; certkit reads at most ${MAX_SERIAL_OCTETS} (RFC 5280 allows 20).`,
      { details: { field, size: octets, limit: MAX_SERIAL_OCTETS, rule: 'RFC 5280 4.1.2.2' } },
    );
  }
}

const PAIRS: string[] = [];
for (let i = 0; i < 256; i++) PAIRS.push(i.toString(16).toUpperCase().padStart(2, '0'));

/**
 * An INTEGER as upper-case hex the way OpenSSL prints serial numbers: no sign padding byte, an even
 * number of digits, and `-` followed by the magnitude for negative values. Linear in the length: the
 * magnitude of a negative value is its two's complement, computed byte by byte (no BigInt).
 */
export function serialHex(der: Uint8Array, tlv: Tlv): string {
  let start = tlv.valueStart;
  const end = tlv.end;
  if (start === end) throw new RangeError('empty INTEGER');
  if ((der[start]! & 0x80) === 0) {
    while (start < end - 1 && der[start] === 0) start++;
    return hexOf(der.subarray(start, end));
  }
  // Two's complement: invert every byte, then add one from the least significant end.
  const magnitude = new Uint8Array(end - start);
  for (let i = 0; i < magnitude.length; i++) magnitude[i] = ~der[start + i]! & 0xff;
  for (let i = magnitude.length - 1; i >= 0; i--) {
    magnitude[i] = (magnitude[i]! + 1) & 0xff;
    if (magnitude[i] !== 0) break;
  }
  let first = 0;
  while (first < magnitude.length - 1 && magnitude[first] === 0) first++;
  return `-${hexOf(magnitude.subarray(first))}`;
}

function hexOf(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = PAIRS[bytes[i]!]!;
  return parts.join('');
}

/** A signed INTEGER's value as a bigint, in time linear in its length (one hex parse, no per-byte shifts). */
export function integerValue(der: Uint8Array, tlv: Tlv): bigint {
  const bytes = der.subarray(tlv.valueStart, tlv.end);
  if (bytes.length === 0) return 0n;
  const unsigned = BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`);
  return bytes[0]! & 0x80 ? unsigned - (1n << BigInt(8 * bytes.length)) : unsigned;
}
