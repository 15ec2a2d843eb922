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
