/**
 * When to renew a certificate: a fraction of its lifetime left, a fixed lead time before notAfter, or the
 * window the CA suggests through ACME Renewal Information. Pure: time comes in as `at`.
 */
import type { Certificate } from '../../x509/index.js';
import type { RenewalInfo } from './ari.js';

/**
 * How to place the renewal time when the CA gives no renewal information. Set at most one field:
 * `leadTimeMs` replaces the lifetime fraction.
 *
 * @example
 * ```ts
 * import type { RenewalPolicy } from 'certkit/acme';
 * const thirtyDays: RenewalPolicy = { leadTimeMs: 30 * 86_400_000 };
 * ```
 * @see RFC 9773 section 1
 */
export interface RenewalPolicy {
  /**
   * Renew when this fraction of the lifetime (notAfter - notBefore) is left, in (0, 1].
   * Default 1/3: a 90-day certificate renews 30 days before it expires.
   */
  readonly fractionLeft?: number;
  /** Renew this many milliseconds before notAfter instead of using a fraction (>= 0). */
  readonly leadTimeMs?: number;
}

/**
 * Why a renewal time was chosen.
 *
 * @example
 * ```ts
 * import type { RenewalReason } from 'certkit/acme';
 * const fromCa = (r: RenewalReason) => r === 'ari';
 * ```
 * @see RFC 9773 section 4.2
 */
export type RenewalReason = 'lifetime-fraction' | 'lead-time' | 'ari' | 'expired';

/**
 * Whether a certificate is due for renewal at a moment, and from when.
 *
 * @example
 * ```ts
 * import { decideRenewal, type RenewalDecision } from 'certkit/acme';
 * const d: RenewalDecision = decideRenewal(cert);
 * if (!d.due) setTimeout(check, d.renewAt.getTime() - Date.now());
 * ```
 * @see RFC 9773 section 4.2
 */
export interface RenewalDecision {
  /** True when `at` is at or after `renewAt`. */
  readonly due: boolean;
  /**
   * The moment renewal becomes due. For `ari` it is a random point of the suggested window (or `at`
   * when the window lies entirely in the past); for `expired` it is notAfter.
   */
  readonly renewAt: Date;
  /** What chose `renewAt`: the policy (`lifetime-fraction`, `lead-time`), the CA (`ari`), or expiry. */
  readonly reason: RenewalReason;
}

/**
 * Options for {@link decideRenewal}.
 *
 * @example
 * ```ts
 * import type { DecideRenewalOptions } from 'certkit/acme';
 * const options: DecideRenewalOptions = { policy: { fractionLeft: 0.25 }, at: new Date('2026-06-01T00:00:00Z') };
 * ```
 * @see RFC 9773 section 4.2
 */
export interface DecideRenewalOptions {
  /** The window when there is no renewal information. Default: one third of the lifetime left. */
  readonly policy?: RenewalPolicy;
  /** The CA's renewal information (RFC 9773); when given it overrides `policy`. */
  readonly renewalInfo?: RenewalInfo;
  /** The moment to decide at. Default: now. */
  readonly at?: Date;
  /**
   * Source of uniform numbers in [0, 1) for the point in the suggested window. Default `Math.random`.
   * Pass a stored value (e.g. derived from the certificate) to keep the point stable between runs.
   */
  readonly random?: () => number;
}

/**
 * The default {@link RenewalPolicy.fractionLeft}: renew with one third of the lifetime left.
 *
 * @example
 * ```ts
 * import { DEFAULT_RENEWAL_FRACTION_LEFT } from 'certkit/acme';
 * const earlier = { fractionLeft: DEFAULT_RENEWAL_FRACTION_LEFT * 1.5 };
 * ```
 * @see RFC 9773 section 1
 */
export const DEFAULT_RENEWAL_FRACTION_LEFT = 1 / 3;

function policyRenewAt(
  certificate: Certificate,
  policy: RenewalPolicy,
): { renewAt: number; reason: RenewalReason } {
  const notAfter = certificate.notAfter.getTime();
  const { fractionLeft, leadTimeMs } = policy;
  if (fractionLeft !== undefined && leadTimeMs !== undefined) {
    throw new TypeError('decideRenewal: set either `policy.fractionLeft` or `policy.leadTimeMs`, not both');
  }
  if (leadTimeMs !== undefined) {
    if (typeof leadTimeMs !== 'number' || !Number.isFinite(leadTimeMs) || leadTimeMs < 0) {
      throw new TypeError('decideRenewal: `policy.leadTimeMs` must be a finite number >= 0');
    }
    return { renewAt: notAfter - leadTimeMs, reason: 'lead-time' };
  }
  const fraction = fractionLeft ?? DEFAULT_RENEWAL_FRACTION_LEFT;
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) {
    throw new TypeError('decideRenewal: `policy.fractionLeft` must be a number in (0, 1]');
  }
  const lifetime = Math.max(0, notAfter - certificate.notBefore.getTime());
  return { renewAt: notAfter - Math.round(lifetime * fraction), reason: 'lifetime-fraction' };
}

/**
 * Decides whether `certificate` is due for renewal at `at`.
 *
 * - Expired (`at` after notAfter): due, reason `expired`.
 * - With `renewalInfo`: the CA's suggested window overrides the policy. `renewAt` is a uniformly random
 *   point in [start, end) (RFC 9773 section 4.2), never later than notAfter; a window that ended at or
 *   before `at` makes the certificate due now.
 * - Otherwise `policy`: renew at notAfter - `leadTimeMs`, or with `fractionLeft` (default 1/3) of the
 *   lifetime left.
 *
 * @param certificate - The certificate in use.
 * @param options - Policy, renewal information, moment and random source.
 * @returns The decision: due or not, from when, and why.
 * @throws TypeError when `at` is not a valid Date, the policy sets both or invalid fields, `renewalInfo`
 *   has no valid window, or `random` returns a number outside [0, 1).
 * @example
 * ```ts
 * import { decideRenewal } from 'certkit/acme';
 * const { due, renewAt } = decideRenewal(cert, { policy: { leadTimeMs: 30 * 86_400_000 } });
 * if (!due) scheduleAt(renewAt);
 * ```
 * @see RFC 9773 section 4.2
 */
export function decideRenewal(certificate: Certificate, options: DecideRenewalOptions = {}): RenewalDecision {
  const at = options.at ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new TypeError('decideRenewal: `at` must be a valid Date');
  }
  const now = at.getTime();
  const notAfter = certificate.notAfter.getTime();
  // Checked even when ARI decides, so a bad policy is reported on the first call, not the first fall-back.
  const fromPolicy = policyRenewAt(certificate, options.policy ?? {});
  if (now > notAfter) return decision(now, notAfter, 'expired');

  const info = options.renewalInfo;
  if (info !== undefined) {
    const start = info.suggestedWindow?.start?.getTime();
    const end = info.suggestedWindow?.end?.getTime();
    if (start === undefined || end === undefined || !(end > start)) {
      throw new TypeError(
        'decideRenewal: `renewalInfo.suggestedWindow` must have start < end (use parseRenewalInfo)',
      );
    }
    if (end <= now) return decision(now, now, 'ari');
    const random = options.random ?? Math.random;
    const r = random();
    if (typeof r !== 'number' || !(r >= 0 && r < 1)) {
      throw new TypeError('decideRenewal: `random` must return a number in [0, 1)');
    }
    const point = start + Math.floor(r * (end - start));
    return decision(now, Math.min(point, notAfter), 'ari');
  }
  return decision(now, fromPolicy.renewAt, fromPolicy.reason);
}

function decision(now: number, renewAt: number, reason: RenewalReason): RenewalDecision {
  return Object.freeze({ due: now >= renewAt, renewAt: new Date(renewAt), reason });
}
