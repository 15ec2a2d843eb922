import { malformed } from './tlv.js';
import { encodeLength } from './writer.js';

/**
 * BER to DER for the BER features real files use: indefinite lengths, lengths in a longer form than
 * needed, and constructed (segmented) OCTET STRINGs. Windows and some Java versions write PKCS#12 files this way. Primitive values
 * are copied unchanged and never looked into (an OCTET STRING that wraps more ASN.1, as PKCS#12 does,
 * is normalised by the caller separately, so a MAC over its exact bytes still verifies). SET OF
 * elements are not re-sorted. Returns `bytes` itself when it is already definite-length throughout.
 * Depth is capped at 64 so hostile nesting cannot overflow the stack.
 */
export function berToDer(bytes: Uint8Array): Uint8Array {
  if (!needsNormalising(bytes, 0, bytes.length, 0)) return bytes;
  const out: Uint8Array[] = [];
  const end = normalise(bytes, 0, bytes.length, 0, out);
  if (end !== bytes.length) malformed(end, 'data follows the end of the BER object');
  return Buffer.concat(out);
}

interface Header {
  readonly tagBytes: Uint8Array;
  readonly constructed: boolean;
  readonly universalTag: number | undefined;
  readonly valueStart: number;
  /** End of the value, or -1 for an indefinite length. */
  readonly valueEnd: number;
  /** Whether a definite length is in its shortest form (X.690 10.1). */
  readonly minimal: boolean;
}

function header(b: Uint8Array, pos: number, limit: number): Header {
  const start = pos;
  if (pos >= limit) malformed(pos, 'expected a tag, found the end of the data');
  const first = b[pos++]!;
  if ((first & 0x1f) === 0x1f) {
    // X.690 8.1.2.2 and 8.1.2.4.2 hold for BER too: refuse what readTlv would refuse after conversion.
    if (pos < limit && b[pos] === 0x80)
      malformed(start, 'tag number with a leading zero group (X.690 8.1.2.4.2)');
    let count = 0;
    let tag = 0;
    do {
      if (pos >= limit) malformed(pos, 'tag number runs past the end');
      if (++count > 4) malformed(start, 'tag number too large');
      tag = (tag << 7) | (b[pos]! & 0x7f);
    } while (b[pos++]! & 0x80);
    if (tag < 0x1f) malformed(start, `tag number ${tag} written in the long form (X.690 8.1.2.2)`);
  }
  const tagBytes = b.subarray(start, pos);
  if (pos >= limit) malformed(pos, 'missing length');
  let length = b[pos++]!;
  const constructed = (first & 0x20) !== 0;
  const universalTag = first >> 6 === 0 ? first & 0x1f : undefined;
  if (length === 0x80) {
    if (!constructed) malformed(pos - 1, 'indefinite length on a primitive value');
    return { tagBytes, constructed, universalTag, valueStart: pos, valueEnd: -1, minimal: true };
  }
  let minimal = true;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n > 4) malformed(pos - 1, 'length too large');
    if (pos + n > limit) malformed(pos, 'length runs past the end');
    minimal = b[pos] !== 0;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[pos++]!;
    if (length < 0x80) minimal = false;
  }
  if (pos + length > limit) malformed(start, `value of ${length} bytes runs past the end of its container`);
  return { tagBytes, constructed, universalTag, valueStart: pos, valueEnd: pos + length, minimal };
}

/** Segmented OCTET STRINGs are joined; segmented BIT STRINGs (never seen in key stores) stay as they are. */
const isString = (h: Header): boolean => h.universalTag === 4;

function needsNormalising(b: Uint8Array, pos: number, limit: number, depth: number): boolean {
  if (depth > 64) malformed(pos, 'nesting deeper than 64 levels');
  while (pos < limit) {
    const h = header(b, pos, limit);
    if (h.valueEnd < 0 || !h.minimal || (h.constructed && isString(h))) return true;
    if (h.constructed && needsNormalising(b, h.valueStart, h.valueEnd, depth + 1)) return true;
    pos = h.valueEnd;
  }
  return false;
}

const isEoc = (b: Uint8Array, pos: number, limit: number): boolean =>
  pos + 1 < limit && b[pos] === 0 && b[pos + 1] === 0;

/** Appends the DER of the value at `pos` to `out`; returns where the BER value ended. */
function normalise(b: Uint8Array, pos: number, limit: number, depth: number, out: Uint8Array[]): number {
  if (depth > 64) malformed(pos, 'nesting deeper than 64 levels');
  const h = header(b, pos, limit);
  if (!h.constructed) {
    if (h.minimal) out.push(b.subarray(pos, h.valueEnd));
    else {
      // One element per TLV: a segmented string's parts are read back one element at a time.
      const value = b.subarray(h.valueStart, h.valueEnd);
      out.push(Buffer.concat([h.tagBytes, encodeLength(value.length), value]));
    }
    return h.valueEnd;
  }
  const inner: Uint8Array[] = [];
  let p = h.valueStart;
  const innerLimit = h.valueEnd < 0 ? limit : h.valueEnd;
  for (;;) {
    if (h.valueEnd < 0) {
      if (isEoc(b, p, innerLimit)) {
        p += 2;
        break;
      }
      if (p >= innerLimit) malformed(p, 'indefinite length without an end-of-contents marker');
    } else if (p >= innerLimit) {
      break;
    }
    p = normalise(b, p, innerLimit, depth + 1, inner);
  }
  if (isString(h)) {
    // Segmented string: the DER form is one primitive string holding the segments' values.
    const values = inner.map((seg) => {
      const sh = header(seg, 0, seg.length);
      if (sh.constructed || sh.universalTag !== h.universalTag)
        malformed(pos, 'a string segment of another type');
      return seg.subarray(sh.valueStart, sh.valueEnd);
    });
    const value = Buffer.concat(values);
    out.push(Uint8Array.of(h.tagBytes[0]! & ~0x20), encodeLength(value.length), value);
    return p;
  }
  const total = inner.reduce((n, c) => n + c.length, 0);
  out.push(h.tagBytes, encodeLength(total), ...inner);
  return p;
}
