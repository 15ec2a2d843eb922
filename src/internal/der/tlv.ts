import { DerError } from '../../errors/area-errors.js';

/**
 * certkit reads DER with this small, allocation-light reader instead of asn1js: the benchmark in
 * `bench/parse-certificates.ts` shows a lazy view over offsets is what lets certificate parsing beat
 * Node's native `X509Certificate` (asn1js builds a full object tree for every byte, ~10x slower).
 */

/** ASN.1 tag classes. */
export const TagClass = { universal: 0, application: 1, context: 2, private: 3 } as const;

/** One decoded tag-length-value header: offsets into the buffer it was read from. */
export interface Tlv {
  /** Tag class (0 universal, 1 application, 2 context-specific, 3 private). */
  readonly cls: number;
  /** Whether the value holds nested TLVs. */
  readonly constructed: boolean;
  /** Tag number within its class. */
  readonly tag: number;
  /** Offset of the first header byte. */
  readonly start: number;
  /** Offset of the first value byte. */
  readonly valueStart: number;
  /** Offset just past the last value byte. */
  readonly end: number;
}

/** Throws the one error this layer raises. */
export function malformed(offset: number, reason: string): never {
  throw new DerError('ERR_DER_MALFORMED', `Malformed DER at offset ${offset}: ${reason}.`, {
    details: { offset, reason },
  });
}

/**
 * Reads the TLV header at `offset`; the value must end at or before `limit`.
 * DER only (X.690 section 10.1): definite lengths in their shortest form; tag numbers from 31 up in the
 * high-tag form without a leading zero group (X.690 8.1.2). BER input goes through `berToDer` first.
 */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length): Tlv {
  if (offset >= limit) malformed(offset, 'expected a tag, found the end of the data');
  const first = bytes[offset]!;
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  let pos = offset + 1;
  if (tag === 0x1f) {
    tag = 0;
    let b: number;
    let count = 0;
    if (pos < limit && bytes[pos] === 0x80)
      malformed(offset, 'tag number with a leading zero group (X.690 8.1.2.4.2)');
    do {
      if (pos >= limit) malformed(pos, 'tag number runs past the end');
      b = bytes[pos++]!;
      if (++count > 4) malformed(offset, 'tag number too large');
      tag = (tag << 7) | (b & 0x7f);
    } while (b & 0x80);
    if (tag < 0x1f) malformed(offset, `tag number ${tag} written in the long form (X.690 8.1.2.2)`);
  }
  if (cls === 0) {
    if (first === 0) malformed(offset, 'universal tag 0 is reserved for end-of-contents (X.690 8.1.5)');
    // X.680 8.6 Table 1: no type has UNIVERSAL 15 or 37 and above.
    if (tag === 15 || tag >= 37) malformed(offset, `universal tag ${tag} is reserved (X.680 8.6)`);
    // SEQUENCE, SET (and EXTERNAL, EMBEDDED PDV, CHARACTER STRING) are constructed; every other
    // universal type is primitive in DER, strings included (X.690 8.9.1, 8.11.1, 10.2).
    const mustBeConstructed = tag === 16 || tag === 17 || tag === 8 || tag === 11 || tag === 29;
    if (constructed !== mustBeConstructed) {
      malformed(
        offset,
        `universal tag ${tag} in the ${constructed ? 'constructed' : 'primitive'} form (X.690 8.9.1, 8.11.1, 10.2)`,
      );
    }
  }
  if (pos >= limit) malformed(pos, 'missing length');
  let length = bytes[pos++]!;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0) malformed(pos - 1, 'indefinite length is not allowed in DER (X.690 10.1)');
    if (n > 4) malformed(pos - 1, 'length too large');
    if (pos + n > limit) malformed(pos, 'length runs past the end');
    if (bytes[pos] === 0) malformed(pos - 1, 'length with a leading zero byte is not minimal (X.690 10.1)');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[pos++]!;
    if (length < 0x80)
      malformed(pos - n - 1, `length ${length} in the long form is not minimal (X.690 10.1)`);
  }
  const end = pos + length;
  if (end > limit) malformed(offset, `value of ${length} bytes runs past the end of its container`);
  if (first === 0x05 && length !== 0) malformed(offset, 'NULL with contents (X.690 8.8.2)');
  return { cls, constructed, tag, start: offset, valueStart: pos, end };
}

/** Reads the single TLV that must fill `bytes` exactly. */
export function readRoot(bytes: Uint8Array): Tlv {
  const tlv = readTlv(bytes, 0, bytes.length);
  if (tlv.end !== bytes.length) {
    throw new DerError(
      'ERR_DER_TRAILING_DATA',
      `${bytes.length - tlv.end} bytes follow the end of the DER object.`,
      {
        details: { offset: tlv.end, trailingBytes: bytes.length - tlv.end },
      },
    );
  }
  return tlv;
}

/** The TLVs directly inside a constructed `parent`. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.valueStart;
  while (pos < parent.end) {
    const child = readTlv(bytes, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Whether `tlv` is a universal tag with the given number. */
export function isUniversal(tlv: Tlv, tag: number): boolean {
  return tlv.cls === 0 && tlv.tag === tag;
}

/** Whether `tlv` is a context-specific tag `[n]`. */
export function isContext(tlv: Tlv, tag: number): boolean {
  return tlv.cls === 2 && tlv.tag === tag;
}

/** Throws unless `tlv` is the universal `tag`; `what` names the field for the message. */
export function expectUniversal(tlv: Tlv, tag: number, what: string): Tlv {
  if (tlv.cls !== 0 || tlv.tag !== tag)
    malformed(tlv.start, `${what}: expected ${UNIVERSAL_NAMES[tag] ?? `tag ${tag}`}`);
  return tlv;
}

/** Throws unless `tlv` is a SEQUENCE. */
export function expectSequence(tlv: Tlv | undefined, what: string, at = 0): Tlv {
  if (tlv === undefined) malformed(at, `${what}: missing`);
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.sequence || !tlv.constructed) {
    malformed(tlv.start, `${what}: expected a SEQUENCE`);
  }
  return tlv;
}

/** Universal tag numbers used by certificates, keys, CSRs and CRLs. */
export const UniversalTag = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  enumerated: 10,
  utf8String: 12,
  sequence: 16,
  set: 17,
  numericString: 18,
  printableString: 19,
  teletexString: 20,
  ia5String: 22,
  utcTime: 23,
  generalizedTime: 24,
  visibleString: 26,
  universalString: 28,
  bmpString: 30,
} as const;

const UNIVERSAL_NAMES: Record<number, string> = {
  1: 'BOOLEAN',
  2: 'INTEGER',
  3: 'BIT STRING',
  4: 'OCTET STRING',
  5: 'NULL',
  6: 'OBJECT IDENTIFIER',
  10: 'ENUMERATED',
  16: 'SEQUENCE',
  17: 'SET',
  23: 'UTCTime',
  24: 'GeneralizedTime',
};
