/**
 * Typed errors: `CertkitError`, one subclass per area, the catalogue of codes and `isCertkitError()`.
 * @packageDocumentation
 */
export {
  AcmeError,
  ChainError,
  CliError,
  DerError,
  InputError,
  InventoryError,
  IssueError,
  KeyError,
  PemError,
  RevocationError,
  StoreError,
  TlsError,
  X509Error,
} from './area-errors.js';
export { CERTKIT_ERROR_BRAND } from './brand.js';
export {
  ACME_CODES,
  type AcmeErrorCode,
  type CertkitErrorCode,
  CHAIN_CODES,
  type ChainErrorCode,
  CLI_CODES,
  type CliErrorCode,
  DER_CODES,
  type DerErrorCode,
  ERROR_CATALOGUE,
  type ErrorCatalogueEntry,
  type ErrorCatalogueEntryView,
  INPUT_CODES,
  INVENTORY_CODES,
  type InputErrorCode,
  type InventoryErrorCode,
  ISSUE_CODES,
  type IssueErrorCode,
  KEY_CODES,
  type KeyErrorCode,
  listErrorCodes,
  PEM_CODES,
  type PemErrorCode,
  REVOCATION_CODES,
  type RevocationErrorCode,
  STORE_CODES,
  type StoreErrorCode,
  TLS_CODES,
  type TlsErrorCode,
  X509_CODES,
  type X509ErrorCode,
} from './catalogue/index.js';
export {
  CertkitError,
  type CertkitErrorJson,
  type CertkitErrorOptions,
  type ErrorDetails,
} from './certkit-error.js';
export { isCertkitError } from './is-certkit-error.js';
export { REDACTED, redactSecrets } from './redact.js';
