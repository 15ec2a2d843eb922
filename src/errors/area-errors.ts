import type {
  ChainErrorCode,
  CliErrorCode,
  DerErrorCode,
  InputErrorCode,
  InventoryErrorCode,
  KeyErrorCode,
  PemErrorCode,
  RevocationErrorCode,
  StoreErrorCode,
  TlsErrorCode,
  X509ErrorCode,
} from './catalogue/index.js';
import { CertkitError } from './certkit-error.js';

/** Reading raw input failed: empty, too large, unreadable, or of no known format. */
export class InputError extends CertkitError<InputErrorCode> {}
/** PEM framing is broken: no block, truncated, mismatched labels, bad base64 or headers. */
export class PemError extends CertkitError<PemErrorCode> {}
/** DER structure is broken. */
export class DerError extends CertkitError<DerErrorCode> {}
/** A certificate, CSR, CRL or signature is malformed or does not verify. */
export class X509Error extends CertkitError<X509ErrorCode> {}
/** A key cannot be read, decrypted, or does not match. */
export class KeyError extends CertkitError<KeyErrorCode> {}
/** The command line is not valid. */
export class CliError extends CertkitError<CliErrorCode> {}
/** A chain could not be built or is not valid; `details.problems` lists every reason. */
export class ChainError extends CertkitError<ChainErrorCode> {}
/** Revocation information could not be fetched, parsed or trusted. */
export class RevocationError extends CertkitError<RevocationErrorCode> {}
/** A keystore or truststore cannot be read, written, checked, resolved or re-pointed. */
export class StoreError extends CertkitError<StoreErrorCode> {}
/** A TLS profile is invalid, cannot be turned into options, or a handshake failed a certkit check. */
export class TlsError extends CertkitError<TlsErrorCode> {}
/** The inventory or its storage refused an operation (conflict, in use, not found, lock lost, …). */
export class InventoryError extends CertkitError<InventoryErrorCode> {}
