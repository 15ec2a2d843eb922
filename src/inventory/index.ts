/**
 * The certificate inventory: records with status, versions per environment, bindings (where each
 * certificate is used), expiry and revocation alerts sent once, and the storage backends under it.
 * @packageDocumentation
 */

export type { AlertPolicy } from './alert-schedule.js';
export {
  type AlertSender,
  CertificateInventory,
  type CertificateRecord,
  type DeploymentState,
  type EnvironmentView,
  type ImportInput,
  type ImportOptions,
  type InventoryAlert,
  type InventoryOptions,
  type VersionView,
} from './certificate-inventory.js';
export type {
  CertificateFacts,
  Consumer,
  RecordStatus,
  RevocationState,
  StoredVersion,
  VersionStatus,
} from './record.js';
export { FileStorage, type FileStorageOptions } from './storage/file-storage.js';
export { assertStorageKey, MAX_KEY_LENGTH } from './storage/key.js';
export { MemoryStorage, type MemoryStorageOptions } from './storage/memory-storage.js';
export {
  type PostgresCommonOptions,
  type PostgresPoolClientLike,
  type PostgresPoolLike,
  type PostgresQueryResult,
  PostgresStorage,
  type PostgresStorageOptions,
} from './storage/postgres-storage.js';
export type {
  DeleteOptions,
  Lock,
  LockOptions,
  PutOptions,
  Storage,
  StoredValue,
} from './storage/storage.js';
