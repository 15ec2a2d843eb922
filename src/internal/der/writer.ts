/** Minimal DER encoder for the few structures certkit writes itself (OCSP requests, PKCS#12, keys). */

/** Encodes a definite DER length. */
export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n & 0xff);
  return Uint8Array.of(0x80 | out.length, ...out);
}

/** Encodes one TLV from its full identifier byte (class | constructed | tag number < 31) and content. */
export function encodeTlv(identifier: number, ...content: Uint8Array[]): Uint8Array {
  const total = content.reduce((n, c) => n + c.length, 0);
  const len = encodeLength(total);
  const out = new Uint8Array(1 + len.length + total);
  out[0] = identifier;
  out.set(len, 1);
  let pos = 1 + len.length;
  for (const c of content) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

/** SEQUENCE of already-encoded elements. */
export const derSequence = (...items: Uint8Array[]): Uint8Array => encodeTlv(0x30, ...items);
/** SET of already-encoded elements (callers sort them when DER requires it). */
export const derSet = (...items: Uint8Array[]): Uint8Array => encodeTlv(0x31, ...items);
/** OCTET STRING. */
export const derOctetString = (bytes: Uint8Array): Uint8Array => encodeTlv(0x04, bytes);
/** NULL. */
export const derNull = (): Uint8Array => Uint8Array.of(0x05, 0x00);
/** BOOLEAN. */
export const derBoolean = (value: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, value ? 0xff : 0x00);
/** BIT STRING with no unused bits. */
export const derBitString = (bytes: Uint8Array): Uint8Array => encodeTlv(0x03, Uint8Array.of(0), bytes);
/** UTF8String. */
export const derUtf8String = (text: string): Uint8Array => encodeTlv(0x0c, new TextEncoder().encode(text));
/** BMPString (UTF-16BE), as PKCS#12 friendlyName uses. */
export function derBmpString(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) >> 8;
    out[2 * i + 1] = text.charCodeAt(i) & 0xff;
  }
  return encodeTlv(0x1e, out);
}
/** Context-specific explicit tag `[n]` around encoded content. */
export const derExplicit = (n: number, ...content: Uint8Array[]): Uint8Array =>
  encodeTlv(0xa0 | n, ...content);

/** INTEGER from a non-negative number or big-endian unsigned bytes (adds the sign byte when needed). */
export function derInteger(value: number | bigint | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) {
    let i = 0;
    while (i < value.length - 1 && value[i] === 0) i++;
    bytes = value.subarray(i);
  } else {
    let n = BigInt(value);
    if (n < 0n) throw new RangeError('derInteger encodes non-negative values only');
    const out: number[] = [];
    do {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    bytes = Uint8Array.from(out);
  }
  if (bytes.length === 0) bytes = Uint8Array.of(0);
  if (bytes[0]! & 0x80) bytes = Uint8Array.of(0, ...bytes);
  return encodeTlv(0x02, bytes);
}

/** OBJECT IDENTIFIER from dotted form. */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new RangeError(`not an OID: ${dotted}`);
  const values = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const v of values) {
    const chunk: number[] = [Number(v & 0x7fn)];
    for (let n = v >> 7n; n > 0n; n >>= 7n) chunk.unshift(Number((n & 0x7fn) | 0x80n));
    out.push(...chunk);
  }
  return encodeTlv(0x06, Uint8Array.from(out));
}
