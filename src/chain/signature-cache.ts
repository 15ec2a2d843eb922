import type { Certificate } from '../x509/index.js';

/** What a signature check concluded: `ok`, or the x509 code and a reason. */
export type CachedSignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/**
 * A bounded cache of signature checks keyed by (certificate SHA-256, issuer key SHA-256), so that a
 * link verified once is not verified again by later chain builds. Oldest entries are dropped first.
 *
 * @example
 * ```ts
 * import { SignatureCache, buildChain } from 'certkit/chain';
 * const cache = new SignatureCache(50_000);
 * buildChain(leaf, { trust, signatureCache: cache });
 * ```
 */
export class SignatureCache {
  readonly #max: number;
  readonly #map = new Map<string, CachedSignatureCheck>();
  /** Number of real signature verifications done through this cache (misses). */
  verifications = 0;

  /** @param maxEntries - entries kept before the oldest are dropped (default 10,000). */
  constructor(maxEntries = 10_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0)
      throw new TypeError('SignatureCache: maxEntries must be ≥ 0');
    this.#max = maxEntries;
  }

  /** Verifies `cert`'s signature with `issuer`'s public key, or returns the remembered answer. */
  check(cert: Certificate, issuer: Certificate): CachedSignatureCheck {
    const key = `${cert.sha256Fingerprint}|${issuer.publicKey.sha256Fingerprint}`;
    const hit = this.#map.get(key);
    if (hit) return hit;
    this.verifications++;
    let result: CachedSignatureCheck;
    try {
      const r = cert.verifySignature(issuer.publicKey);
      result = r.ok ? { ok: true } : { ok: false, code: r.code, reason: r.reason };
    } catch (e) {
      result = {
        ok: false,
        code: (e as { code?: string }).code ?? 'ERR_SIGNATURE_INVALID',
        reason: e instanceof Error ? e.message : String(e),
      };
    }
    if (this.#max > 0) {
      if (this.#map.size >= this.#max) this.#map.delete(this.#map.keys().next().value as string);
      this.#map.set(key, result);
    }
    return result;
  }

  /** Number of remembered checks. */
  get size(): number {
    return this.#map.size;
  }
}

/** The cache `buildChain` uses when none is passed. */
export const defaultSignatureCache: SignatureCache = new SignatureCache();
