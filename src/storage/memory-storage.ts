import { ChangeHub } from './change-hub.js';
import { closedError, conflictError } from './conflict.js';
import { assertStorageKey, assertStoragePrefix, assertTtl, assertVersion } from './key.js';
import { defaultLockOwner, lockToken } from './owner.js';
import type {
  DeleteOptions,
  Lock,
  LockOptions,
  PutOptions,
  Storage,
  StorageChangeListener,
  StorageWatch,
  StoredValue,
} from './storage.js';

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /** The clock that judges lock leases, in milliseconds since the epoch. Default `Date.now`. */
  readonly clock?: () => number;
}

interface LeaseEntry {
  readonly owner: string;
  readonly token: string;
  expiresAt: number;
}

/**
 * A {@link Storage} kept in the memory of one process: for tests and short-lived tools. Values are
 * copied in and out; versions come from one counter, so they are never reused even after a delete.
 * Lock leases are judged by the injectable `clock`.
 *
 * @example
 * ```ts
 * import { MemoryStorage } from 'certkit/storage';
 * let now = Date.parse('2026-01-01T00:00:00Z');
 * const storage = new MemoryStorage({ clock: () => now });
 * const lock = await storage.acquireLock('renew/api', { ttlMs: 60_000 });
 * now += 61_000; // the lease ran out: another holder may take it
 * ```
 * @see Storage
 */
export class MemoryStorage implements Storage {
  readonly #values = new Map<string, StoredValue>();
  readonly #locks = new Map<string, LeaseEntry>();
  readonly #clock: () => number;
  readonly #hub = new ChangeHub();
  #counter = 0;
  #closed = false;

  constructor(options: MemoryStorageOptions = {}) {
    this.#clock = options.clock ?? Date.now;
  }

  #open(): void {
    if (this.#closed) throw closedError();
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`. */
  async get(key: string): Promise<StoredValue | undefined> {
    this.#open();
    assertStorageKey(key);
    const found = this.#values.get(key);
    return found === undefined ? undefined : { value: found.value.slice(), version: found.version };
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CONFLICT`. */
  async put(key: string, value: Uint8Array, options: PutOptions = {}): Promise<number> {
    this.#open();
    assertStorageKey(key);
    if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
    const current = this.#values.get(key);
    const expected = options.expectedVersion;
    if (expected !== undefined) {
      if (expected !== null) assertVersion(expected, 'expectedVersion');
      const actual = current?.version ?? null;
      if (actual !== expected) throw conflictError(key, expected, actual);
    }
    const version = ++this.#counter;
    this.#values.set(key, { value: Uint8Array.from(value), version });
    this.#hub.publish({ type: 'put', key, version });
    return version;
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`. */
  async list(prefix: string): Promise<string[]> {
    this.#open();
    assertStoragePrefix(prefix);
    return [...this.#values.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CONFLICT`. */
  async delete(key: string, options: DeleteOptions = {}): Promise<boolean> {
    this.#open();
    assertStorageKey(key);
    const current = this.#values.get(key);
    if (options.expectedVersion !== undefined) {
      assertVersion(options.expectedVersion, 'expectedVersion');
      const actual = current?.version ?? null;
      if (actual !== options.expectedVersion) throw conflictError(key, options.expectedVersion, actual);
    }
    const deleted = this.#values.delete(key);
    if (deleted) this.#hub.publish({ type: 'delete', key, version: null });
    return deleted;
  }

  /**
   * Reports every write and delete under `prefix` at once (synchronously, after the change).
   * @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CLOSED`.
   */
  async watch(prefix: string, listener: StorageChangeListener): Promise<StorageWatch> {
    this.#open();
    assertStoragePrefix(prefix);
    return this.#hub.add(prefix, listener);
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`. */
  async acquireLock(name: string, options: LockOptions): Promise<Lock | undefined> {
    this.#open();
    assertStorageKey(name);
    assertTtl(options?.ttlMs);
    const now = this.#clock();
    const held = this.#locks.get(name);
    if (held !== undefined && held.expiresAt > now) return undefined;
    const entry: LeaseEntry = {
      owner: options.owner ?? defaultLockOwner(),
      token: lockToken(),
      expiresAt: now + options.ttlMs,
    };
    this.#locks.set(name, entry);
    const locks = this.#locks;
    const clock = this.#clock;
    const defaultTtl = options.ttlMs;
    return {
      name,
      owner: entry.owner,
      get expiresAt() {
        return new Date(entry.expiresAt);
      },
      async renew(ttlMs = defaultTtl): Promise<boolean> {
        assertTtl(ttlMs);
        if (locks.get(name) !== entry) return false;
        entry.expiresAt = clock() + ttlMs;
        return true;
      },
      async release(): Promise<void> {
        if (locks.get(name) === entry) locks.delete(name);
      },
    };
  }

  /** Drops every value and lock. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#hub.clear();
    this.#values.clear();
    this.#locks.clear();
  }
}
