import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Storage } from '../../../storage/storage.js';
import { HTTP01_PATH_PREFIX, http01Prefix, http01StorageKey, isHttp01Token } from './token-key.js';

/** Options of `createHttp01Handler`. */
export interface Http01HandlerOptions {
  /** Where `StorageHttp01Solver` writes the answers (shared between replicas). */
  readonly storage: Storage;
  /** The storage folder of the answers; the same as the solver's. Default `acme/http-01`. */
  readonly prefix?: string;
}

/**
 * Answers HTTP-01 requests; resolves `true` when it answered, `false` when the request is not for
 * `/.well-known/acme-challenge/` (after calling `next`, when given). It rejects only when `next` throws.
 */
export type Http01Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => Promise<boolean>;

/** The path of a request target, without query or fragment; undefined when it is not a path. */
function requestPath(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || url.length === 0) return undefined;
  let target = url;
  if (!target.startsWith('/')) {
    // absolute-form (RFC 9112 section 3.2.2), as sent to proxies
    try {
      const parsed = new URL(target);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
      return parsed.pathname;
    } catch {
      return undefined;
    }
  }
  const end = target.search(/[?#]/);
  if (end >= 0) target = target.slice(0, end);
  return target;
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/plain',
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/**
 * Makes a request handler for Node `http` servers (or Express/Connect-style middleware) that answers
 * HTTP-01 challenges from shared storage: `GET` or `HEAD /.well-known/acme-challenge/<token>` gets the key
 * authorization stored by `StorageHttp01Solver` as `text/plain`, an unknown or malformed token gets
 * 404, other methods 405, a storage failure 503. Any other path is left alone: `next()` is called when
 * given, and the promise resolves `false`. It never rejects on odd input (path traversal, encoded
 * characters, absolute-form targets): tokens are matched literally against the base64url alphabet.
 *
 * @throws TypeError (when called, not from the handler) when `storage` is not a Storage or `prefix` is
 *   not a storage path.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createHttp01Handler } from 'certkit/acme';
 * import { FileStorage } from 'certkit/storage';
 * const acme = createHttp01Handler({ storage: new FileStorage({ dir: '/var/lib/certkit' }) });
 * createServer((req, res) => {
 *   void acme(req, res, () => app(req, res));
 * }).listen(80);
 * ```
 * @see RFC 8555 section 8.3
 */
export function createHttp01Handler(options: Http01HandlerOptions): Http01Handler {
  const storage = options?.storage;
  if (typeof storage?.get !== 'function') throw new TypeError('storage must be a certkit Storage');
  const prefix = http01Prefix(options.prefix);
  return async (req, res, next) => {
    const path = requestPath(req?.url);
    if (path === undefined || !path.startsWith(HTTP01_PATH_PREFIX)) {
      if (typeof next === 'function') next(); // the caller's code: its exceptions are its own
      return false;
    }
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        answer(req, res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
        return true;
      }
      const token = path.slice(HTTP01_PATH_PREFIX.length);
      if (!isHttp01Token(token, prefix)) {
        answer(req, res, 404, 'Not found\n');
        return true;
      }
      let stored: Awaited<ReturnType<Storage['get']>>;
      try {
        stored = await storage.get(http01StorageKey(prefix, token));
      } catch {
        answer(req, res, 503, 'Challenge storage unavailable\n', { 'Retry-After': '1' });
        return true;
      }
      if (stored === undefined) answer(req, res, 404, 'Not found\n');
      else answer(req, res, 200, Buffer.from(stored.value).toString('utf8'));
      return true;
    } catch {
      // a response that could not be written (socket gone): nothing more to do
      try {
        res?.destroy();
      } catch {
        // ignore
      }
      return true;
    }
  };
}
