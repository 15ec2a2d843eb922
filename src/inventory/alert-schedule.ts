const DAY = 86_400_000;

/**
 * When expiry alerts start and how often they repeat.
 *
 * @example
 * ```ts
 * import { CertificateInventory, type AlertPolicy } from 'certkit/inventory';
 * const policy: AlertPolicy = { renewWhenRemaining: 1 / 3 };
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export interface AlertPolicy {
  /** Lead time before `notAfter` at which `expiring` starts, in days. Default 30. Ignored with `renewWhenRemaining`. */
  readonly leadTimeDays?: number;
  /**
   * Renewal window as a fraction of the lifetime (0 < f < 1): `expiring` starts when this fraction of
   * `notAfter - notBefore` is left (1/3 of a 90-day certificate is 30 days; of a 6-day one, 2 days).
   */
  readonly renewWhenRemaining?: number;
  /**
   * Repeat an `expiring` alert every this many days. Default 5; with `renewWhenRemaining` the default
   * is the smaller of 5 days and a third of the window.
   */
  readonly intervalDays?: number;
}

/** @internal The resolved window: where `expiring` starts, and the repeat interval (ms). */
export interface Window {
  readonly start: number;
  readonly interval: number;
}

/** @internal Checks a policy (TypeError for misuse). */
export function checkPolicy(p: AlertPolicy): void {
  if (p.leadTimeDays !== undefined && !(Number.isFinite(p.leadTimeDays) && p.leadTimeDays >= 0))
    throw new TypeError('leadTimeDays must be a non-negative number');
  if (
    p.renewWhenRemaining !== undefined &&
    !(Number.isFinite(p.renewWhenRemaining) && p.renewWhenRemaining > 0 && p.renewWhenRemaining < 1)
  )
    throw new TypeError('renewWhenRemaining must be a fraction between 0 and 1');
  if (p.intervalDays !== undefined && !(Number.isFinite(p.intervalDays) && p.intervalDays > 0))
    throw new TypeError('intervalDays must be a positive number');
}

/** @internal The renewal window of a certificate valid from `notBefore` to `notAfter` (ms). */
export function windowOf(p: AlertPolicy, notBefore: number, notAfter: number): Window {
  if (p.renewWhenRemaining !== undefined) {
    const size = (notAfter - notBefore) * p.renewWhenRemaining;
    const interval = p.intervalDays !== undefined ? p.intervalDays * DAY : Math.min(5 * DAY, size / 3);
    return { start: notAfter - size, interval: Math.max(interval, 60_000) };
  }
  return { start: notAfter - (p.leadTimeDays ?? 30) * DAY, interval: (p.intervalDays ?? 5) * DAY };
}

/**
 * @internal The `expiring` alert slot due at `at` (0 at the window start, then one per interval), or
 * undefined before the window and after expiry.
 */
export function expiringSlot(w: Window, notAfter: number, at: number): number | undefined {
  if (at < w.start || at >= notAfter) return undefined;
  return Math.floor((at - w.start) / w.interval);
}
