import { DEFAULT_FETCH_TIMEOUT_MS, httpRequest } from '../fetch/http-request.js';

/**
 * Sends a DER OCSPRequest to a responder URL and returns the DER OCSPResponse. Replace it to add a
 * proxy, caching, GET requests (RFC 6960 appendix A.1), or for tests. Implementations throw a
 * `RevocationError` (`ERR_REVOCATION_FETCH_FAILED`, `…_TIMEOUT`, `…_TOO_LARGE`) when no response comes.
 *
 * @example
 * ```ts
 * import type { OcspTransport } from 'certkit/chain';
 * const viaProxy: OcspTransport = { post: (url, der) => myProxy.post(url, der) };
 * ```
 */
export interface OcspTransport {
  post(url: string, derRequest: Uint8Array): Promise<Uint8Array>;
}

/** Options of {@link createHttpOcspTransport}. */
export interface HttpOcspTransportOptions {
  /** Time limit in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Size limit of the response in bytes. Default 1 MiB. */
  readonly maxBytes?: number;
}

/**
 * The default {@link OcspTransport}: an HTTP POST with `content-type: application/ocsp-request`, through
 * Node's global `fetch`, with a time limit and a size limit.
 *
 * @throws RevocationError from `post()`: `ERR_REVOCATION_FETCH_FAILED`, `ERR_REVOCATION_FETCH_TIMEOUT`,
 *   `ERR_REVOCATION_FETCH_TOO_LARGE`.
 * @example
 * ```ts
 * import { createHttpOcspTransport, createOcspChecker } from 'certkit/chain';
 * const ocsp = createOcspChecker({ transport: createHttpOcspTransport({ timeoutMs: 3000 }) });
 * ```
 * @see RFC 6960 appendix A.1
 */
export function createHttpOcspTransport(options: HttpOcspTransportOptions = {}): OcspTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  return {
    post(url, derRequest) {
      return httpRequest(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
          body: derRequest,
        },
        { timeoutMs, maxBytes },
      );
    },
  };
}
