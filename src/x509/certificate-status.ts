/** Where a certificate stands at a point in time. */
export type CertificateStatusValue = 'valid' | 'expiring' | 'expired' | 'not-yet-valid';

/** Options for {@link Certificate.status}. */
export interface StatusOptions {
  /** The moment to evaluate at. Default: now. */
  readonly at?: Date;
  /** A valid certificate whose notAfter is at most this many days after `at` is `expiring`. Default 30. */
  readonly expiringWithinDays?: number;
}

/** The status of a certificate at a time, with whole days remaining until notAfter. */
export interface CertificateStatus {
  readonly status: CertificateStatusValue;
  /** Whole days from `at` to notAfter, rounded down; negative once expired. */
  readonly daysRemaining: number;
  /** The moment evaluated. */
  readonly at: Date;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

/**
 * Default `expiringWithinDays`: cloud certificate managers alert from 30 days out.
 * @example
 * ```ts
 * import { DEFAULT_EXPIRING_WITHIN_DAYS } from 'certkit/x509';
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export const DEFAULT_EXPIRING_WITHIN_DAYS = 30;

/**
 * The status of a validity period at `at`: `not-yet-valid` before notBefore, `expired` after notAfter,
 * `expiring` when notAfter is within `expiringWithinDays`, else `valid` (bounds inclusive, RFC 5280).
 *
 * @example
 * ```ts
 * import { validityStatus } from 'certkit/x509';
 * validityStatus(cert.notBefore, cert.notAfter, { expiringWithinDays: 14 }).status;
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export function validityStatus(
  notBefore: Date,
  notAfter: Date,
  options: StatusOptions = {},
): CertificateStatus {
  const at = options.at ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    throw new TypeError('status: `at` must be a valid Date');
  const within = options.expiringWithinDays ?? DEFAULT_EXPIRING_WITHIN_DAYS;
  if (typeof within !== 'number' || !(within >= 0)) {
    throw new TypeError('status: `expiringWithinDays` must be a non-negative number');
  }
  const t = at.getTime();
  const left = notAfter.getTime() - t;
  const daysRemaining = Math.floor(left / DAY_MS);
  let status: CertificateStatusValue;
  if (t < notBefore.getTime()) status = 'not-yet-valid';
  else if (left < 0) status = 'expired';
  else if (left <= within * DAY_MS) status = 'expiring';
  else status = 'valid';
  return { status, daysRemaining, at, notBefore, notAfter };
}
