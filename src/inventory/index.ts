/**
 * The certificate inventory: records with status, versions per environment, bindings (where each
 * certificate is used), expiry and revocation alerts sent once, and the storage backends under it.
 * @packageDocumentation
 */
export type {
  DeleteOptions,
  Lock,
  LockOptions,
  PutOptions,
  Storage,
  StoredValue,
} from './storage/storage.js';
export { MemoryStorage, type MemoryStorageOptions } from './storage/memory-storage.js';
export { FileStorage, type FileStorageOptions } from './storage/file-storage.js';
export {
  PostgresStorage,
  type PostgresStorageOptions,
  type PostgresPoolLike,
} from './storage/postgres-storage.js';
export { assertStorageKey, MAX_KEY_LENGTH } from './storage/key.js';
