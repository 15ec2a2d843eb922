import { malformed, type Tlv, UniversalTag } from './tlv.js';

/** Decoded OIDs by a hash of their content octets (no key string to build); the bytes confirm a hit. */
const oidCache = new Map<number, { readonly bytes: Uint8Array; readonly dotted: string }>();

/**
 * The longest OBJECT IDENTIFIER read, in content octets. No standard bounds an OID; real ones stay
 * under 40 octets (pyca/cryptography's parser stops at 63), and the bound keeps a hostile OID from
 * costing time in every place that prints or compares it.
 */
export const MAX_OID_OCTETS = 128;

/** Decodes an OBJECT IDENTIFIER value to dotted form (cached: certificates repeat the same few OIDs). */
export function readOid(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.oid) malformed(tlv.start, 'expected an OBJECT IDENTIFIER');
  const { valueStart, end } = tlv;
  if (valueStart === end) malformed(tlv.start, 'empty OBJECT IDENTIFIER');
  if (end - valueStart > MAX_OID_OCTETS)
    malformed(
      tlv.start,
      `OBJECT IDENTIFIER of ${end - valueStart} octets (certkit reads at most ${MAX_OID_OCTETS})`,
    );
  let key = 0x811c9dc5; // FNV-1a
  for (let i = valueStart; i < end; i++) key = Math.imul(key ^ bytes[i]!, 0x01000193);
  const cached = oidCache.get(key);
  if (cached !== undefined && sameBytes(cached.bytes, bytes, valueStart, end)) return cached.dotted;
  const parts: number[] = [];
  let value = 0;
  let started = false;
  for (let i = valueStart; i < end; i++) {
    const b = bytes[i]!;
    if (!started && b === 0x80) malformed(i, 'OBJECT IDENTIFIER arc with a leading 0x80 byte');
    started = true;
    if (value > 0x1fffffffffff) malformed(i, 'OBJECT IDENTIFIER arc too large');
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
      started = false;
    }
  }
  if (started) malformed(end - 1, 'OBJECT IDENTIFIER ends in the middle of an arc');
  const first = parts[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  const dotted = [...head, ...parts.slice(1)].join('.');
  if (cached === undefined && oidCache.size < 4096) {
    oidCache.set(key, { bytes: bytes.slice(valueStart, end), dotted });
  }
  return dotted;
}

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}

/**
 * Throws unless the INTEGER (or ENUMERATED) content at `tlv` is non-empty and minimal: X.690 8.3.1
 * and 8.3.2 (BER and DER alike) forbid an empty value and a first byte that only repeats the sign of
 * the next one (`00 7F`, `FF 80`). OpenSSL refuses both ("illegal padding").
 */
export function checkInteger(bytes: Uint8Array, tlv: Tlv): void {
  const start = tlv.valueStart;
  const len = tlv.end - start;
  if (len === 0) malformed(tlv.start, 'empty INTEGER (X.690 8.3.1)');
  if (len > 1) {
    const a = bytes[start]!;
    const signOfNext = bytes[start + 1]! & 0x80;
    if ((a === 0 && signOfNext === 0) || (a === 0xff && signOfNext !== 0)) {
      malformed(tlv.start, 'INTEGER with a redundant leading byte (X.690 8.3.2)');
    }
  }
}

/** The content bytes of an INTEGER without its sign padding byte, as lower-case hex ("00" for zero). */
export function readIntegerHex(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.integer) malformed(tlv.start, 'expected an INTEGER');
  checkInteger(bytes, tlv);
  let start = tlv.valueStart;
  if (start < tlv.end - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, tlv.end - start).toString('hex');
}

/** Whether an INTEGER is negative (top bit of its first content byte set). */
export function isNegativeInteger(bytes: Uint8Array, tlv: Tlv): boolean {
  return tlv.end > tlv.valueStart && (bytes[tlv.valueStart]! & 0x80) !== 0;
}

/** Decodes a small INTEGER or ENUMERATED (up to 2^47, six bytes) as a number. */
export function readSmallInteger(bytes: Uint8Array, tlv: Tlv): number {
  if (tlv.cls !== 0 || (tlv.tag !== UniversalTag.integer && tlv.tag !== UniversalTag.enumerated)) {
    malformed(tlv.start, 'expected an INTEGER');
  }
  checkInteger(bytes, tlv);
  const len = tlv.end - tlv.valueStart;
  if (len > 6) malformed(tlv.start, 'INTEGER too large for this field');
  let value = 0;
  for (let i = tlv.valueStart; i < tlv.end; i++) value = value * 256 + bytes[i]!;
  if (bytes[tlv.valueStart]! & 0x80) value -= 256 ** len;
  return value;
}

/** Decodes a small INTEGER (an ENUMERATED is refused) as a number. */
export function readInteger(bytes: Uint8Array, tlv: Tlv): number {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.integer) malformed(tlv.start, 'expected an INTEGER');
  return readSmallInteger(bytes, tlv);
}

/**
 * Decodes a BOOLEAN: one content byte (X.690 8.2.1), any non-zero value TRUE as BER reads it. DER
 * allows only 0xFF for TRUE (X.690 11.1); {@link isDerBoolean} tells whether the encoding is DER.
 */
export function readBoolean(bytes: Uint8Array, tlv: Tlv): boolean {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.boolean || tlv.end - tlv.valueStart !== 1) {
    malformed(tlv.start, 'expected a one-byte BOOLEAN');
  }
  return bytes[tlv.valueStart] !== 0;
}

/** Whether a one-byte BOOLEAN is 0x00 or 0xFF, the only values DER allows (X.690 11.1). */
export function isDerBoolean(bytes: Uint8Array, tlv: Tlv): boolean {
  const b = bytes[tlv.valueStart];
  return b === 0 || b === 0xff;
}

/**
 * A BIT STRING's unused-bit count and its content bytes (a view, not a copy). X.690 8.6.2: the
 * initial byte is 0-7, and 0 when there are no content bytes.
 */
export function readBitString(bytes: Uint8Array, tlv: Tlv): { unusedBits: number; bytes: Uint8Array } {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.bitString) malformed(tlv.start, 'expected a BIT STRING');
  if (tlv.constructed) malformed(tlv.start, 'constructed BIT STRING (X.690 10.2)');
  if (tlv.end === tlv.valueStart) malformed(tlv.start, 'empty BIT STRING');
  const unusedBits = bytes[tlv.valueStart]!;
  if (unusedBits > 7) malformed(tlv.valueStart, 'BIT STRING with more than 7 unused bits');
  if (unusedBits !== 0 && tlv.end === tlv.valueStart + 1) {
    malformed(tlv.valueStart, 'BIT STRING with unused bits but no content (X.690 8.6.2.3)');
  }
  return { unusedBits, bytes: bytes.subarray(tlv.valueStart + 1, tlv.end) };
}

/**
 * Whether a BIT STRING holding a named bit list (keyUsage, ReasonFlags) is in its DER form: the
 * unused bits are zero (X.690 11.2.1) and trailing zero bits are removed, so the last byte's lowest
 * used bit is 1 and an empty list is the lone byte 00 (X.690 11.2.2).
 */
export function isDerNamedBitList(bits: { unusedBits: number; bytes: Uint8Array }): boolean {
  const n = bits.bytes.length;
  if (n === 0) return bits.unusedBits === 0;
  const last = bits.bytes[n - 1]!;
  return last !== 0 && (last & ((1 << bits.unusedBits) - 1)) === 0 && ((last >> bits.unusedBits) & 1) === 1;
}

/** The content bytes of any TLV (a view, not a copy). */
export function valueBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.valueStart, tlv.end);
}

/** The whole encoding (header and value) of a TLV (a view, not a copy). */
export function tlvBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}
