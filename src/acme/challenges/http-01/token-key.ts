import { MAX_KEY_LENGTH } from '../../../storage/key.js';

/** Where HTTP-01 answers live in storage unless told otherwise: `acme/http-01/<token>`. */
export const DEFAULT_HTTP01_PREFIX = 'acme/http-01';

/** The URL path under which HTTP-01 tokens are served (RFC 8555 section 8.3). */
export const HTTP01_PATH_PREFIX = '/.well-known/acme-challenge/';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** @internal The storage folder for tokens: `prefix` without a trailing `/`, checked. */
export function http01Prefix(prefix: string | undefined): string {
  if (prefix === undefined) return DEFAULT_HTTP01_PREFIX;
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!PREFIX.test(trimmed) || trimmed.split('/').some((s) => s === '.' || s === '..')) {
    throw new TypeError('prefix must be a storage path of [A-Za-z0-9._-] segments, e.g. "acme/http-01"');
  }
  if (trimmed.length > MAX_KEY_LENGTH / 2) throw new TypeError('prefix is too long');
  return trimmed;
}

/**
 * @internal Whether `token` can be an HTTP-01 token stored under `prefix`: base64url characters only
 * (RFC 8555 section 8.3) and short enough for a storage key.
 */
export function isHttp01Token(token: unknown, prefix: string): boolean {
  return (
    typeof token === 'string' &&
    token.length > 0 &&
    token.length <= MAX_KEY_LENGTH - prefix.length - 1 &&
    BASE64URL.test(token)
  );
}

/** @internal The storage key of a token. */
export function http01StorageKey(prefix: string, token: string): string {
  return `${prefix}/${token}`;
}
