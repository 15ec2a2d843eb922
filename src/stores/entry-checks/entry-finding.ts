import type { Certificate } from '../../x509/certificate.js';
import { type FindingSeverity, makeFinding, type StoreFinding } from '../store-finding.js';

/**
 * The codes an upload check of a key entry may report.
 *
 * @example
 * ```ts
 * import type { KeyEntryFindingCode } from 'certkit/stores';
 * const code: KeyEntryFindingCode = 'ERR_KEYSTORE_KEY_MISMATCH';
 * ```
 * @see RFC 5280 section 6.1
 */
export type KeyEntryFindingCode =
  | 'ERR_KEYSTORE_KEY_ENCRYPTED'
  | 'ERR_KEYSTORE_KEY_UNREADABLE'
  | 'ERR_KEYSTORE_CHAIN_UNREADABLE'
  | 'ERR_KEYSTORE_CHAIN_EMPTY'
  | 'ERR_KEYSTORE_KEY_MISMATCH'
  | 'ERR_KEYSTORE_CHAIN_INCOMPLETE'
  | 'ERR_KEYSTORE_CHAIN_OUT_OF_ORDER'
  | 'ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE'
  | 'ERR_KEYSTORE_CERT_EXPIRED'
  | 'ERR_KEYSTORE_CERT_NOT_YET_VALID'
  | 'ERR_KEYSTORE_CERT_REVOKED'
  | 'ERR_KEYSTORE_REVOCATION_UNKNOWN'
  | 'ERR_KEYSTORE_SELF_SIGNED'
  | 'ERR_KEYSTORE_PRIVATE_CA'
  | 'ERR_KEYSTORE_UNTRUSTED';

/**
 * One finding of the upload checks of a key entry.
 *
 * @example
 * ```ts
 * import { checkKeyEntry, type KeyEntryFinding } from 'certkit/stores';
 * const blocking: KeyEntryFinding[] = checkKeyEntry(entry).findings.filter((f) => f.severity === 'blocking');
 * ```
 * @see RFC 5280 section 6.1
 */
export type KeyEntryFinding = StoreFinding<KeyEntryFindingCode>;

/** @internal Builds an upload-check finding. */
export function entryFinding(
  code: KeyEntryFindingCode,
  severity: FindingSeverity,
  message: string,
  extra: { depth?: number; cert?: Certificate; details?: Record<string, unknown> } = {},
): KeyEntryFinding {
  return makeFinding(code, severity, message, extra);
}
