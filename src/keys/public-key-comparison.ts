import { toHex } from '../internal/der/hex.js';
import type { PublicKey } from './public-key.js';

/**
 * Compares the key material of two public keys: RSA modulus and exponent (RSA and RSA-PSS keys with
 * the same numbers are the same key), EC curve and point (a compressed point equals the uncompressed
 * point with the same X and the same parity of Y), Ed25519/Ed448 raw public key. Returns `undefined`
 * when they are the same key, otherwise the reason they differ. No signing is involved.
 */
export function publicKeyDifference(a: PublicKey, b: PublicKey): string | undefined {
  // The fast path: identical SubjectPublicKeyInfo bytes.
  if (a.spki.length === b.spki.length && Buffer.compare(a.spki, b.spki) === 0) return undefined;
  const rsaA = a.algorithm === 'rsa' || a.algorithm === 'rsa-pss';
  const rsaB = b.algorithm === 'rsa' || b.algorithm === 'rsa-pss';
  if (rsaA || rsaB) {
    if (!(rsaA && rsaB)) return `different algorithms: ${a.toString()} and ${b.toString()}`;
    const x = a.rsa!;
    const y = b.rsa!;
    if (x.modulus !== y.modulus) return 'different RSA modulus';
    if (x.exponent !== y.exponent) return 'different RSA public exponent';
    return undefined;
  }
  if (a.algorithm !== b.algorithm) return `different algorithms: ${a.toString()} and ${b.toString()}`;
  if (a.algorithm === 'ec') {
    if (a.curveOid !== b.curveOid) return `different curves: ${a.curve} and ${b.curve}`;
    return sameEcPoint(a.keyBytes, b.keyBytes) ? undefined : 'different EC public point';
  }
  if (a.algorithmOid !== b.algorithmOid) return 'different algorithms';
  return Buffer.compare(a.keyBytes, b.keyBytes) === 0
    ? undefined
    : `different ${a.algorithm === 'unknown' ? '' : `${a.toString()} `}public key`;
}

/**
 * Whether two SEC1-encoded points of one curve are the same point, whatever their form
 * (uncompressed 04, compressed 02/03, hybrid 06/07).
 * @see SEC 1 v2 section 2.3.3
 */
export function sameEcPoint(p: Uint8Array, q: Uint8Array): boolean {
  const a = pointParts(p);
  const b = pointParts(q);
  if (a === undefined || b === undefined || a.x.length !== b.x.length) return false;
  if (Buffer.compare(a.x, b.x) !== 0) return false;
  if (a.y !== undefined && b.y !== undefined) return Buffer.compare(a.y, b.y) === 0;
  return a.odd === b.odd;
}

function pointParts(p: Uint8Array): { x: Uint8Array; y: Uint8Array | undefined; odd: boolean } | undefined {
  const kind = p[0];
  if ((kind === 0x02 || kind === 0x03) && p.length > 1) {
    return { x: p.subarray(1), y: undefined, odd: kind === 0x03 };
  }
  if ((kind === 0x04 || kind === 0x06 || kind === 0x07) && p.length > 1 && (p.length - 1) % 2 === 0) {
    const size = (p.length - 1) / 2;
    const y = p.subarray(1 + size);
    return { x: p.subarray(1, 1 + size), y, odd: (y[y.length - 1]! & 1) === 1 };
  }
  return undefined;
}

/**
 * A string that is the same for any two keys {@link publicKeyDifference} calls the same key (RSA
 * modulus, EC curve with the compressed point, raw key bytes otherwise), for indexing keys in a map;
 * keys in one bucket still need comparing (only invalid EC points, or RSA keys differing in the
 * exponent alone, share one). A key whose material cannot be read gets its SPKI bytes.
 */
export function publicKeyBucket(k: PublicKey): string {
  try {
    if (k.algorithm === 'rsa' || k.algorithm === 'rsa-pss') return `rsa:${k.rsa!.modulus}`;
    if (k.algorithm === 'ec') {
      const point = pointParts(k.keyBytes);
      if (point === undefined) return `ec:${k.curveOid}:${toHex(k.keyBytes)}`;
      return `ec:${k.curveOid}:${point.odd ? 3 : 2}:${toHex(point.x)}`;
    }
    return `${k.algorithmOid}:${toHex(k.keyBytes)}`;
  } catch {
    return `spki:${toHex(k.spki)}`;
  }
}
