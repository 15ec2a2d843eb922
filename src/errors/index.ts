/**
 * Typed errors: `CertkitError`, one subclass per area, the catalogue of codes and `isCertkitError()`.
 * @packageDocumentation
 */
export {
  ChainError,
  CliError,
  DerError,
  InputError,
  KeyError,
  PemError,
  RevocationError,
  X509Error,
} from './area-errors.js';
export { CERTKIT_ERROR_BRAND } from './brand.js';
export {
  type CertkitErrorCode,
  type ChainErrorCode,
  type CliErrorCode,
  type DerErrorCode,
  ERROR_CATALOGUE,
  type ErrorCatalogueEntry,
  type ErrorCatalogueEntryView,
  type InputErrorCode,
  type KeyErrorCode,
  listErrorCodes,
  type PemErrorCode,
  type RevocationErrorCode,
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
