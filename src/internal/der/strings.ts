import { malformed, type Tlv, UniversalTag } from './tlv.js';

/**
 * ASN.1 character string types: decoding that never loses bytes, and the character-set checks of
 * X.680 section 41. A value whose bytes are not a valid encoding of its type (invalid UTF-8, an
 * odd-length BMPString, a surrogate, a UniversalString beyond U+10FFFF) has no text: it decodes to
 * `undefined`. A value that decodes but holds characters its type does not allow (PrintableString
 * `*`, IA5String `é`) is a character-set violation, which callers record rather than refuse because
 * real certificates carry them and OpenSSL reads them.
 */

const NUMERIC = 1;
const PRINTABLE = 2;
const IA5 = 4;
const VISIBLE = 8;

/** Per byte: which of the 7-bit string types allow it (X.680 41.2 Table 8, 41.4 Table 10, 41.1). */
const CHARSET = new Uint8Array(256);
for (let b = 0; b < 0x80; b++) {
  let m = IA5;
  if (b >= 0x20 && b < 0x7f) m |= VISIBLE;
  const c = String.fromCharCode(b);
  if (/[A-Za-z0-9 '()+,\-./:=?]/.test(c)) m |= PRINTABLE;
  if (/[0-9 ]/.test(c)) m |= NUMERIC;
  CHARSET[b] = m;
}

/** The charset flag of a universal string tag, or 0 for types without a 7-bit character set. */
function charsetOf(tag: number): number {
  switch (tag) {
    case UniversalTag.numericString:
      return NUMERIC;
    case UniversalTag.printableString:
      return PRINTABLE;
    case UniversalTag.ia5String:
      return IA5;
    case UniversalTag.visibleString:
      return VISIBLE;
    default:
      return 0;
  }
}

/** Names of the string types, for messages. */
export const STRING_TYPE_NAMES: Readonly<Record<number, string>> = {
  12: 'UTF8String',
  18: 'NumericString',
  19: 'PrintableString',
  20: 'TeletexString',
  21: 'VideotexString',
  22: 'IA5String',
  25: 'GraphicString',
  26: 'VisibleString',
  27: 'GeneralString',
  28: 'UniversalString',
  30: 'BMPString',
};

/**
 * The offset of the first byte outside the character set of the TLV's string type (PrintableString,
 * IA5String, NumericString, VisibleString), or -1 when every byte is allowed or the type has no
 * 7-bit set. `tag` overrides the TLV's own tag (for implicitly tagged IA5Strings in GeneralNames).
 */
export function charsetViolation(bytes: Uint8Array, tlv: Tlv, tag: number = tlv.tag): number {
  const mask = charsetOf(tag);
  if (mask === 0) return -1;
  for (let i = tlv.valueStart; i < tlv.end; i++) if ((CHARSET[bytes[i]!]! & mask) === 0) return i;
  return -1;
}

// ignoreBOM keeps a leading U+FEFF as a character: the default would drop it and decode two
// different byte strings to the same text.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const CHUNK = 8192;

/**
 * One character per code unit, as one flat string. (Appending a character at a time builds a rope of
 * small strings that a kept value drags along: a 40-character name value then costs a kilobyte.)
 */
export function codeUnitsToString(units: Uint8Array | Uint16Array): string {
  if (units.length <= CHUNK) return String.fromCharCode.apply(null, units as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, units.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}

/** Whether every byte of `v` is below 0x80. */
export function isAsciiBytes(v: Uint8Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i]! >= 0x80) return false;
  return true;
}

/** UTF-8 (RFC 3629): ASCII without TextDecoder, the rest with a fatal decoder; undefined when invalid. */
export function decodeUtf8(v: Uint8Array): string | undefined {
  if (isAsciiBytes(v)) return codeUnitsToString(v);
  try {
    return utf8.decode(v);
  } catch {
    return undefined;
  }
}

function decodeBmp(v: Uint8Array): string | undefined {
  if (v.length % 2 !== 0) return undefined;
  const units = new Uint16Array(v.length / 2);
  for (let i = 0; i < units.length; i++) {
    const unit = (v[2 * i]! << 8) | v[2 * i + 1]!;
    if (unit >= 0xd800 && unit <= 0xdfff) return undefined; // UCS-2: surrogates are not characters
    units[i] = unit;
  }
  return codeUnitsToString(units);
}

function decodeUniversal(v: Uint8Array): string | undefined {
  if (v.length % 4 !== 0) return undefined;
  const units: number[] = [];
  for (let i = 0; i < v.length; i += 4) {
    const cp = ((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
  }
  return codeUnitsToString(Uint16Array.from(units));
}

/** One byte, one character (ISO 8859-1): lossless for the 7-bit types and TeletexString. */
function decodeBytes(v: Uint8Array): string {
  return codeUnitsToString(v);
}

/**
 * Decodes a primitive string TLV of any universal string type. Returns undefined when the bytes are
 * not a valid encoding of the type: UTF8String that is not UTF-8 (RFC 3629), BMPString of odd length
 * or with a surrogate, UniversalString not in whole code points. Never replaces bytes with U+FFFD, so
 * two different encodings never decode to the same text within one type. The 7-bit types, TeletexString
 * and the rarely used Videotex/Graphic/GeneralString are read byte per character.
 */
export function decodeString(bytes: Uint8Array, tlv: Tlv): string | undefined {
  const v = bytes.subarray(tlv.valueStart, tlv.end);
  if (tlv.cls !== 0) return decodeUtf8(v);
  switch (tlv.tag) {
    case UniversalTag.utf8String:
      return decodeUtf8(v);
    case UniversalTag.bmpString:
      return decodeBmp(v);
    case UniversalTag.universalString:
      return decodeUniversal(v);
    default:
      return decodeBytes(v);
  }
}

/** Why a string of universal `tag` has no valid decoding, for messages. */
export function invalidStringReason(tag: number, constructed = false): string {
  if (constructed) return 'a constructed string, which DER forbids (X.690 10.2)';
  switch (tag) {
    case UniversalTag.bmpString:
      return 'BMPString of odd length or with a surrogate code unit (X.680 41.16)';
    case UniversalTag.universalString:
      return 'UniversalString that is not a sequence of Unicode code points (X.680 41.16)';
    default:
      return 'UTF8String that is not valid UTF-8 (RFC 3629, X.680 41.16)';
  }
}

/**
 * Decodes a string TLV (see {@link decodeString}); throws `ERR_DER_MALFORMED` when its bytes are not
 * a valid encoding of its type. Character-set violations are not checked here ({@link charsetViolation}).
 */
export function readString(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.constructed) malformed(tlv.start, invalidStringReason(tlv.tag, true));
  const s = decodeString(bytes, tlv);
  if (s === undefined) malformed(tlv.start, invalidStringReason(tlv.tag));
  return s;
}
