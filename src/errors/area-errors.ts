import type {
  CliErrorCode,
  DerErrorCode,
  InputErrorCode,
  KeyErrorCode,
  PemErrorCode,
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
