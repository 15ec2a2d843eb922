import type { Certificate } from '../x509/certificate.js';
import { subjectOf } from './store-finding.js';

/**
 * What `toJSON()` shows of a certificate in a store: identifying facts only.
 *
 * @example
 * ```ts
 * import type { StoreCertificateSummary } from 'certkit/stores';
 * const s: StoreCertificateSummary = keystore.toJSON().entries[0]!.chain[0]!;
 * console.log(s.subject, s.notAfter, s.sha256Fingerprint);
 * ```
 * @see RFC 5280 section 4.1
 */
export interface StoreCertificateSummary {
  readonly subject: string | undefined;
  readonly issuer: string | undefined;
  readonly serialNumber: string;
  /** SHA-256 of the DER, colon hex. */
  readonly sha256Fingerprint: string;
  /** ISO 8601. */
  readonly notBefore: string;
  /** ISO 8601. */
  readonly notAfter: string;
}

/** @internal */
export function summariseCertificate(c: Certificate): StoreCertificateSummary {
  let issuer: string | undefined;
  try {
    issuer = c.issuer.toString();
  } catch {
    issuer = undefined;
  }
  return {
    subject: subjectOf(c),
    issuer,
    serialNumber: c.serialNumber,
    sha256Fingerprint: c.sha256Fingerprint,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
  };
}

/** @internal Validates an alias (misuse is a TypeError). */
export function checkAlias(alias: unknown): string {
  if (typeof alias !== 'string' || alias.length === 0 || alias.length > 256) {
    throw new TypeError('alias must be a non-empty string of at most 256 characters');
  }
  return alias;
}
