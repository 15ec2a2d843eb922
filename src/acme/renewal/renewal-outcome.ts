import type { CertificateRecord } from '../../inventory/certificate-inventory.js';
import type { RepointResult } from '../../stores/store-registry.js';
import type { Certificate } from '../../x509/index.js';
import type { RenewalInfo } from './ari.js';
import type { RenewalDecision } from './renewal-window.js';

/**
 * A reference that was not re-pointed to the renewed certificate (the renewal itself succeeded).
 *
 * @example
 * ```ts
 * for (const f of outcome.renewed ? outcome.repointFailures : []) log.warn(f.reference, f.code);
 * ```
 */
export interface RepointFailure {
  /** `ref://name`. */
  readonly reference: string;
  /** The store it pointed at (still does, unless `changed`). */
  readonly from: string;
  /** The new store it should have moved to (`undefined` when it could not be built). */
  readonly to: string | undefined;
  /**
   * The error code: `ERR_ROTATION_BLOCKED` (the rotation check refused; `error.details.findings` says
   * why), a `ERR_KEYSTORE_*` code (the new entry was refused), `ERR_STORE_LISTENER_FAILED` (re-pointed,
   * but a change listener threw), or another code from the registry.
   */
  readonly code: string;
  /** Whether the reference was re-pointed anyway (only with `ERR_STORE_LISTENER_FAILED`). */
  readonly changed: boolean;
  /** The error itself. */
  readonly error: unknown;
}

/**
 * What {@link AcmeRenewer.renew} did: nothing (not due), or a renewal with the new inventory version and
 * the references re-pointed.
 *
 * @example
 * ```ts
 * const outcome = await renewer.renew('api');
 * if (outcome.renewed) console.log('version', outcome.version, 'until', outcome.certificate.notAfter);
 * else console.log('next check at', outcome.decision.renewAt);
 * ```
 * @see RFC 9773 section 4.2
 */
export type RenewalOutcome =
  | {
      readonly renewed: false;
      readonly name: string;
      /** Why not: `due` is false. */
      readonly decision: RenewalDecision;
      /** The CA's renewal information, when it gave some. */
      readonly renewalInfo?: RenewalInfo;
    }
  | {
      readonly renewed: true;
      readonly name: string;
      /** The decision at the time (`due` may be false when `force` was given). */
      readonly decision: RenewalDecision;
      readonly renewalInfo?: RenewalInfo;
      /** Whether `force` made it renew. */
      readonly forced: boolean;
      /** Whether the new certificate has a new key. */
      readonly rekeyed: boolean;
      /** The ACME order that issued it. */
      readonly orderUrl: string;
      /** The renewed leaf. */
      readonly certificate: Certificate;
      /** The inventory version the renewed certificate became (the record's current version). */
      readonly version: number;
      /** The inventory record after the import. */
      readonly record: CertificateRecord;
      /** References re-pointed to a store holding the renewed certificate, after the rotation check. */
      readonly repointed: readonly RepointResult[];
      /** References that stay on the old store, with why. */
      readonly repointFailures: readonly RepointFailure[];
    };

/**
 * Progress of a renewal, emitted as `'progress'` by {@link AcmeRenewer}. No event carries a key.
 *
 * @example
 * ```ts
 * renewer.on('progress', (e) => { if (e.type === 'warning') log.warn(e.code, e.message); });
 * ```
 * @see RFC 9773 section 4.2
 */
export type AcmeRenewalEvent =
  | {
      /** Something was ignored: renewal information unusable (the policy window is used instead). */
      readonly type: 'warning';
      readonly name: string;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly type: 'decision';
      readonly name: string;
      readonly decision: RenewalDecision;
      readonly force: boolean;
    }
  | {
      readonly type: 'ordering';
      readonly name: string;
      readonly domains: readonly string[];
      readonly rekey: boolean;
    }
  | { readonly type: 'imported'; readonly name: string; readonly version: number }
  | {
      readonly type: 'repointed';
      readonly name: string;
      readonly reference: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly type: 'repoint-failed';
      readonly name: string;
      readonly reference: string;
      readonly code: string;
    };
