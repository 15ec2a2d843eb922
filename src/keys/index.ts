/**
 * Private and public keys: parse every common format, export, and prove a key matches a certificate.
 * @packageDocumentation
 */
export type { KeyEncryptionInfo } from './encrypted-private-key-info.js';
export {
  DEFAULT_EXPORT_ITERATIONS,
  type ExportPrivateKeyOptions,
  exportPrivateKey,
} from './export-private-key.js';
export { DEFAULT_MAX_KDF_WORK } from './kdf-budget.js';
export {
  assertKeyMatchesCertificate,
  type HasPublicKey,
  type KeyMatchResult,
  keyMatchesCertificate,
} from './key-match.js';
export { type ParsePrivateKeyOptions, parsePrivateKey } from './parse-private-key.js';
export { type ParsePublicKeyOptions, parsePublicKey } from './parse-public-key.js';
export { PrivateKey, type PrivateKeySummary } from './private-key.js';
export type { PrivateKeyAlgorithm, PrivateKeyFormat } from './private-key-structure.js';
export { type KeyAlgorithm, PublicKey, parseSubjectPublicKeyInfo } from './public-key.js';
