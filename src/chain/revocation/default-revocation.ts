import type { Certificate } from '../../x509/certificate.js';
import type { Fetcher } from '../fetch/fetcher.js';
import type { RevocationCheckContext, RevocationChecker, RevocationStatus } from '../revocation-checker.js';
import { type CrlCache, createCrlCache } from './crl-cache.js';
import { createCrlChecker } from './crl-checker.js';
import { createOcspChecker, type OcspResponseCache } from './ocsp-checker.js';
import { createHttpOcspTransport, type OcspTransport } from './ocsp-transport.js';
import { type UnknownStatus, unknownStatus } from './unknown-status.js';

/**
 * Whether and how revocation is checked where certkit makes a trust decision: `'off'` skips it,
 * `'soft-fail'` (the default) refuses a revoked certificate and turns an answer that cannot be had
 * into a warning with the reason, `'hard-fail'` refuses both.
 *
 * @example
 * ```ts
 * import type { RevocationMode } from 'certkit/chain';
 * const mode: RevocationMode = 'hard-fail';
 * ```
 * @see RFC 5280 section 6.3, RFC 6960
 */
export type RevocationMode = 'off' | 'soft-fail' | 'hard-fail';

/** Time limit of one revocation fetch made by the default checker: 5 seconds. */
export const DEFAULT_REVOCATION_TIMEOUT_MS = 5_000;

/**
 * Options of {@link createRevocationChecker}.
 *
 * @example
 * ```ts
 * import { createRevocationChecker, type RevocationCheckerOptions } from 'certkit/chain';
 * const options: RevocationCheckerOptions = { timeoutMs: 3000, crlMaxBytes: 4 * 1024 * 1024 };
 * const checker = createRevocationChecker(options);
 * ```
 * @see RFC 5280 section 4.2.1.13, RFC 6960 appendix A.1
 */
export interface RevocationCheckerOptions {
  /** Fetches CRLs from distribution points. Default HTTP GET (`createHttpFetcher`). */
  readonly fetcher?: Fetcher;
  /** Sends OCSP requests to the AIA responders. Default HTTP POST (`createHttpOcspTransport`). */
  readonly transport?: OcspTransport;
  /** Time limit per fetch in milliseconds. Default 5 000. */
  readonly timeoutMs?: number;
  /** Size limit per CRL in bytes. Default 10 MiB. */
  readonly crlMaxBytes?: number;
  /** Keeps CRLs until their nextUpdate; share one between checkers. Default a new one (256 URLs). */
  readonly crlCache?: CrlCache;
  /** Keeps definitive OCSP responses (re-judged at each check). Default a new bounded one (1 024). */
  readonly ocspCache?: OcspResponseCache;
}

/** A bounded map: the least recently stored key goes first. */
function boundedCache(maxEntries: number): OcspResponseCache {
  const entries = new Map<string, Uint8Array>();
  return {
    get: (key) => entries.get(key),
    set(key, der) {
      entries.delete(key);
      entries.set(key, der);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}

function hasOcsp(cert: Certificate): boolean {
  try {
    return cert.authorityInfoAccess.ocsp.length > 0;
  } catch {
    return false;
  }
}

/**
 * The revocation checker certkit uses by default: OCSP from the certificate's Authority Information
 * Access first (when it names a responder), then the CRLs of its HTTP distribution points, each fetch
 * with a time limit and a size limit, CRLs cached until their nextUpdate and OCSP answers cached while
 * fresh. The first definitive answer (`good` or `revoked`) wins. When none can be had the answer is
 * `unknown` with the most telling code (a failed fetch or a bad response before "no source") and every
 * reason; `ERR_REVOCATION_NO_SOURCE` means the certificate names neither an OCSP responder nor an HTTP
 * distribution point.
 *
 * @throws TypeError when an option has the wrong type.
 * @example
 * ```ts
 * import { createRevocationChecker, verifyChain } from 'certkit/chain';
 * const revocation = createRevocationChecker({ timeoutMs: 3000 });
 * const result = await verifyChain(leaf, { trust, revocation, revocationPolicy: 'soft-fail' });
 * ```
 * @see RFC 5280 sections 4.2.1.13 and 6.3, RFC 6960, RFC 5019
 */
export function createRevocationChecker(options: RevocationCheckerOptions = {}): RevocationChecker {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const timeoutMs = options.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) throw new TypeError('timeoutMs must be > 0');
  const crl = createCrlChecker({
    cache: options.crlCache ?? createCrlCache(),
    timeoutMs,
    ...(options.fetcher === undefined ? {} : { fetcher: options.fetcher }),
    ...(options.crlMaxBytes === undefined ? {} : { maxBytes: options.crlMaxBytes }),
  });
  const ocsp = createOcspChecker({
    cache: options.ocspCache ?? boundedCache(1024),
    transport: options.transport ?? createHttpOcspTransport({ timeoutMs }),
  });
  return {
    async check(cert: Certificate, issuer: Certificate, context: RevocationCheckContext) {
      const unknowns: UnknownStatus[] = [];
      const sources: RevocationChecker[] = hasOcsp(cert) ? [ocsp, crl] : [crl];
      for (const source of sources) {
        const status: RevocationStatus = await source.check(cert, issuer, context);
        if (status.status !== 'unknown') return status;
        unknowns.push(status);
      }
      const telling = unknowns.find((u) => u.code !== 'ERR_REVOCATION_NO_SOURCE');
      if (telling === undefined) {
        return unknownStatus(
          'ERR_REVOCATION_NO_SOURCE',
          'the certificate names neither an OCSP responder nor an HTTP CRL distribution point',
        );
      }
      return unknownStatus(
        telling.code,
        unknowns
          .filter((u) => u.code !== 'ERR_REVOCATION_NO_SOURCE')
          .map((u) => u.reason)
          .join('; '),
      );
    },
  };
}

/**
 * @internal Whether a value is a {@link RevocationMode}.
 */
export function isRevocationMode(value: unknown): value is RevocationMode {
  return value === 'off' || value === 'soft-fail' || value === 'hard-fail';
}

let shared: RevocationChecker | undefined;
/**
 * @internal The fetching checker certkit's trust decisions use when the caller passes none: made on
 * first use and shared, so its CRL and OCSP caches (and their in-flight fetches) serve every check
 * of the process.
 */
export function sharedRevocationChecker(): RevocationChecker {
  shared ??= createRevocationChecker();
  return shared;
}
