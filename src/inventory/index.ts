/**
 * The certificate inventory: records with status, versions per environment, bindings (where each
 * certificate is used), expiry and revocation alerts sent once, and the storage backends under it.
 * @packageDocumentation
 */

// The storage engines moved to their own layer (`certkit/storage`); re-exported here for existing imports.
export {
  assertStorageKey,
  type DeleteOptions,
  FileStorage,
  type FileStorageOptions,
  type Lock,
  type LockOptions,
  MAX_KEY_LENGTH,
  MemoryStorage,
  type MemoryStorageOptions,
  type PostgresCommonOptions,
  type PostgresPoolClientLike,
  type PostgresPoolLike,
  type PostgresQueryResult,
  PostgresStorage,
  type PostgresStorageOptions,
  type PutOptions,
  type Storage,
  type StoredValue,
} from '../storage/index.js';
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
export { inventoryMetrics } from './prometheus-metrics.js';
export type {
  CertificateFacts,
  Consumer,
  RecordStatus,
  RevocationState,
  StoredVersion,
  VersionStatus,
} from './record.js';
