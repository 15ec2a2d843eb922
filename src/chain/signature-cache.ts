import type { Certificate } from '../x509/index.js';

/** What a signature check concluded: `ok`, or the x509 code and a reason. */
export type CachedSignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/** Checks the signature of `cert` with `issuer`'s key, remembering answers or not. */
export interface LinkChecker {
  check(cert: Certificate, issuer: Certificate): CachedSignatureCheck;
}

const OK: CachedSignatureCheck = Object.freeze({ ok: true });

/** Verifies `cert`'s signature with `issuer`'s public key (no cache); a decoding error is a failed check. */
export function verifyLink(cert: Certificate, issuer: Certificate): CachedSignatureCheck {
  try {
    const r = cert.verifySignature(issuer.publicKey);
    return r.ok ? OK : { ok: false, code: r.code, reason: r.reason };
  } catch (e) {
    return {
      ok: false,
      code: (e as { code?: string }).code ?? 'ERR_SIGNATURE_INVALID',
      reason: e instanceof Error ? e.message : String(e),
    };
  }
}

/**
 * The links checked during one path search, keyed by the certificate objects themselves (no hashing:
 * within one search a certificate is one object), in front of an optional shared {@link SignatureCache}.
 * Ranking the issuer candidates and validating the path then verify each link once.
 */
export class SearchLinks implements LinkChecker {
  readonly #shared: LinkChecker | undefined;
  #cert: Certificate | undefined;
  #issuer: Certificate | undefined;
  #last: CachedSignatureCheck | undefined;
  readonly #more = new Map<Certificate, Map<Certificate, CachedSignatureCheck>>();

  constructor(shared: LinkChecker | undefined) {
    this.#shared = shared;
  }

  check(cert: Certificate, issuer: Certificate): CachedSignatureCheck {
    if (this.#cert === cert && this.#issuer === issuer) return this.#last!;
    let byIssuer = this.#more.get(cert);
    let r = byIssuer?.get(issuer);
    if (r === undefined) {
      r = this.#shared ? this.#shared.check(cert, issuer) : verifyLink(cert, issuer);
      if (byIssuer === undefined) {
        byIssuer = new Map();
        this.#more.set(cert, byIssuer);
      }
      byIssuer.set(issuer, r);
    }
    this.#cert = cert;
    this.#issuer = issuer;
    this.#last = r;
    return r;
  }
}

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
// Satisfies the chain-internal LinkChecker structurally (not named here: it is not public API).
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
    const result = verifyLink(cert, issuer);
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
