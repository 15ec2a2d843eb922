import { DEFAULT_FETCH_MAX_BYTES, DEFAULT_FETCH_TIMEOUT_MS, httpRequest } from './http-request.js';

/** Per-request options a {@link Fetcher} receives. */
export interface FetchRequestOptions {
  /** The media type wanted (`application/pkix-crl`, `application/pkix-cert`, `application/pkcs7-mime`). */
  readonly accept: string;
  /** Time limit in milliseconds for the whole fetch. */
  readonly timeoutMs: number;
  /** Size limit in bytes of the response body. */
  readonly maxBytes: number;
}

/**
 * Fetches a URL's bytes: CRLs from distribution points and issuer certificates from AIA caIssuers.
 * Replace it to add a proxy, an allow-list of hosts, a file-system mirror, or for tests.
 * Implementations throw a `RevocationError` (`ERR_REVOCATION_FETCH_FAILED`, `…_TIMEOUT`, `…_TOO_LARGE`).
 *
 * @example
 * ```ts
 * import type { Fetcher } from 'certkit/chain';
 * const mirror: Fetcher = { fetch: async (url) => readFile(`/mirror/${encodeURIComponent(url)}`) };
 * ```
 */
export interface Fetcher {
  fetch(url: string, options: FetchRequestOptions): Promise<Uint8Array>;
}

/** Options of {@link createHttpFetcher}. */
export interface HttpFetcherOptions {
  /** Upper bound on `timeoutMs` for any request, in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Upper bound on `maxBytes` for any request. Default 10 MiB. */
  readonly maxBytes?: number;
}

/**
 * The default {@link Fetcher}: an HTTP(S) GET through certkit's one HTTP client, with a time limit and
 * a size limit (the smaller of the request's and these) and at most 3 redirects, to http(s) URLs only.
 * Other URL schemes (ldap:) fail.
 *
 * @throws RevocationError from `fetch()`: `ERR_REVOCATION_FETCH_FAILED` (unreachable, non-2xx, bad URL),
 *   `ERR_REVOCATION_FETCH_TIMEOUT`, `ERR_REVOCATION_FETCH_TOO_LARGE`.
 * @example
 * ```ts
 * import { createHttpFetcher, createCrlChecker } from 'certkit/chain';
 * const checker = createCrlChecker({ fetcher: createHttpFetcher({ timeoutMs: 5000 }) });
 * ```
 * @see RFC 5280 section 4.2.1.13 (CRL distribution points), RFC 2585 (HTTP transfer of CRLs)
 */
export function createHttpFetcher(options: HttpFetcherOptions = {}): Fetcher {
  const maxTimeout = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxSize = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  return {
    fetch(url, request) {
      return httpRequest(
        url,
        { method: 'GET', headers: { accept: request.accept } },
        {
          timeoutMs: Math.min(request.timeoutMs, maxTimeout),
          maxBytes: Math.min(request.maxBytes, maxSize),
        },
      );
    },
  };
}
