import { malformed, type Tlv, UniversalTag } from './tlv.js';

const oidCache = new Map<string, string>();

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
  let key = '';
  for (let i = valueStart; i < end; i++) key += String.fromCharCode(bytes[i]!);
  const cached = oidCache.get(key);
  if (cached !== undefined) return cached;
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
  if (oidCache.size < 4096) oidCache.set(key, dotted);
  return dotted;
}

/** The content bytes of an INTEGER without its sign padding byte, as lower-case hex ("00" for zero). */
export function readIntegerHex(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.integer) malformed(tlv.start, 'expected an INTEGER');
  let start = tlv.valueStart;
  if (start === tlv.end) malformed(tlv.start, 'empty INTEGER');
  while (start < tlv.end - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, tlv.end - start).toString('hex');
}

/** Whether an INTEGER is negative (top bit of its first content byte set). */
export function isNegativeInteger(bytes: Uint8Array, tlv: Tlv): boolean {
  return tlv.end > tlv.valueStart && (bytes[tlv.valueStart]! & 0x80) !== 0;
}

/** Decodes a small INTEGER or ENUMERATED (up to 2^53) as a number. */
export function readSmallInteger(bytes: Uint8Array, tlv: Tlv): number {
  if (tlv.cls !== 0 || (tlv.tag !== UniversalTag.integer && tlv.tag !== UniversalTag.enumerated)) {
    malformed(tlv.start, 'expected an INTEGER');
  }
  const len = tlv.end - tlv.valueStart;
  if (len === 0) malformed(tlv.start, 'empty INTEGER');
  if (len > 6) malformed(tlv.start, 'INTEGER too large for this field');
  let value = 0;
  for (let i = tlv.valueStart; i < tlv.end; i++) value = value * 256 + bytes[i]!;
  if (bytes[tlv.valueStart]! & 0x80) value -= 256 ** len;
  return value;
}

/** Decodes a BOOLEAN. */
export function readBoolean(bytes: Uint8Array, tlv: Tlv): boolean {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.boolean || tlv.end - tlv.valueStart !== 1) {
    malformed(tlv.start, 'expected a one-byte BOOLEAN');
  }
  return bytes[tlv.valueStart] !== 0;
}

/** A BIT STRING's unused-bit count and its content bytes (a view, not a copy). */
export function readBitString(bytes: Uint8Array, tlv: Tlv): { unusedBits: number; bytes: Uint8Array } {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.bitString) malformed(tlv.start, 'expected a BIT STRING');
  if (tlv.end === tlv.valueStart) malformed(tlv.start, 'empty BIT STRING');
  const unusedBits = bytes[tlv.valueStart]!;
  if (unusedBits > 7) malformed(tlv.valueStart, 'BIT STRING with more than 7 unused bits');
  return { unusedBits, bytes: bytes.subarray(tlv.valueStart + 1, tlv.end) };
}

/** The content bytes of any TLV (a view, not a copy). */
export function valueBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.valueStart, tlv.end);
}

/** The whole encoding (header and value) of a TLV (a view, not a copy). */
export function tlvBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

function digits(bytes: Uint8Array, at: number, count: number, tlv: Tlv): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const c = bytes[at + i]! - 48;
    if (c < 0 || c > 9) malformed(tlv.start, 'time contains a non-digit');
    v = v * 10 + c;
  }
  return v;
}

/**
 * Decodes UTCTime (years 1950-2049, RFC 5280 4.1.2.5.1) or GeneralizedTime. DER requires seconds and
 * `Z`; fractional seconds and missing seconds are accepted for reading old objects.
 */
export function readTime(bytes: Uint8Array, tlv: Tlv): Date {
  const isUtc = tlv.cls === 0 && tlv.tag === UniversalTag.utcTime;
  const isGen = tlv.cls === 0 && tlv.tag === UniversalTag.generalizedTime;
  if (!isUtc && !isGen) malformed(tlv.start, 'expected UTCTime or GeneralizedTime');
  let p = tlv.valueStart;
  const end = tlv.end;
  const yearDigits = isUtc ? 2 : 4;
  if (end - p < yearDigits + 8 + 1) malformed(tlv.start, 'time too short');
  let year = digits(bytes, p, yearDigits, tlv);
  p += yearDigits;
  if (isUtc) year += year < 50 ? 2000 : 1900;
  const month = digits(bytes, p, 2, tlv);
  const day = digits(bytes, p + 2, 2, tlv);
  const hour = digits(bytes, p + 4, 2, tlv);
  const minute = digits(bytes, p + 6, 2, tlv);
  p += 8;
  let second = 0;
  if (p + 2 <= end && bytes[p]! >= 48 && bytes[p]! <= 57) {
    second = digits(bytes, p, 2, tlv);
    p += 2;
  }
  let ms = 0;
  if (p < end && bytes[p] === 0x2e) {
    p++;
    let scale = 100;
    while (p < end && bytes[p]! >= 48 && bytes[p]! <= 57) {
      ms += (bytes[p]! - 48) * scale;
      scale /= 10;
      p++;
    }
    ms = Math.floor(ms);
  }
  if (p !== end - 1 || bytes[p] !== 0x5a) malformed(tlv.start, 'time must end in Z (UTC)');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    malformed(tlv.start, 'time field out of range');
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes any ASN.1 string type used in names (UTF8, Printable, IA5, Teletex, BMP, Universal, …). */
export function readString(bytes: Uint8Array, tlv: Tlv): string {
  const v = bytes.subarray(tlv.valueStart, tlv.end);
  if (tlv.cls !== 0) return utf8.decode(v);
  switch (tlv.tag) {
    case UniversalTag.utf8String:
      return utf8.decode(v);
    case UniversalTag.bmpString: {
      let s = '';
      for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
      return s;
    }
    case UniversalTag.universalString: {
      let s = '';
      for (let i = 0; i + 3 < v.length; i += 4) {
        s += String.fromCodePoint(((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0);
      }
      return s;
    }
    case UniversalTag.teletexString:
      return latin1.decode(v);
    default: {
      // Printable, IA5, Visible, Numeric: ASCII subsets. Fast path without TextDecoder.
      let s = '';
      for (let i = 0; i < v.length; i++) s += String.fromCharCode(v[i]!);
      return s;
    }
  }
}
