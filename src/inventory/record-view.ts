import { type AlertPolicy, windowOf } from './alert-schedule.js';
import type {
  CertificateFacts,
  Consumer,
  RecordStatus,
  RevocationState,
  StoredRecord,
  StoredVersion,
  VersionStatus,
} from './record.js';

const DAY = 86_400_000;

/**
 * One version of a record as shown to callers.
 *
 * @example
 * ```ts
 * import type { VersionView } from 'certkit/inventory';
 * const line = (v: VersionView) => `${v.version} ${v.status} ${v.daysLeft}`;
 * ```
 * @see RFC 5280 section 4.1
 */
export interface VersionView extends CertificateFacts {
  readonly version: number;
  readonly status: VersionStatus;
  /** Whole days until `notAfter` (negative once expired). */
  readonly daysLeft: number;
  readonly importedAt: string;
  readonly hasKey: boolean;
  readonly keyEncrypted: boolean;
  readonly revocation?: RevocationState;
}

/**
 * A certificate record as shown to callers (JSON-safe; never holds key material).
 *
 * @example
 * ```ts
 * import type { CertificateRecord } from 'certkit/inventory';
 * const show = (r: CertificateRecord) => `${r.name} ${r.status} ${r.current?.notAfter}`;
 * ```
 * @see RFC 5280 section 4.1
 */
export interface CertificateRecord {
  readonly name: string;
  readonly status: RecordStatus;
  /** The current version; absent for a `failed` record. */
  readonly current?: VersionView;
  readonly versions: readonly VersionView[];
  readonly bindings: readonly Consumer[];
  /** Why the last import of this name was refused (for `failed`). */
  readonly failure?: { readonly code: string; readonly message: string; readonly at: string };
}

/** @internal The status of version `v` of `r` at `at` (ms). */
export function versionStatus(
  policy: AlertPolicy,
  r: StoredRecord,
  v: StoredVersion,
  at: number,
): VersionStatus {
  const notAfter = Date.parse(v.facts.notAfter);
  if (v.revocation?.status === 'revoked') return 'revoked';
  if (notAfter < at) return 'expired';
  if (v.version !== r.current) return 'obsolete';
  if (at >= windowOf(policy, Date.parse(v.facts.notBefore), notAfter).start) return 'expiring';
  if (v.revocation?.status === 'unknown') return 'unknown';
  return 'valid';
}

/** @internal The caller's view of a stored record at `atDate`. */
export function recordView(policy: AlertPolicy, r: StoredRecord, atDate: Date): CertificateRecord {
  const at = atDate.getTime();
  const versions: VersionView[] = r.versions.map((v) => ({
    version: v.version,
    status: versionStatus(policy, r, v, at),
    ...v.facts,
    daysLeft: Math.floor((Date.parse(v.facts.notAfter) - at) / DAY),
    importedAt: v.importedAt,
    hasKey: v.hasKey,
    keyEncrypted: v.keyEncrypted,
    ...(v.revocation === undefined ? {} : { revocation: v.revocation }),
  }));
  const current = versions.find((v) => v.version === r.current);
  return {
    name: r.name,
    status: current === undefined ? 'failed' : (current.status as RecordStatus),
    ...(current === undefined ? {} : { current }),
    versions,
    bindings: r.bindings,
    ...(r.failure === undefined || current !== undefined ? {} : { failure: r.failure }),
  };
}
