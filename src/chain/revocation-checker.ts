import type { Certificate } from '../x509/index.js';

/**
 * What a revocation check found for one certificate.
 *
 * - `good`: an authoritative source (CRL or OCSP response) says it is not revoked at `at`.
 * - `revoked`: it is revoked; `revokedAt` is the revocation date and `reason` the CRL reason name when given.
 * - `unknown`: no authoritative answer could be had (no distribution point, fetch failed, stale or
 *   unverifiable response); `code` is a certkit error code (e.g. from the revocation catalogue) and
 *   `reason` says why in words. What happens next depends on {@link RevocationPolicy}.
 *
 * @see RFC 5280 section 6.3 (CRL validation), RFC 6960 (OCSP)
 */
export type RevocationStatus =
  | { readonly status: 'good'; readonly source: 'crl' | 'ocsp' }
  | {
      readonly status: 'revoked';
      readonly source: 'crl' | 'ocsp';
      readonly reason?: string;
      readonly revokedAt: Date;
    }
  | { readonly status: 'unknown'; readonly reason: string; readonly code: string };

/**
 * What to do when a checker answers `unknown`:
 * `hard-fail` turns it into the problem `ERR_CHAIN_REVOCATION_UNKNOWN` (the chain is not valid);
 * `soft-fail` records it as a warning and the chain may still be valid.
 */
export type RevocationPolicy = 'hard-fail' | 'soft-fail';

/** Where in the chain a revocation check happens. */
export interface RevocationCheckContext {
  /** The validation time. */
  readonly at: Date;
  /** Depth of `cert` in the chain: 0 is the leaf. */
  readonly depth: number;
  /** The profile the chain is validated under (`verifyChain` sets it); CRL profile rules of the CA/B BRs apply under `webpki` with `pedantic`. */
  readonly profile?: 'webpki' | 'rfc5280';
  /** Whether the chain is validated with `pedantic` (`verifyChain` sets it). */
  readonly pedantic?: boolean;
}

/**
 * Checks whether a certificate is revoked. The chain layer calls it once per non-anchor link of a
 * path that otherwise validates (`verifyChain` only: it may be asynchronous). Implementations
 * (CRL, OCSP, or a combination) live in `certkit/chain` next to this interface.
 *
 * @example
 * ```ts
 * import type { RevocationChecker } from 'certkit/chain';
 * const nothingRevoked: RevocationChecker = { check: () => ({ status: 'good', source: 'crl' }) };
 * ```
 * @see RFC 5280 section 6.3
 */
export interface RevocationChecker {
  /**
   * Returns the revocation status of `cert`, issued by `issuer`, at `context.at`.
   * Should not throw for missing or bad revocation data: answer `unknown` with a code instead.
   */
  check(
    cert: Certificate,
    issuer: Certificate,
    context: RevocationCheckContext,
  ): Promise<RevocationStatus> | RevocationStatus;
}
