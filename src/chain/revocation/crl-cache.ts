import type { CertificateRevocationList } from '../../x509/certificate-revocation-list.js';

/**
 * Remembers fetched CRLs by distribution point URL until their nextUpdate. The clock is the `at` of
 * each check, so validating at a past or future time does not use a CRL outside its validity.
 */
export interface CrlCache {
  /** The CRL for `url` that is current at `at` (thisUpdate ≤ at < nextUpdate), or undefined. */
  get(url: string, at: Date): CertificateRevocationList | undefined;
  /** Stores the CRL fetched from `url`. */
  set(url: string, crl: CertificateRevocationList): void;
}

/** Options of {@link createCrlCache}. */
export interface CrlCacheOptions {
  /** How many URLs to remember; the least recently stored goes first. Default 256. */
  readonly maxEntries?: number;
}

/**
 * An in-memory {@link CrlCache}. A CRL without nextUpdate is never served from it (there is no
 * time until which it is known to be current).
 *
 * @example
 * ```ts
 * import { createCrlCache, createCrlChecker } from 'certkit/chain';
 * const cache = createCrlCache({ maxEntries: 64 });   // share it between checkers
 * const checker = createCrlChecker({ cache });
 * ```
 * @see RFC 5280 section 5.1.2.5 (nextUpdate)
 */
export function createCrlCache(options: CrlCacheOptions = {}): CrlCache {
  const maxEntries = options.maxEntries ?? 256;
  const entries = new Map<string, CertificateRevocationList>();
  return {
    get(url, at) {
      const crl = entries.get(url);
      if (crl === undefined) return undefined;
      const next = crl.nextUpdate;
      const t = at.getTime();
      if (next === undefined || t >= next.getTime() || t < crl.thisUpdate.getTime()) return undefined;
      return crl;
    },
    set(url, crl) {
      entries.delete(url);
      entries.set(url, crl);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}
