import { expectSequence, readRoot, type Tlv } from '../internal/der/tlv.js';

/** Reads the single SEQUENCE that must fill `der` exactly. Throws DER errors. */
export function readRootSequence(der: Uint8Array, what: string): Tlv {
  return expectSequence(readRoot(der), what);
}

const HEX = '0123456789ABCDEF';

/**
 * An INTEGER as upper-case hex the way OpenSSL prints serial numbers: no sign padding byte, an even
 * number of digits, and `-` followed by the magnitude for negative values.
 */
export function serialHex(der: Uint8Array, tlv: Tlv): string {
  let start = tlv.valueStart;
  const end = tlv.end;
  if (start === end) throw new RangeError('empty INTEGER');
  const negative = (der[start]! & 0x80) !== 0;
  if (negative) {
    let v = 0n;
    for (let i = start; i < end; i++) v = (v << 8n) | BigInt(der[i]!);
    v = (1n << BigInt(8 * (end - start))) - v;
    let h = v.toString(16).toUpperCase();
    if (h.length % 2) h = `0${h}`;
    return `-${h}`;
  }
  while (start < end - 1 && der[start] === 0) start++;
  let out = '';
  for (let i = start; i < end; i++) {
    const b = der[i]!;
    out += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}
