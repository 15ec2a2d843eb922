/**
 * Shared state for certkit: a key/value `Storage` with compare-and-set and leased locks, and its
 * engines (in memory, files, PostgreSQL). The inventory, the stores, ACME and the CA keep their state
 * here, so several processes on one `Storage` agree.
 * @packageDocumentation
 */

export { FileStorage, type FileStorageOptions } from './file-storage.js';
export { assertStorageKey, MAX_KEY_LENGTH } from './key.js';
export { MemoryStorage, type MemoryStorageOptions } from './memory-storage.js';
export { type PollStorageOptions, pollStorage } from './poll-storage.js';
export {
  type PostgresCommonOptions,
  type PostgresPoolClientLike,
  type PostgresPoolLike,
  type PostgresQueryResult,
  PostgresStorage,
  type PostgresStorageOptions,
} from './postgres-storage.js';
export type {
  DeleteOptions,
  Lock,
  LockOptions,
  PutOptions,
  Storage,
  StorageChange,
  StorageChangeListener,
  StorageWatch,
  StoredValue,
  WatchOptions,
} from './storage.js';
