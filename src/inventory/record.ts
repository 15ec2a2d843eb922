import type { Certificate } from '../x509/certificate.js';

/**
 * The status of a certificate record (its current version):
 * `valid`, `expiring` (inside the renewal window), `expired`, `revoked`, `failed` (it could not be
 * registered: `failure.code` says why) or `unknown` (revocation is checked but could not be decided).
 *
 * @example
 * ```ts
 * import type { RecordStatus } from 'certkit/inventory';
 * const s: RecordStatus = 'expiring';
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export type RecordStatus = 'valid' | 'expiring' | 'expired' | 'revoked' | 'failed' | 'unknown';

/**
 * The status of one version of a record: the current one has a {@link RecordStatus}; earlier ones are
 * `obsolete` until they expire, then `expired`.
 *
 * @example
 * ```ts
 * import type { VersionStatus } from 'certkit/inventory';
 * const s: VersionStatus = 'obsolete';
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export type VersionStatus = RecordStatus | 'obsolete';

/**
 * The details a certificate manager shows, kept in the record so listings and alerts never re-parse.
 *
 * @example
 * ```ts
 * import type { CertificateFacts } from 'certkit/inventory';
 * const show = (f: CertificateFacts) => `${f.primaryDomain} ${f.notAfter}`;
 * ```
 * @see RFC 5280 section 4.1
 */
export interface CertificateFacts {
  /** RFC 4514 subject. */
  readonly subject: string;
  /** The first DNS SAN, else the subject common name, else the subject. */
  readonly primaryDomain: string;
  /** Every subject alternative name as `type:value` (`dns:example.com`, `ip:10.0.0.1`). */
  readonly subjectAltNames: readonly string[];
  /** RFC 4514 issuer. */
  readonly issuer: string;
  /** Serial number, lowercase hex. */
  readonly serialNumber: string;
  /** SHA-256 of the certificate DER, lowercase hex. */
  readonly sha256Fingerprint: string;
  /** Signature algorithm name as `openssl x509 -text` prints it. */
  readonly signatureAlgorithm: string;
  /** ISO 8601. */
  readonly notBefore: string;
  /** ISO 8601. */
  readonly notAfter: string;
}

/**
 * The last revocation answer for a version.
 *
 * @example
 * ```ts
 * import type { RevocationState } from 'certkit/inventory';
 * const r: RevocationState = { status: 'good', checkedAt: new Date().toISOString() };
 * ```
 * @see RFC 5280 section 6.3
 */
export interface RevocationState {
  readonly status: 'good' | 'revoked' | 'unknown';
  /** ISO 8601: when it was checked. */
  readonly checkedAt: string;
  /** ISO 8601, for `revoked`. */
  readonly revokedAt?: string;
  /** The reason (revocation reason, or why it is unknown). */
  readonly reason?: string;
}

/**
 * One stored version of a record (no key material: the key lives under its own storage key).
 *
 * @example
 * ```ts
 * import type { StoredVersion } from 'certkit/inventory';
 * const days = (v: StoredVersion) => (Date.parse(v.facts.notAfter) - Date.now()) / 86_400_000;
 * ```
 * @see RFC 5280 section 4.1
 */
export interface StoredVersion {
  readonly version: number;
  readonly facts: CertificateFacts;
  /** ISO 8601. */
  readonly importedAt: string;
  /** Whether a private key is stored with it. */
  readonly hasKey: boolean;
  /** Whether that key is encrypted with the master passphrase. */
  readonly keyEncrypted: boolean;
  readonly revocation?: RevocationState;
}

/**
 * Who uses a certificate.
 *
 * @example
 * ```ts
 * import type { Consumer } from 'certkit/inventory';
 * const c: Consumer = { kind: 'tls-profile', id: 'public-api' };
 * ```
 */
export interface Consumer {
  readonly kind: 'reference' | 'tls-profile' | 'gateway-listener' | 'environment' | 'other';
  readonly id: string;
}

/** @internal The JSON kept under `inventory/records/<name>`. */
export interface StoredRecord {
  readonly name: string;
  /** The current version; 0 for a record that failed before any version was stored. */
  readonly current: number;
  readonly versions: readonly StoredVersion[];
  readonly bindings: readonly Consumer[];
  /** The last refused import of this name, when the record has no good version yet. */
  readonly failure?: { readonly code: string; readonly message: string; readonly at: string };
}

/** @internal Facts of a certificate. */
export function factsOf(cert: Certificate): CertificateFacts {
  const sans = cert.subjectAltNames.map((n) =>
    n.type === 'directory'
      ? `dirName:${n.value.toString()}`
      : typeof n.value === 'string'
        ? `${n.type}:${n.value}`
        : `${n.type}:?`,
  );
  const firstDns = cert.subjectAltNames.find((n) => n.type === 'dns');
  const subject = cert.subject.toString();
  return {
    subject,
    primaryDomain:
      firstDns !== undefined && typeof firstDns.value === 'string'
        ? firstDns.value
        : (cert.subject.commonName ?? subject),
    subjectAltNames: sans,
    issuer: cert.issuer.toString(),
    serialNumber: cert.serialNumber,
    sha256Fingerprint: cert.sha256Fingerprint,
    signatureAlgorithm: cert.signatureAlgorithm.name,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
  };
}
