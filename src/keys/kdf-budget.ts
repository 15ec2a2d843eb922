import { KeyError } from '../errors/area-errors.js';

/**
 * The default key-derivation budget of one call, in work units (one unit is about one PBKDF2-HMAC-SHA-256 iteration): 6,000,000, about
 * 1.3 s of CPU on a 2-core server. It opens a key or a PKCS#12 file written with 600,000 iterations
 * (certkit's and OWASP's default) with room for several keys, and stops a file whose iteration counts,
 * bags or retries would stall the reader.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_KDF_WORK, parsePrivateKey } from 'certkit/keys';
 * // A key from a trusted vault, encrypted with 10,000,000 PBKDF2-HMAC-SHA-256 iterations:
 * const key = parsePrivateKey(pem, { password, maxKdfWork: 2 * DEFAULT_MAX_KDF_WORK });
 * ```
 */
export const DEFAULT_MAX_KDF_WORK = 6_000_000;

/**
 * Cost of one iteration of one derived block, relative to one PBKDF2-HMAC-SHA-256 iteration (the unit,
 * about 0.2 µs). Measured with Node's PBKDF2 (OpenSSL), certkit's JavaScript SHA-1 / SHA-256 loops of the
 * PKCS#12 KDF and PBKDF1, and Node's one-hash-per-call fallback for the other hashes.
 */
const NATIVE_PBKDF2_WEIGHT: Readonly<Record<string, number>> = { sha384: 2, sha512: 2 };
const JS_LOOP_WEIGHT: Readonly<Record<string, number>> = { sha1: 1, sha256: 2 };
/** A hash without certkit's fast loop costs one `crypto.hash` call per iteration. */
const SLOW_LOOP_WEIGHT = 9;
/** scrypt: units per N·r·p (N=16384, r=8, p=1 is about 400,000 units, 80 ms). */
const SCRYPT_WEIGHT = 3;

const HASH_BYTES: Readonly<Record<string, number>> = {
  md5: 16,
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

/** Work of a PBKDF2 run: iterations × output blocks × the hash's weight. */
export function pbkdf2Work(hash: string, iterations: number, keyLength: number): number {
  const blocks = Math.ceil(keyLength / (HASH_BYTES[hash] ?? 32));
  return iterations * blocks * (NATIVE_PBKDF2_WEIGHT[hash] ?? 1);
}

/** Work of one PKCS#12 KDF derivation (RFC 7292 B.2) of `length` bytes, or of PBKDF1 (`length` ≤ one digest). */
export function iteratedHashWork(hash: string, iterations: number, length: number): number {
  const blocks = Math.max(1, Math.ceil(length / (HASH_BYTES[hash] ?? 20)));
  return iterations * blocks * (JS_LOOP_WEIGHT[hash] ?? SLOW_LOOP_WEIGHT);
}

/** Work of an scrypt run. */
export function scryptWork(cost: number, blockSize: number, parallelization: number): number {
  return SCRYPT_WEIGHT * cost * blockSize * parallelization;
}

/**
 * How much key derivation one call may do: every PBKDF2, scrypt, PBKDF1 and PKCS#12 KDF run is charged
 * before it starts, and the run that would pass the limit is refused with `ERR_KEY_KDF_LIMIT`, so a
 * file with many expensive bags (or a wrong password retried over all of them) costs at most the
 * budget. One unit is about one PBKDF2-HMAC-SHA-256 iteration; each scheme is weighted by its measured
 * cost (PBKDF2 with SHA-512 counts 2 per iteration, scrypt 3 per N·r·p, …).
 */
export class KdfBudget {
  readonly limit: number;
  #spent = 0;

  /** @throws TypeError when `limit` is not a non-negative safe integer. */
  constructor(limit: number = DEFAULT_MAX_KDF_WORK) {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new TypeError('maxKdfWork must be a non-negative integer (work units)');
    }
    this.limit = limit;
  }

  /** Units charged so far. */
  get spent(): number {
    return this.#spent;
  }

  /**
   * Charges `work` units for `scheme`, or throws before any of it is done.
   * @throws KeyError `ERR_KEY_KDF_LIMIT` with `work`, `spent` and `limit` in `details`.
   */
  charge(work: number, scheme: string): void {
    if (this.#spent + work > this.limit) {
      throw new KeyError(
        'ERR_KEY_KDF_LIMIT',
        `Key derivation (${scheme}) would cost ${work} work units after ${this.#spent} already spent; the budget of this call is ${this.limit} (maxKdfWork).`,
        { details: { scheme, work, spent: this.#spent, limit: this.limit } },
      );
    }
    this.#spent += work;
  }
}
