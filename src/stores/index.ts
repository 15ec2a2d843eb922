/**
 * Keystores and truststores: PKCS#12, JKS and PEM bundles; named stores reached through `ref://`
 * references; rotation checks before a reference is re-pointed.
 * @packageDocumentation
 */
export {
  type KeyEntryData,
  LEGACY_PKCS12_ITERATIONS,
  type Pkcs12Profile,
  type ReadJksOptions,
  type ReadPemBundleOptions,
  type ReadPkcs12Options,
  readJks,
  readPemBundle,
  readPkcs12,
  type StoreContents,
  type TrustedEntryData,
  type WritePemBundleOptions,
  type WritePkcs12Options,
  writePemBundle,
  writePkcs12,
} from './formats/index.js';

export {
  checkKeyEntry,
  checkKeyEntryAsync,
  type KeyEntryAsyncCheckOptions,
  type KeyEntryCheckOptions,
  type KeyEntryCheckResult,
  type KeyEntryFinding,
  type KeyEntryFindingCode,
  type KeyEntryInput,
  type TrustSource,
} from './key-entry-checks.js';
export { type KeyStrength, keyStrength } from './key-strength.js';
export {
  type KeyEntryAsyncOptions,
  type KeyEntryOptions,
  Keystore,
  type KeystoreAuditFinding,
  type KeystoreFromJksOptions,
  type KeystoreFromPemOptions,
  type KeystoreFromPkcs12Options,
  type KeystoreLoadOptions,
  type KeystoreSummary,
  type KeystoreToPemOptions,
  type KeystoreToPkcs12Options,
} from './keystore.js';
export { KeystoreEntry, type KeystoreEntrySummary } from './keystore-entry.js';
export {
  checkKeystoreRotation,
  checkTruststoreRotation,
  type KeystoreRotationOptions,
  type RotationFinding,
  type RotationFindingCode,
  type RotationReport,
  type StoreRole,
} from './rotation-check.js';
export type { StoreDiff, StoreDiffChange, StoreDiffEntry } from './store-diff.js';
export type { FindingSeverity, StoreFinding } from './store-finding.js';
export {
  type ChangeAttribution,
  type CheckRotationOptions,
  type OpenStoreRegistryOptions,
  type ReferenceHistoryEntry,
  type ReferenceInfo,
  type ReferenceUsage,
  type RepointOptions,
  type RepointResult,
  type ResolveOptions,
  type Store,
  type StoreChangeEvent,
  type StoreKind,
  StoreRegistry,
  type StoreRegistryOptions,
} from './store-registry.js';
export { REFERENCE_PREFIX, type StoreSpec } from './store-spec.js';
export type { StoreCertificateSummary } from './store-summary.js';
export {
  type TrustedEntryOptions,
  Truststore,
  type TruststoreFromCertificatesOptions,
  type TruststoreSummary,
} from './truststore.js';
