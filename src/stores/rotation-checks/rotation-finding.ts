import type { Certificate } from '../../x509/certificate.js';
import { type FindingSeverity, makeFinding, type StoreFinding } from '../store-finding.js';

/**
 * The codes a rotation check may report.
 *
 * @example
 * ```ts
 * import type { RotationFindingCode } from 'certkit/stores';
 * const code: RotationFindingCode = 'ERR_ROTATION_HOSTNAME_DROPPED';
 * ```
 * @see RFC 5280 section 6.1
 */
export type RotationFindingCode =
  | 'ERR_ROTATION_ALIAS_MISSING'
  | 'ERR_ROTATION_ALIAS_AMBIGUOUS'
  | 'ERR_ROTATION_KEY_MISMATCH'
  | 'ERR_ROTATION_UNTRUSTED'
  | 'ERR_ROTATION_TRUST_NOT_CHECKED'
  | 'ERR_ROTATION_HOSTNAME_DROPPED'
  | 'ERR_ROTATION_KEY_DOWNGRADE'
  | 'ERR_ROTATION_KEY_USAGE_LOST'
  | 'ERR_ROTATION_EKU_LOST'
  | 'ERR_ROTATION_CLIENT_AUTH_MISSING'
  | 'ERR_ROTATION_SERVER_AUTH_MISSING'
  | 'ERR_ROTATION_INTERMEDIATE_EXPIRES_FIRST'
  | 'ERR_ROTATION_EXPIRED'
  | 'ERR_ROTATION_NOT_YET_VALID'
  | 'ERR_ROTATION_EXPIRING'
  | 'ERR_ROTATION_ANCHOR_REMOVED';

/**
 * One finding of a rotation check.
 *
 * @example
 * ```ts
 * import type { RotationFinding } from 'certkit/stores';
 * const blocking: RotationFinding[] = report.findings.filter((f) => f.severity === 'blocking');
 * ```
 * @see RFC 5280 section 6.1
 */
export type RotationFinding = StoreFinding<RotationFindingCode>;

/** @internal Builds a rotation finding. */
export function rotationFinding(
  code: RotationFindingCode,
  severity: FindingSeverity,
  message: string,
  extra: { depth?: number; cert?: Certificate; details?: Record<string, unknown> } = {},
): RotationFinding {
  return makeFinding(code, severity, message, extra);
}

/** @internal Runs `fn`, or answers `fallback` when it throws (a certificate field that cannot be read). */
export function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
