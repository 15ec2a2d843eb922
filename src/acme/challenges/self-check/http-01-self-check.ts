import { type IncomingMessage, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { AcmeError } from '../../../errors/area-errors.js';
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

/** Where one request goes: the URL it asks for, and the address it connects to. */
interface Target {
  readonly url: URL;
  /** Connect here (the `host` option for the challenge's own domain), else the URL's host name. */
  readonly connectTo: string;
  /** The Host header: the bare domain for the first request (what the CA sends on port 80). */
  readonly hostHeader: string;
}

/** A CA follows redirects (RFC 8555 section 8.3); so does the self-check, up to this many. */
const MAX_REDIRECTS = 10;

/**
 * One GET, following redirects to http or https URLs (certificates of https targets are not checked,
 * as CAs do not check them); never rejects except for an abort through `signal`.
 */
async function attempt(
  challenge: Http01Challenge,
  first: Target,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  const deadline = Date.now() + timeoutMs;
  let target = first;
  for (let hop = 0; ; hop++) {
    const left = Math.max(1, deadline - Date.now());
    const result = await fetchOnce(challenge, target, left, signal);
    if (result.location === undefined) return result;
    if (hop >= MAX_REDIRECTS) return { ok: false, seen: `more than ${MAX_REDIRECTS} redirects` };
    let next: URL;
    try {
      next = new URL(result.location, target.url);
    } catch {
      return { ok: false, seen: `${result.seen} to an unreadable Location` };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { ok: false, seen: `${result.seen} to a ${next.protocol} URL` };
    }
    const sameHost = next.hostname === first.url.hostname;
    target = { url: next, connectTo: sameHost ? first.connectTo : next.hostname, hostHeader: next.host };
  }
}

/** One request; a 3xx with a Location comes back as `location` for the caller to follow. */
function fetchOnce(
  challenge: Http01Challenge,
  target: Target,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Attempt & { readonly location?: string }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (result: Attempt & { readonly location?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(result);
    };
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(signal?.reason);
    };
    // a hard limit for the whole exchange (the socket timeout below only covers idle periods)
    const timer = setTimeout(() => done({ ok: false, seen: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const https = target.url.protocol === 'https:';
    const host = target.connectTo.startsWith('[') ? target.connectTo.slice(1, -1) : target.connectTo;
    const options = {
      host,
      port: target.url.port === '' ? (https ? 443 : 80) : Number(target.url.port),
      path: `${target.url.pathname}${target.url.search}`,
      method: 'GET',
      headers: { Host: target.hostHeader, Accept: '*/*', 'User-Agent': 'certkit-self-check' },
      agent: false,
      timeout: timeoutMs,
      ...(https
        ? {
            rejectUnauthorized: false,
            servername: isIP(target.url.hostname) ? undefined : target.url.hostname,
          }
        : {}),
    };
    const onResponse = (res: IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && typeof res.headers.location === 'string') {
        done({ ok: false, seen: `HTTP ${status}`, location: res.headers.location });
        return;
      }
      if (status !== 200) {
        done({ ok: false, seen: `HTTP ${status}` });
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_BODY_BYTES)
          done({ ok: false, seen: `HTTP 200 with a body over ${MAX_BODY_BYTES} bytes` });
        else chunks.push(chunk);
      });
      res.on('end', () => {
        // RFC 8555 section 8.3: whitespace at the end of the body is ignored
        const body = Buffer.concat(chunks).toString('utf8').replace(/\s+$/, '');
        done(
          body === challenge.keyAuthorization
            ? { ok: true, seen: 'HTTP 200 with the key authorization' }
            : { ok: false, seen: 'HTTP 200 with another body' },
        );
      });
      res.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, seen: e.code ?? e.message }));
    };
    const req = https ? httpsRequest(options, onResponse) : request(options, onResponse);
    req.on('timeout', () => done({ ok: false, seen: `no answer within ${timeoutMs} ms` }));
    req.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, seen: e.code ?? e.message }));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/**
 * Waits until `http://<domain>/.well-known/acme-challenge/<token>` answers 200 with the key
 * authorization (whitespace at the end ignored), as the CA will check it: a plain HTTP GET to the domain
 * (or `host`) on port 80 (or `port`) with `Host: <domain>`, repeated every `intervalMs` until it matches
 * or `timeoutMs` passes. Redirects are not followed (a 3xx counts as "not yet").
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
    const result = await attempt(
      challenge,
      { url: firstUrl, connectTo: host, hostHeader: domain },
      Math.min(ATTEMPT_TIMEOUT_MS, remaining),
      signal,
    );
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
