import { InventoryError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import type { PutOptions, Storage } from '../storage/storage.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** @internal Whether an error is a lost compare-and-swap. */
export function isConflict(e: unknown): boolean {
  return isCertkitError(e) && (e.code as string) === 'ERR_STORAGE_CONFLICT';
}

/** @internal Encodes a JSON value. */
export function toBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** @internal Reads a JSON value and its version. */
export async function getJson<T>(
  storage: Storage,
  key: string,
): Promise<{ value: T; version: number } | undefined> {
  const got = await storage.get(key);
  if (got === undefined) return undefined;
  try {
    return { value: JSON.parse(decoder.decode(got.value)) as T, version: got.version };
  } catch (cause) {
    throw new InventoryError('ERR_INVENTORY_CORRUPT', `The stored value "${key}" is not valid JSON.`, {
      cause,
      details: { key },
    });
  }
}

/** @internal Reads a text value. */
export async function getText(storage: Storage, key: string): Promise<string | undefined> {
  const got = await storage.get(key);
  return got === undefined ? undefined : decoder.decode(got.value);
}

/** @internal Writes text. */
export function putText(storage: Storage, key: string, text: string, options?: PutOptions): Promise<number> {
  return storage.put(key, encoder.encode(text), options);
}

const MAX_ATTEMPTS = 50;

/**
 * @internal Read-modify-write under compare-and-swap: `change` gets the current value (or undefined)
 * and returns the new value, or `undefined` to write nothing. Retried on a lost race.
 */
export async function updateJson<T, R = T>(
  storage: Storage,
  key: string,
  change: (current: T | undefined) => { value: T; result: R } | { result: R },
): Promise<R> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cur = await getJson<T>(storage, key);
    const out = change(cur?.value);
    if (!('value' in out)) return out.result;
    try {
      await storage.put(key, toBytes(out.value), { expectedVersion: cur === undefined ? null : cur.version });
      return out.result;
    } catch (e) {
      if (!isConflict(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
  throw new InventoryError('ERR_INVENTORY_CONTENTION', `The update of "${key}" kept losing its race.`, {
    details: { key, attempts: MAX_ATTEMPTS },
  });
}
