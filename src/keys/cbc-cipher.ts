import { createDecipheriv } from 'node:crypto';
import { keyMalformed } from './key-errors.js';
import { rc2CbcDecrypt } from './rc2-cipher.js';

/** A CBC block cipher certkit can decrypt keys with, and how to run it on Node's OpenSSL. */
export interface CbcCipher {
  /** Name in scheme strings: `aes-256-cbc`, `des-ede3-cbc`, `des-cbc`, … */
  readonly name: string;
  /** Key length in bytes as the encryption scheme defines it. */
  readonly keyLength: number;
  /** IV length (= block size) in bytes. */
  readonly ivLength: number;
}

/** The ciphers supported for encrypted keys, by scheme name. */
export const CBC_CIPHERS: Readonly<Record<string, CbcCipher>> = {
  'aes-128-cbc': { name: 'aes-128-cbc', keyLength: 16, ivLength: 16 },
  'aes-192-cbc': { name: 'aes-192-cbc', keyLength: 24, ivLength: 16 },
  'aes-256-cbc': { name: 'aes-256-cbc', keyLength: 32, ivLength: 16 },
  'des-ede3-cbc': { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
  // Two-key triple DES (PKCS#12 PBE): K1 K2 K1.
  'des-ede-cbc': { name: 'des-ede-cbc', keyLength: 16, ivLength: 8 },
  // Single DES is only in OpenSSL 3's legacy provider, which Node does not load; triple DES with
  // K1 = K2 = K3 is single DES, so it runs through des-ede3-cbc.
  'des-cbc': { name: 'des-cbc', keyLength: 8, ivLength: 8 },
  // RC2 (PKCS#12 PBE): Node's OpenSSL 3 lacks it (legacy provider), so it runs in rc2-cipher.ts.
  'rc2-40-cbc': { name: 'rc2-40-cbc', keyLength: 5, ivLength: 8 },
  'rc2-128-cbc': { name: 'rc2-128-cbc', keyLength: 16, ivLength: 8 },
};

/**
 * Decrypts CBC data with PKCS#7 padding. Returns `undefined` when the padding is wrong, which is what
 * a wrong password looks like. A length that is not a whole number of blocks is malformed data.
 */
export function cbcDecrypt(
  cipher: CbcCipher,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Buffer | undefined {
  if (data.length === 0 || data.length % cipher.ivLength !== 0) {
    throw keyMalformed(
      `encrypted data of ${data.length} bytes is not a whole number of ${cipher.ivLength}-byte blocks`,
    );
  }
  if (iv.length !== cipher.ivLength) {
    throw keyMalformed(`${cipher.name} needs a ${cipher.ivLength}-byte IV, found ${iv.length} bytes`);
  }
  if (cipher.name.startsWith('rc2-')) return rc2CbcDecrypt(key, cipher.keyLength * 8, iv, data);
  let nodeName = cipher.name;
  let nodeKey = Buffer.from(key);
  if (cipher.name === 'des-cbc') {
    nodeName = 'des-ede3-cbc';
    nodeKey = Buffer.concat([nodeKey, nodeKey, nodeKey]);
  } else if (cipher.name === 'des-ede-cbc') {
    nodeName = 'des-ede3-cbc';
    nodeKey = Buffer.concat([nodeKey, nodeKey.subarray(0, 8)]);
  }
  try {
    const d = createDecipheriv(nodeName, nodeKey, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    return undefined;
  } finally {
    nodeKey.fill(0);
  }
}
