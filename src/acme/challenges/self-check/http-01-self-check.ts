import { AcmeError } from '../../../errors/area-errors.js';
import { HttpFetchFailure, httpFetch } from '../../../internal/http-fetch.js';
import { sleep } from '../../abortable-sleep.js';
import type { Http01Challenge } from '../http-01-solver.js';

/** Options of {@link waitForHttp01Token}. */
export interface Http01SelfCheckOptions {
  /** The port to connect to. Default 80 (the only port a CA uses for HTTP-01). */
  readonly port?: number;
  /**
   * Connect to this host name or IP literal instead of resolving the domain (a load balancer, or
   * 127.0.0.1 in tests). The request still carries `Host: <domain>`.
   */
  readonly host?: string;
  /** How long to keep trying, in milliseconds. Default 120,000. At least one attempt is made. */
  readonly timeoutMs?: number;
  /** Pause between attempts, in milliseconds. Default 2,000. */
  readonly intervalMs?: number;
  /** Stops waiting; the promise then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_INTERVAL_MS = 2_000;
/** The longest one attempt may take, in milliseconds. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** The shortest time one attempt is given, in milliseconds (a late last try still gets an answer). */
const MIN_ATTEMPT_MS = 1_000;
/** A key authorization is about 87 characters; a body larger than this is not one. */
const MAX_BODY_BYTES = 8 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

interface Attempt {
  readonly ok: boolean;
  /** What was seen: `HTTP 404`, `HTTP 200 with another body`, `ECONNREFUSED`, … */
  readonly seen: string;
}

function checkNumber(value: unknown, what: string, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TypeError(`${what} must be a finite number >= ${min}`);
  }
}

/** A CA follows redirects (RFC 8555 section 8.3); so does the self-check, up to this many. */
const MAX_REDIRECTS = 10;

/** What one failed fetch looked like, in the words `lastSeen` reports. */
function seenOf(e: HttpFetchFailure, timeoutMs: number): string {
  switch (e.kind) {
    case 'network':
      return e.code ?? e.message;
    case 'timeout':
      return `no answer within ${timeoutMs} ms`;
    case 'too-large':
      return `HTTP ${e.status ?? 200} with a body over ${MAX_BODY_BYTES} bytes`;
    case 'redirects':
      return `more than ${MAX_REDIRECTS} redirects`;
    case 'scheme':
      return `HTTP ${e.status ?? 0} to a ${e.protocol ?? '?'} URL`;
    case 'bad-url':
      return `HTTP ${e.status ?? 0} to an unreadable Location`;
  }
}

/**
 * One GET through certkit's HTTP client, following redirects to http or https URLs (certificates of
 * https targets are not checked, as CAs do not check them); never rejects except for an abort.
 */
async function attempt(
  challenge: Http01Challenge,
  url: URL,
  connectTo: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  try {
    const r = await httpFetch(url.href, {
      headers: { accept: '*/*', 'user-agent': 'certkit-self-check' },
      firstHostHeader: challenge.domain,
      connectTo,
      timeoutMs,
      maxBytes: MAX_BODY_BYTES,
      maxRedirects: MAX_REDIRECTS,
      verifyTls: false,
      ...(signal === undefined ? {} : { signal }),
    });
    if (r.status !== 200) return { ok: false, seen: `HTTP ${r.status}` };
    // RFC 8555 section 8.3: whitespace at the end of the body is ignored
    const body = Buffer.from(r.body).toString('utf8').replace(/\s+$/, '');
    return body === challenge.keyAuthorization
      ? { ok: true, seen: 'HTTP 200 with the key authorization' }
      : { ok: false, seen: 'HTTP 200 with another body' };
  } catch (e) {
    if (e instanceof HttpFetchFailure) return { ok: false, seen: seenOf(e, timeoutMs) };
    throw e;
  }
}

/**
 * Waits until `http://<domain>/.well-known/acme-challenge/<token>` answers 200 with the key
 * authorization (whitespace at the end ignored), as the CA will check it: a plain HTTP GET to the domain
 * (or `host`) on port 80 (or `port`) with `Host: <domain>`, repeated every `intervalMs` until it matches
 * or `timeoutMs` passes. Redirects to http(s) URLs are followed, up to 10, as a CA does.
 *
 * @throws AcmeError `ERR_ACME_SELF_CHECK_FAILED` when the answer was not seen in time (`details.url`,
 *   `details.timeout`, `details.lastSeen` such as `HTTP 404` or `ECONNREFUSED`, `details.attempts`).
 * @throws AcmeError `ERR_ACME_BAD_RESPONSE` when the token is not base64url (it could not be a CA's).
 * @throws `signal.reason` when `signal` aborts.
 * @throws TypeError when the challenge or an option has the wrong type.
 * @example
 * ```ts
 * import { waitForHttp01Token } from 'certkit/acme';
 * await waitForHttp01Token(
 *   { domain: 'www.example.com', token, keyAuthorization },
 *   { timeoutMs: 30_000 },
 * );
 * ```
 * @see RFC 8555 section 8.3
 */
export async function waitForHttp01Token(
  challenge: Http01Challenge,
  options: Http01SelfCheckOptions = {},
): Promise<void> {
  if (typeof challenge !== 'object' || challenge === null) throw new TypeError('challenge must be an object');
  const { domain, token, keyAuthorization } = challenge;
  if (typeof domain !== 'string' || domain.length === 0)
    throw new TypeError('challenge.domain must be a string');
  if (typeof token !== 'string') throw new TypeError('challenge.token must be a string');
  if (typeof keyAuthorization !== 'string')
    throw new TypeError('challenge.keyAuthorization must be a string');
  if (!BASE64URL.test(token)) {
    throw new AcmeError('ERR_ACME_BAD_RESPONSE', 'The HTTP-01 token is not a base64url string.', {
      details: { token: token.slice(0, 80) },
    });
  }
  const port = options.port ?? 80;
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new TypeError('port must be from 1 to 65535');
  const rawHost = options.host ?? domain;
  if (typeof rawHost !== 'string' || rawHost.length === 0)
    throw new TypeError('host must be a non-empty string');
  const host = rawHost.startsWith('[') && rawHost.endsWith(']') ? rawHost.slice(1, -1) : rawHost;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  checkNumber(timeoutMs, 'timeoutMs', 0);
  checkNumber(intervalMs, 'intervalMs', 1);
  const { signal } = options;
  signal?.throwIfAborted();

  const firstUrl = new URL(
    `http://${domain}${port === 80 ? '' : `:${port}`}/.well-known/acme-challenge/${token}`,
  );
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let lastSeen = 'nothing yet';
  for (;;) {
    // Each attempt gets at least MIN_ATTEMPT_MS, so a late last try is not cut off before the server
    // can answer (which would also hide what it answered before behind a bare timeout).
    const remaining = Math.max(MIN_ATTEMPT_MS, deadline - Date.now());
    const result = await attempt(challenge, firstUrl, host, Math.min(ATTEMPT_TIMEOUT_MS, remaining), signal);
    attempts++;
    if (result.ok) return;
    lastSeen = result.seen;
    if (Date.now() + intervalMs >= deadline) break;
    await sleep(intervalMs, signal);
  }
  const url = `http://${domain}${port === 80 ? '' : `:${port}`}/.well-known/acme-challenge/${token}`;
  throw new AcmeError(
    'ERR_ACME_SELF_CHECK_FAILED',
    `The HTTP-01 answer at ${url} was not seen within ${timeoutMs} ms (last: ${lastSeen}).`,
    {
      details: {
        name: url,
        url,
        domain,
        ...(options.host === undefined ? {} : { connectedTo: `${host}:${port}` }),
        timeout: timeoutMs,
        lastSeen,
        attempts,
      },
    },
  );
}
