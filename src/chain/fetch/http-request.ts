import { RevocationError } from '../../errors/area-errors.js';
import { HttpFetchFailure, httpFetch } from '../../internal/http-fetch.js';

/** Default time limit for one fetch: 10 seconds. */
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** Default size limit for one fetch: 10 MiB (large CRLs run to a few MiB). */
export const DEFAULT_FETCH_MAX_BYTES = 10 * 1024 * 1024;

const CODES = {
  'bad-url': 'ERR_REVOCATION_FETCH_FAILED',
  scheme: 'ERR_REVOCATION_FETCH_FAILED',
  network: 'ERR_REVOCATION_FETCH_FAILED',
  redirects: 'ERR_REVOCATION_FETCH_FAILED',
  timeout: 'ERR_REVOCATION_FETCH_TIMEOUT',
  'too-large': 'ERR_REVOCATION_FETCH_TOO_LARGE',
} as const;

/**
 * @internal One HTTP(S) exchange for the chain layer (AIA, CRL, OCSP) through certkit's one HTTP
 * client: a deadline, a size cap, redirects to http(s) only (at most 3); a non-2xx answer fails.
 * Failures are `RevocationError`s (`ERR_REVOCATION_FETCH_FAILED`, `…_TIMEOUT`, `…_TOO_LARGE`).
 */
export async function httpRequest(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: Uint8Array },
  limits: { timeoutMs: number; maxBytes: number },
): Promise<Uint8Array> {
  let response: Awaited<ReturnType<typeof httpFetch>>;
  try {
    response = await httpFetch(url, {
      method: init.method,
      headers: init.headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      timeoutMs: limits.timeoutMs,
      maxBytes: limits.maxBytes,
    });
  } catch (e) {
    if (!(e instanceof HttpFetchFailure)) throw e;
    throw new RevocationError(CODES[e.kind], e.message, {
      cause: e,
      details: {
        url,
        reason: e.kind,
        ...(e.kind === 'timeout' ? { timeoutMs: limits.timeoutMs } : {}),
        ...(e.kind === 'too-large' ? { maxBytes: limits.maxBytes } : {}),
      },
    });
  }
  if (response.status < 200 || response.status > 299) {
    throw new RevocationError(
      'ERR_REVOCATION_FETCH_FAILED',
      `Fetching ${url} failed with HTTP status ${response.status}.`,
      { details: { url, status: response.status } },
    );
  }
  return response.body;
}
