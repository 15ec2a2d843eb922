import type {
  AcmeErrorCode,
  ChainErrorCode,
  CliErrorCode,
  DerErrorCode,
  InputErrorCode,
  InventoryErrorCode,
  IssueErrorCode,
  KeyErrorCode,
  PemErrorCode,
  RevocationErrorCode,
  StoreErrorCode,
  TlsErrorCode,
  X509ErrorCode,
} from './catalogue/index.js';
import { CertkitError } from './certkit-error.js';

/**
 * Reading raw input failed: empty, too large, unreadable, or of no known format.
 *
 * @example
 * ```ts
 * import { isCertkitError, InputError } from 'certkit/errors';
 * if (err instanceof InputError || isCertkitError(err, 'ERR_INPUT_EMPTY')) report(err.code, err.details);
 * ```
 */
export class InputError extends CertkitError<InputErrorCode> {}
/**
 * PEM framing is broken: no block, truncated, mismatched labels, bad base64 or headers.
 *
 * @example
 * ```ts
 * import { isCertkitError, PemError } from 'certkit/errors';
 * if (err instanceof PemError || isCertkitError(err, 'ERR_PEM_TRUNCATED')) report(err.code, err.details);
 * ```
 */
export class PemError extends CertkitError<PemErrorCode> {}
/**
 * DER structure is broken.
 *
 * @example
 * ```ts
 * import { isCertkitError, DerError } from 'certkit/errors';
 * if (err instanceof DerError || isCertkitError(err, 'ERR_DER_MALFORMED')) report(err.code, err.details);
 * ```
 */
export class DerError extends CertkitError<DerErrorCode> {}
/**
 * A certificate, CSR, CRL or signature is malformed or does not verify.
 *
 * @example
 * ```ts
 * import { isCertkitError, X509Error } from 'certkit/errors';
 * if (err instanceof X509Error || isCertkitError(err, 'ERR_X509_MALFORMED')) report(err.code, err.details);
 * ```
 */
export class X509Error extends CertkitError<X509ErrorCode> {}
/**
 * A key cannot be read, decrypted, or does not match.
 *
 * @example
 * ```ts
 * import { isCertkitError, KeyError } from 'certkit/errors';
 * if (err instanceof KeyError || isCertkitError(err, 'ERR_KEY_MISMATCH')) report(err.code, err.details);
 * ```
 */
export class KeyError extends CertkitError<KeyErrorCode> {}
/**
 * The command line is not valid.
 *
 * @example
 * ```ts
 * import { isCertkitError, CliError } from 'certkit/errors';
 * if (err instanceof CliError || isCertkitError(err, 'ERR_CLI_USAGE')) report(err.code, err.details);
 * ```
 */
export class CliError extends CertkitError<CliErrorCode> {}
/**
 * A chain could not be built or is not valid; `details.problems` lists every reason.
 *
 * @example
 * ```ts
 * import { isCertkitError, ChainError } from 'certkit/errors';
 * if (err instanceof ChainError || isCertkitError(err, 'ERR_CHAIN_INVALID')) report(err.code, err.details);
 * ```
 */
export class ChainError extends CertkitError<ChainErrorCode> {}
/**
 * Revocation information could not be fetched, parsed or trusted.
 *
 * @example
 * ```ts
 * import { isCertkitError, RevocationError } from 'certkit/errors';
 * if (err instanceof RevocationError || isCertkitError(err, 'ERR_REVOCATION_FETCH_FAILED')) report(err.code, err.details);
 * ```
 */
export class RevocationError extends CertkitError<RevocationErrorCode> {}
/**
 * A keystore or truststore cannot be read, written, checked, resolved or re-pointed.
 *
 * @example
 * ```ts
 * import { isCertkitError, StoreError } from 'certkit/errors';
 * if (err instanceof StoreError || isCertkitError(err, 'ERR_STORE_IN_USE')) report(err.code, err.details);
 * ```
 */
export class StoreError extends CertkitError<StoreErrorCode> {}
/**
 * A TLS profile is invalid, cannot be turned into options, or a handshake failed a certkit check.
 *
 * @example
 * ```ts
 * import { isCertkitError, TlsError } from 'certkit/errors';
 * if (err instanceof TlsError || isCertkitError(err, 'ERR_TLS_PEER_REJECTED')) report(err.code, err.details);
 * ```
 */
export class TlsError extends CertkitError<TlsErrorCode> {}
/**
 * The inventory or its storage refused an operation (conflict, in use, not found, lock lost, …).
 *
 * @example
 * ```ts
 * import { isCertkitError, InventoryError } from 'certkit/errors';
 * if (err instanceof InventoryError || isCertkitError(err, 'ERR_INVENTORY_IN_USE')) report(err.code, err.details);
 * ```
 */
export class InventoryError extends CertkitError<InventoryErrorCode> {}
/**
 * An ACME account, order, challenge or renewal failed; problem documents from the CA are in `details.problem`.
 *
 * @example
 * ```ts
 * import { AcmeError, isCertkitError } from 'certkit/errors';
 * if (err instanceof AcmeError && err.code === 'ERR_ACME_RATE_LIMITED') retryAt(err.details.retryAfter);
 * ```
 */
export class AcmeError extends CertkitError<AcmeErrorCode> {}
/**
 * Making a CSR, certificate or CRL failed, or the private CA refused (unknown serial, no CA, wrong passphrase).
 *
 * @example
 * ```ts
 * import { IssueError } from 'certkit/errors';
 * if (err instanceof IssueError && err.code === 'ERR_ISSUE_CSR_REFUSED') askForANewCsr();
 * ```
 */
export class IssueError extends CertkitError<IssueErrorCode> {}
