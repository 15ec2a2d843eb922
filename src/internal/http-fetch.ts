import type { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import type { request as httpsRequest } from 'node:https';
import type { isIP } from 'node:net';

/**
 * certkit's one HTTP client (AIA issuers, CRLs, OCSP, the ACME HTTP-01 self-check): a deadline for the
 * whole exchange, a size cap on the body, and a redirect policy (http and https only, a small number
 * of hops). It never throws anything but {@link HttpFetchFailure}, which each caller turns into its
 * own `CertkitError` code. Built on `node:http` so that a caller may connect to another address than
 * the URL's host (a load balancer, 127.0.0.1 in tests) while sending the URL's Host header.
 */

/** Why a fetch failed. */
export type HttpFetchFailureKind = 'bad-url' | 'scheme' | 'network' | 'timeout' | 'too-large' | 'redirects';

/** @internal A failed fetch; never escapes certkit (callers map it to their codes). */
export class HttpFetchFailure extends Error {
  override readonly name = 'HttpFetchFailure';
  /** The system error code of a network failure (`ECONNREFUSED`, …). */
  readonly code?: string;
  /** The status of the response that redirected to an unusable Location, or of a too-large body. */
  readonly status?: number;
  /** The scheme refused (`ftp:`, `ldap:`, …). */
  readonly protocol?: string;
  constructor(
    readonly kind: HttpFetchFailureKind,
    readonly url: string,
    message: string,
    options: { cause?: unknown; code?: string; status?: number; protocol?: string } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    if (options.code !== undefined) this.code = options.code;
    if (options.status !== undefined) this.status = options.status;
    if (options.protocol !== undefined) this.protocol = options.protocol;
  }
}

/** Default redirect limit: CRL, OCSP and AIA URLs rarely redirect, and never far. */
export const DEFAULT_MAX_REDIRECTS = 3;

/** @internal One request. */
export interface HttpFetchRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Deadline of the whole exchange, redirects included, in milliseconds. */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes (declared or streamed). */
  readonly maxBytes: number;
  /** Redirects followed (to http or https URLs only). Default 3; 0 returns the 3xx response. */
  readonly maxRedirects?: number;
  /** Connect to this host for requests to the first URL's host name (the Host header stays the URL's). */
  readonly connectTo?: string;
  /** The Host header of the first request only (the ACME self-check sends the bare domain). Default the URL's. */
  readonly firstHostHeader?: string;
  /** Check the certificates of https servers. Default `true`. */
  readonly verifyTls?: boolean;
  /** Aborts the exchange; the promise then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

/** @internal What came back: any status (the caller decides what is acceptable). */
export interface HttpFetchResponse {
  readonly status: number;
  /** The URL that answered (after redirects). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
  readonly redirects: number;
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

interface Transport {
  readonly http: typeof httpRequest;
  readonly https: typeof httpsRequest;
  readonly isIP: typeof isIP;
}

let transport: Promise<Transport> | undefined;

/**
 * node:http, node:https and node:net, imported on the first fetch rather than with this module:
 * loading them (and node:tls under https) is a tenth of the start-up of a `certkit verify` that
 * fetches nothing (issue 16).
 */
function loadTransport(): Promise<Transport> {
  transport ??= Promise.all([import('node:http'), import('node:https'), import('node:net')]).then(
    ([http, https, net]) => ({ http: http.request, https: https.request, isIP: net.isIP }),
  );
  return transport;
}

function parseUrl(url: string | URL, base?: URL, status?: number): URL {
  const from = status === undefined ? {} : { status };
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch (cause) {
    throw new HttpFetchFailure('bad-url', String(url), `Not a valid URL: ${String(url)}.`, {
      cause,
      ...from,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HttpFetchFailure(
      'scheme',
      parsed.href,
      `Cannot fetch ${parsed.href}: only http and https URLs are supported.`,
      { protocol: parsed.protocol, ...from },
    );
  }
  return parsed;
}

/**
 * @internal Fetches `url` under the request's deadline, size cap and redirect policy.
 * @throws HttpFetchFailure; `signal.reason` when aborted.
 */
export async function httpFetch(url: string, request: HttpFetchRequest): Promise<HttpFetchResponse> {
  const first = parseUrl(url);
  const deadline = Date.now() + request.timeoutMs;
  const maxRedirects = request.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let target = first;
  let method = request.method ?? 'GET';
  let body = request.body;
  const send = await loadTransport();
  for (let hop = 0; ; hop++) {
    const connectTo = target.hostname === first.hostname ? request.connectTo : undefined;
    const left = Math.max(1, deadline - Date.now());
    const hostHeader = hop === 0 ? request.firstHostHeader : undefined;
    const response = await exchange(send, target, request, {
      method,
      body,
      connectTo,
      hostHeader,
      timeoutMs: left,
    });
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || location === undefined || maxRedirects === 0) {
      return { ...response, redirects: hop };
    }
    if (hop >= maxRedirects) {
      throw new HttpFetchFailure(
        'redirects',
        first.href,
        `${first.href} redirected more than ${maxRedirects} times.`,
      );
    }
    target = parseUrl(location, target, response.status);
    // 303, and 301/302 after a POST, continue as a GET without a body (as browsers and fetch do).
    if (
      response.status === 303 ||
      (method === 'POST' && (response.status === 301 || response.status === 302))
    ) {
      method = 'GET';
      body = undefined;
    }
  }
}

interface Exchange {
  readonly method: 'GET' | 'POST';
  readonly body: Uint8Array | undefined;
  readonly connectTo: string | undefined;
  readonly hostHeader: string | undefined;
  readonly timeoutMs: number;
}

/** One request and its response, with the deadline and the size cap. */
function exchange(
  transport: Transport,
  url: URL,
  request: HttpFetchRequest,
  hop: Exchange,
): Promise<Omit<HttpFetchResponse, 'redirects'>> {
  const options = { ...request, ...hop };
  return new Promise((resolve, reject) => {
    const signal = options.signal;
    if (signal?.aborted === true) return reject(signal.reason);
    const https = url.protocol === 'https:';
    const host = (options.connectTo ?? url.hostname).replace(/^\[|\]$/g, '');
    const headers: Record<string, string> = { host: options.hostHeader ?? url.host, ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(options.body.length);
    const send = https ? transport.https : transport.http;
    let settled = false;
    const finish = (error: unknown, value?: Omit<HttpFetchResponse, 'redirects'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (error === undefined) resolve(value!);
      else reject(error);
    };
    const onAbort = (): void => finish(signal?.reason);
    const timer = setTimeout(
      () =>
        finish(
          new HttpFetchFailure(
            'timeout',
            url.href,
            `Fetching ${url.href} took longer than ${options.timeoutMs} ms.`,
          ),
        ),
      options.timeoutMs,
    );
    const req = send(
      {
        host,
        port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: options.method,
        headers,
        agent: false,
        ...(https
          ? {
              rejectUnauthorized: options.verifyTls !== false,
              ...(transport.isIP(url.hostname) === 0 ? { servername: url.hostname } : {}),
            }
          : {}),
      },
      (res) => {
        const declared = Number(res.headers['content-length'] ?? Number.NaN);
        const tooLarge = (): HttpFetchFailure =>
          new HttpFetchFailure(
            'too-large',
            url.href,
            `The response from ${url.href} exceeds ${options.maxBytes} bytes.`,
          );
        if (Number.isFinite(declared) && declared > options.maxBytes) return finish(tooLarge());
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > options.maxBytes) return finish(tooLarge());
          chunks.push(chunk);
        });
        res.on('error', (cause) =>
          finish(
            new HttpFetchFailure('network', url.href, `Reading the response from ${url.href} failed.`, {
              cause,
            }),
          ),
        );
        res.on('end', () =>
          finish(undefined, {
            status: res.statusCode ?? 0,
            url: url.href,
            headers: res.headers,
            body: new Uint8Array(Buffer.concat(chunks, total)),
          }),
        );
      },
    );
    req.on('error', (cause: NodeJS.ErrnoException) =>
      finish(
        new HttpFetchFailure('network', url.href, `Fetching ${url.href} failed: ${cause.message}`, {
          cause,
          ...(cause.code === undefined ? {} : { code: cause.code }),
        }),
      ),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(options.body === undefined ? undefined : Buffer.from(options.body));
  });
}
