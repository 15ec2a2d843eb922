import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_LEGACY_ITERATIONS } from '../../../keys/encrypted-private-key-info.js';
import { iteratedHashWork, type KdfBudget } from '../../../keys/kdf-budget.js';
import { Pkcs12KeyId, passwordToBmp, pkcs12Kdf } from '../../../keys/key-derivation.js';
import { storeError } from '../format-errors.js';
import type { PfxMac } from './pfx-structure.js';

/** Hash output and block sizes (bytes) for the PKCS#12 KDF's `u` and `v`. */
const SIZES: Readonly<Record<string, { u: number; v: number }>> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

/** Refuses a MAC iteration count above the PKCS#12 KDF limit before any work is done. */
export function checkMacIterations(iterations: number): void {
  if (iterations > MAX_LEGACY_ITERATIONS) {
    throw storeError(
      'ERR_PKCS12_ITERATION_LIMIT',
      `The PKCS#12 MAC asks for ${iterations} iterations; certkit allows at most ${MAX_LEGACY_ITERATIONS}.`,
      { iterations, limit: MAX_LEGACY_ITERATIONS },
    );
  }
}

/**
 * The PKCS#12 MAC: HMAC with a key from the PKCS#12 KDF (ID 3) over the password as BMPString,
 * running the file's own iteration count. `emptyBmp` uses the zero-length password form some
 * writers use for the empty password instead of the two-byte terminator.
 * @see RFC 7292 section 5 and appendix B.4
 */
export function computeMac(
  hash: string,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  data: Uint8Array,
  emptyBmp = false,
): Buffer {
  const sizes = SIZES[hash];
  if (sizes === undefined) throw new TypeError(`unsupported MAC hash ${hash}`);
  checkMacIterations(iterations);
  const bmp = emptyBmp ? Buffer.alloc(0) : passwordToBmp(password);
  const key = pkcs12Kdf(hash, bmp, salt, iterations, Pkcs12KeyId.mac, sizes.u, sizes.v);
  bmp.fill(0);
  try {
    return createHmac(hash, key).update(data).digest();
  } finally {
    key.fill(0);
  }
}

/**
 * Whether `password` verifies the MAC over `authSafe` (tries both forms of the empty password), each
 * try charged to `budget` before it runs.
 */
export function macMatches(
  mac: PfxMac,
  password: Uint8Array,
  authSafe: Uint8Array,
  budget: KdfBudget,
): boolean {
  const check = (emptyBmp: boolean): boolean => {
    checkMacIterations(mac.iterations);
    budget.charge(
      iteratedHashWork(mac.hash, mac.iterations, SIZES[mac.hash]?.u ?? 20),
      `PKCS#12 MAC (${mac.hash}, ${mac.iterations} iterations)`,
    );
    const got = computeMac(mac.hash, password, mac.salt, mac.iterations, authSafe, emptyBmp);
    return got.length === mac.digest.length && timingSafeEqual(got, mac.digest);
  };
  if (check(false)) return true;
  return password.length === 0 && check(true);
}
