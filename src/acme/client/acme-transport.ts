import { AcmeError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import { sleep } from '../abortable-sleep.js';
import { type AcmeHttpOptions, type AcmeHttpResponse, sendAcmeRequest } from './acme-http.js';
import { isProblem, problemName, problemToError } from './acme-problem.js';
import { parseRetryAfter } from './retry-after.js';

/** A retry the transport made (reported as a progress event). */
export interface TransportRetry {
  readonly reason: 'badNonce' | 'unreachable' | 'timeout' | 'server-error' | 'rate-limited';
  readonly url: string;
  readonly attempt: number;
  readonly delayMs: number;
}

/** Retry and timeout policy of the transport. */
export interface AcmeTransportOptions extends AcmeHttpOptions {
  /** Attempts per request for network failures, timeouts, 5xx and 429 (first try included). */
  readonly maxAttempts: number;
  /** The longest Retry-After the transport waits by itself; a longer one fails with the time in details. */
  readonly maxRetryWaitMs: number;
  /** badNonce answers retried with a fresh nonce per request before `ERR_ACME_BAD_NONCE`. */
  readonly maxBadNonceRetries: number;
  /** Told about every retry. */
  readonly onRetry?: ((retry: TransportRetry) => void) | undefined;
}

/** The parts of acme-client's HttpClient the transport replaces (not in acme-client's public types). */
export interface AcmeClientHttp {
  request(url: string, method: string, opts?: { data?: unknown }): Promise<AcmeHttpResponse>;
  signedRequest(url: string, payload: unknown, opts?: object, attempts?: number): Promise<AcmeHttpResponse>;
  maxBadNonceRetries: number;
  directoryUrl: string;
}

const RETRYABLE_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function isBadNonce(resp: AcmeHttpResponse): boolean {
  return resp.status === 400 && isProblem(resp.data) && problemName(resp.data.type) === 'badNonce';
}

/**
 * The HTTP side of every ACME exchange: deadlines, bounded retries that honour Retry-After, problem
 * documents turned into coded errors. acme-client keeps the protocol (JWS, nonces, resources); its own
 * axios instance is bypassed because it retries network failures for over a minute and drops the
 * problem type from its errors.
 */
export class AcmeTransport {
  readonly #directories = new Map<string, Promise<Record<string, unknown>>>();

  constructor(private readonly options: AcmeTransportOptions) {}

  /** Sends with retries on network failures, timeouts, 5xx and 429; returns the last response. */
  async send(url: string, method: string, body?: unknown): Promise<AcmeHttpResponse> {
    for (let attempt = 1; ; attempt++) {
      let resp: AcmeHttpResponse;
      try {
        resp = await sendAcmeRequest(url, method, body, this.options);
      } catch (error) {
        const retryable =
          isCertkitError(error, 'ERR_ACME_TIMEOUT') ||
          (isCertkitError(error, 'ERR_ACME_UNREACHABLE') &&
            RETRYABLE_NETWORK.has(String(error.details.reason)));
        if (!retryable || attempt >= this.options.maxAttempts) throw error;
        const delayMs = 500 * 2 ** (attempt - 1);
        const reason = isCertkitError(error, 'ERR_ACME_TIMEOUT') ? 'timeout' : 'unreachable';
        this.options.onRetry?.({ reason, url, attempt, delayMs });
        await sleep(delayMs, this.options.signal);
        continue;
      }
      if (resp.status !== 429 && resp.status < 500) return resp;
      if (attempt >= this.options.maxAttempts) return resp;
      const retryAt = parseRetryAfter(resp.headers['retry-after']);
      const delayMs = retryAt ? Math.max(0, retryAt.getTime() - Date.now()) : 1000 * 2 ** (attempt - 1);
      if (delayMs > this.options.maxRetryWaitMs) return resp;
      this.options.onRetry?.({
        reason: resp.status === 429 ? 'rate-limited' : 'server-error',
        url,
        attempt,
        delayMs,
      });
      await sleep(delayMs, this.options.signal);
    }
  }

  /** Sends and throws the coded error for any problem document or HTTP error. */
  async sendChecked(url: string, method: string, body?: unknown): Promise<AcmeHttpResponse> {
    const resp = await this.send(url, method, body);
    if (resp.status >= 400) throw this.errorFor(url, resp);
    return resp;
  }

  /**
   * Reads an ACME directory (once per transport, i.e. per operation): `ERR_ACME_BAD_RESPONSE` when it
   * lacks newNonce, newAccount or newOrder.
   */
  getDirectory(url: string): Promise<Record<string, unknown>> {
    const read = async (): Promise<Record<string, unknown>> => {
      const resp = await this.sendChecked(url, 'GET');
      checkDirectory(url, resp.data);
      return resp.data as Record<string, unknown>;
    };
    let cached = this.#directories.get(url);
    if (cached === undefined) {
      cached = read().catch((error: unknown) => {
        this.#directories.delete(url);
        throw error;
      });
      this.#directories.set(url, cached);
    }
    return cached;
  }

  /** The coded error for an HTTP error response. */
  errorFor(url: string, resp: AcmeHttpResponse): AcmeError {
    const retryAfter = parseRetryAfter(resp.headers['retry-after']);
    if (isProblem(resp.data)) {
      return problemToError(resp.data, { url, status: resp.status, ...(retryAfter ? { retryAfter } : {}) });
    }
    if (resp.status >= 500) {
      return new AcmeError('ERR_ACME_SERVER_INTERNAL', `The ACME server answered HTTP ${resp.status}.`, {
        details: { url, status: resp.status },
      });
    }
    return new AcmeError(
      'ERR_ACME_BAD_RESPONSE',
      `The ACME server answered HTTP ${resp.status} without a problem document.`,
      {
        details: { url, status: resp.status },
      },
    );
  }

  /**
   * Replaces acme-client's HTTP layer of one client with this transport. acme-client still signs and
   * retries badNonce with the nonce from the answer (counted per request by `maxBadNonceRetries`).
   */
  install(http: AcmeClientHttp): void {
    http.maxBadNonceRetries = this.options.maxBadNonceRetries;
    http.request = async (url, method, opts = {}) => {
      const resp = await this.send(url, method.toUpperCase(), opts.data);
      if (resp.status >= 400) {
        if (isBadNonce(resp)) return resp;
        throw this.errorFor(url, resp);
      }
      if (url === http.directoryUrl && method.toLowerCase() === 'get') checkDirectory(url, resp.data);
      return resp;
    };
    const signed = http.signedRequest.bind(http);
    http.signedRequest = async (url, payload, opts, attempts = 0) => {
      if (attempts > 0) this.options.onRetry?.({ reason: 'badNonce', url, attempt: attempts, delayMs: 0 });
      const resp = await signed(url, payload, opts, attempts);
      if (isBadNonce(resp)) {
        throw problemToError(resp.data as { type: string }, { url, status: resp.status });
      }
      return resp;
    };
  }
}

function checkDirectory(url: string, data: unknown): void {
  const dir = data as Record<string, unknown> | null;
  const missing = ['newNonce', 'newAccount', 'newOrder'].filter(
    (name) => typeof dir !== 'object' || dir === null || typeof dir[name] !== 'string',
  );
  if (missing.length > 0) {
    throw new AcmeError(
      'ERR_ACME_BAD_RESPONSE',
      `${url} is not an ACME directory (no ${missing.join(', ')}).`,
      {
        details: { url, missing },
      },
    );
  }
}
