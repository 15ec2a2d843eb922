import * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { iterateDigest } from './iterated-hash.js';

const cryptoHash = (nodeCrypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;
/** One hash of `data`: `crypto.hash` where Node has it, else createHash. */
const oneShot = (alg: string, data: Buffer): Buffer =>
  cryptoHash === undefined ? createHash(alg).update(data).digest() : cryptoHash(alg, data, 'buffer');

/**
 * The password-based key derivation functions that Node's crypto does not offer directly. PBKDF2 and
 * scrypt come from Node (`pbkdf2Sync`, `scryptSync`); these three are the older ones OpenSSL still
 * writes for compatibility.
 */

/**
 * PBKDF1 (PKCS#5 v1.5, RFC 8018 section 5.1): `T = H^c(P || S)`, the first `length` bytes.
 * @see RFC 8018 section 5.1
 */
export function pbkdf1(
  hash: string,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Buffer {
  let t = createHash(hash).update(password).update(salt).digest();
  // SHA-1 (pbeWithSHA1AndDES-CBC) runs certkit's allocation-free loop; MD5 one Node hash per iteration.
  const fast = iterations > 1 ? iterateDigest(hash, t, iterations - 1) : undefined;
  if (fast !== undefined) return fast.subarray(0, length);
  for (let i = 1; i < iterations; i++) t = createHash(hash).update(t).digest();
  return t.subarray(0, length);
}

/**
 * OpenSSL's `EVP_BytesToKey` with one iteration, as used by legacy encrypted PEM (`DEK-Info`):
 * `D_i = H(D_{i-1} || P || S)`, concatenated until `length` bytes.
 */
export function evpBytesToKey(hash: string, password: Uint8Array, salt: Uint8Array, length: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  let prev: Buffer | undefined;
  while (total < length) {
    const h = createHash(hash);
    if (prev) h.update(prev);
    prev = h.update(password).update(salt).digest();
    parts.push(prev);
    total += prev.length;
  }
  return Buffer.concat(parts).subarray(0, length);
}

/** The PKCS#12 purposes of derived material. */
export const Pkcs12KeyId = { key: 1, iv: 2, mac: 3 } as const;

/**
 * The PKCS#12 key derivation function (RFC 7292 appendix B.2) with a hash of block size `v` bytes
 * (64 for SHA-1 and SHA-256). `password` is the BMPString form: UTF-16BE with two trailing zero bytes.
 * @see RFC 7292 appendix B.2
 */
export function pkcs12Kdf(
  hash: string,
  passwordBmp: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  length: number,
  v = 64,
): Buffer {
  const d = Buffer.alloc(v, id);
  const fill = (src: Uint8Array): Buffer => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const i = Buffer.concat([fill(salt), fill(passwordBmp)]);
  const out: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let a: Buffer = createHash(hash).update(d).update(i).digest();
    // The iterations hash a digest-sized value: iterateDigest runs SHA-1/SHA-256 without per-call
    // overhead; other hashes use one-shot crypto.hash (Node 20.12+), else createHash.
    const fast = iterations > 1 ? iterateDigest(hash, a, iterations - 1) : undefined;
    if (fast !== undefined) a = fast;
    else for (let r = 1; r < iterations; r++) a = oneShot(hash, a);
    out.push(a);
    produced += a.length;
    if (produced >= length) break;
    const b = Buffer.alloc(v);
    for (let k = 0; k < v; k++) b[k] = a[k % a.length]!;
    // I_j = (I_j + B + 1) mod 2^(8v), for each v-byte block of I.
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k]! + b[k]! + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * A password as the PKCS#12 BMPString (UTF-16BE plus a two-byte terminator), decoding the password
 * bytes as UTF-8 like OpenSSL 3 (`PKCS12_key_gen_utf8`); bytes that are not UTF-8 are taken one byte
 * per character, as OpenSSL does.
 */
export function passwordToBmp(password: Uint8Array): Buffer {
  let text: string;
  try {
    text = utf8Strict.decode(password);
  } catch {
    text = String.fromCharCode(...password);
  }
  const out = Buffer.alloc(text.length * 2 + 2);
  for (let k = 0; k < text.length; k++) out.writeUInt16BE(text.charCodeAt(k), k * 2);
  return out;
}
