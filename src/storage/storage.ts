/**
 * One stored value and its version. Versions are opaque positive integers that grow with every write
 * of a key, and are not reused after a delete; compare-and-swap writes name the version they expect.
 */
export interface StoredValue {
  readonly value: Uint8Array;
  readonly version: number;
}

/** Options of {@link Storage.put}. */
export interface PutOptions {
  /**
   * Compare-and-swap: the version the caller read. `null` means the key must not exist yet. Absent:
   * write unconditionally. A mismatch throws `ERR_STORAGE_CONFLICT` and writes nothing.
   */
  readonly expectedVersion?: number | null;
  /** The value holds secrets (keys): backends that write files use mode 0600. Default `false`. */
  readonly secret?: boolean;
}

/** Options of {@link Storage.delete}. */
export interface DeleteOptions {
  /**
   * Compare-and-swap on delete; a mismatch, or a key that no longer exists, throws
   * `ERR_STORAGE_CONFLICT` (details `expected`, `actual`; `actual` null when the key is gone).
   */
  readonly expectedVersion?: number;
}

/** Options of {@link Storage.acquireLock}. */
export interface LockOptions {
  /** How long the lease lasts unless renewed, in milliseconds. */
  readonly ttlMs: number;
  /** Who holds it (for diagnostics). Default: host name, process id and a random suffix. */
  readonly owner?: string;
}

/** A named lock held with a lease: it expires by itself if its holder dies and stops renewing it. */
export interface Lock {
  readonly name: string;
  readonly owner: string;
  /** When the lease ends unless renewed. */
  readonly expiresAt: Date;
  /** Extends the lease; false when it was lost (expired and taken by another holder). */
  renew(ttlMs?: number): Promise<boolean>;
  /** Gives the lock up (no-op when already lost). */
  release(): Promise<void>;
}

/**
 * The storage every stateful part of certkit (inventory, ACME accounts and orders) is built on: small
 * enough to implement for any backend. Keys are `/`-separated paths of `[A-Za-z0-9._-]` segments.
 *
 * @example
 * ```ts
 * import { MemoryStorage } from 'certkit/storage';
 * const storage = new MemoryStorage();
 * const v1 = await storage.put('certs/api', bytes, { expectedVersion: null });
 * await storage.put('certs/api', newer, { expectedVersion: v1 });
 * ```
 */
export interface Storage {
  /** The value and version of a key, or undefined. */
  get(key: string): Promise<StoredValue | undefined>;
  /** Writes a value atomically (readers see the old or the new value, never a mix); returns the new version. */
  put(key: string, value: Uint8Array, options?: PutOptions): Promise<number>;
  /** Keys starting with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Deletes a key; false when it did not exist. */
  delete(key: string, options?: DeleteOptions): Promise<boolean>;
  /** Takes the named lock, or answers undefined when another live holder has it. */
  acquireLock(name: string, options: LockOptions): Promise<Lock | undefined>;
  /** Releases resources (connections, timers). */
  close(): Promise<void>;
  /**
   * Optional change feed: calls `listener` after a key under `prefix` was written or deleted, by
   * this process or another one sharing the storage. Resolves once the feed is established (changes
   * made after that are reported). Consumers without it poll (see {@link pollStorage}).
   */
  watch?(prefix: string, listener: StorageChangeListener, options?: WatchOptions): Promise<StorageWatch>;
}

/**
 * A change reported by {@link Storage.watch}: a key written (`version` its new version) or deleted
 * (`version` null), or `resync` when changes may have been missed (a lost connection): read again.
 *
 * @example
 * ```ts
 * import type { StorageChange } from 'certkit/storage';
 * const show = (c: StorageChange) => (c.type === 'resync' ? 'reload all' : `${c.key}@${c.version}`);
 * ```
 */
export type StorageChange =
  | { readonly type: 'put'; readonly key: string; readonly version: number }
  | { readonly type: 'delete'; readonly key: string; readonly version: null }
  | { readonly type: 'resync' };

/**
 * Receives the changes of a {@link Storage.watch}. It may be called more than once for one change,
 * and changes of one key may be coalesced: read the key for its current value.
 *
 * @example
 * ```ts
 * import type { StorageChangeListener } from 'certkit/storage';
 * const listener: StorageChangeListener = (c) => { if (c.type !== 'resync') console.log(c.key); };
 * ```
 */
export type StorageChangeListener = (change: StorageChange) => void;

/**
 * Options of {@link Storage.watch}.
 *
 * @example
 * ```ts
 * await storage.watch?.('registry/', onChange, { intervalMs: 250 });
 * ```
 */
export interface WatchOptions {
  /** For backends that poll (files): how often, in milliseconds. Default the backend's own (1,000 for files). */
  readonly intervalMs?: number;
  /** For backends with a listening connection (PostgreSQL): how long to wait before reconnecting, in ms. Default 1,000. */
  readonly retryMs?: number;
}

/**
 * A running {@link Storage.watch}; `close` stops it.
 *
 * @example
 * ```ts
 * const feed = await storage.watch?.('registry/', onChange);
 * await feed?.close();
 * ```
 */
export interface StorageWatch {
  /** Stops reporting changes (idempotent). */
  close(): Promise<void>;
}
