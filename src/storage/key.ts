import { InventoryError } from '../errors/area-errors.js';

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const PREFIX = /^[A-Za-z0-9._/-]*$/;
/** The longest key accepted (file names are limited to 255 bytes on common filesystems). */
export const MAX_KEY_LENGTH = 200;

function invalid(key: string, reason: string): InventoryError {
  return new InventoryError('ERR_STORAGE_INVALID_KEY', `Invalid storage key: ${reason}`, {
    details: { storageKey: key.slice(0, 300), reason },
  });
}

/**
 * Checks a storage key or lock name: `/`-separated segments of `[A-Za-z0-9._-]`, none empty, `.` or
 * `..`, at most {@link MAX_KEY_LENGTH} characters.
 *
 * @throws InventoryError `ERR_STORAGE_INVALID_KEY` when the key is not valid.
 * @throws TypeError when `key` is not a string.
 * @example
 * ```ts
 * import { assertStorageKey } from 'certkit/storage';
 * assertStorageKey('certs/api.example.com'); // ok
 * ```
 */
export function assertStorageKey(key: string): void {
  if (typeof key !== 'string') throw new TypeError('storage key must be a string');
  if (key.length === 0) throw invalid(key, 'empty');
  if (key.length > MAX_KEY_LENGTH) throw invalid(key, `longer than ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    if (segment.length === 0) throw invalid(key, 'empty segment (leading, trailing or double "/")');
    if (segment === '.' || segment === '..') throw invalid(key, '"." or ".." segment');
    if (!SEGMENT.test(segment)) throw invalid(key, 'characters outside [A-Za-z0-9._-]');
  }
}

/** Checks a list prefix: the key characters only (it may end in the middle of a segment, or be empty). */
export function assertStoragePrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw new TypeError('storage prefix must be a string');
  if (prefix.length > MAX_KEY_LENGTH) throw invalid(prefix, `longer than ${MAX_KEY_LENGTH} characters`);
  if (!PREFIX.test(prefix)) throw invalid(prefix, 'characters outside [A-Za-z0-9._/-]');
}

/** Checks a version argument (a positive safe integer). */
export function assertVersion(version: unknown, what: string): void {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new TypeError(`${what} must be a positive integer`);
  }
}

/** Checks a lease length. */
export function assertTtl(ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TypeError('ttlMs must be a positive number of milliseconds');
  }
}
