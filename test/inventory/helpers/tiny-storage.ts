/**
 * A tiny in-memory Storage for the inventory tests (CAS on versions, prefix list), so they do not
 * depend on the storage backends under construction. Operations yield to the event loop, so two
 * inventories over one instance really interleave.
 */
import { InventoryError } from '../../../src/errors/area-errors.js';
import type { Lock, PutOptions, Storage, StoredValue } from '../../../src/storage/storage.js';

export class TinyStorage implements Storage {
  readonly values = new Map<string, { value: Uint8Array; version: number; secret: boolean }>();
  #counter = 0;

  async get(key: string): Promise<StoredValue | undefined> {
    await Promise.resolve();
    const v = this.values.get(key);
    return v === undefined ? undefined : { value: v.value.slice(), version: v.version };
  }

  async put(key: string, value: Uint8Array, options: PutOptions = {}): Promise<number> {
    await new Promise((r) => setImmediate(r));
    const cur = this.values.get(key);
    if (options.expectedVersion !== undefined) {
      const actual = cur?.version ?? null;
      if (actual !== options.expectedVersion) {
        throw new InventoryError('ERR_STORAGE_CONFLICT', 'conflict', {
          details: { key, expected: options.expectedVersion, actual },
        });
      }
    }
    const version = ++this.#counter;
    this.values.set(key, { value: value.slice(), version, secret: options.secret === true });
    return version;
  }

  async list(prefix: string): Promise<string[]> {
    await Promise.resolve();
    return [...this.values.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  async delete(key: string, options: { expectedVersion?: number } = {}): Promise<boolean> {
    await new Promise((r) => setImmediate(r));
    const cur = this.values.get(key);
    if (options.expectedVersion !== undefined && cur?.version !== options.expectedVersion) {
      throw new InventoryError('ERR_STORAGE_CONFLICT', 'conflict', {
        details: { key, expected: options.expectedVersion, actual: cur?.version ?? null },
      });
    }
    return this.values.delete(key);
  }

  async acquireLock(): Promise<Lock | undefined> {
    throw new Error('not needed by the inventory');
  }

  async close(): Promise<void> {}

  /** Every stored byte, decoded as latin1, for "no plaintext key at rest" checks. */
  dump(): string {
    return [...this.values.values()].map((v) => Buffer.from(v.value).toString('latin1')).join('\n');
  }
}
