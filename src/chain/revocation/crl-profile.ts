import { ExtensionOid } from '../../internal/oids.js';
import type { CertificateRevocationList } from '../../x509/certificate-revocation-list.js';
import { type UnknownStatus, unknownStatus } from './unknown-status.js';

/**
 * Why a CRL breaks the CRL profile in a way that makes it unusable, or `undefined` when it does not:
 * RFC 5280 section 5.2.3, "CRL issuers conforming to this profile MUST include this extension in all
 * CRLs and MUST mark this extension as non-critical": a CRL without a cRLNumber, or with a critical one,
 * is not used (the checker answers `unknown`, which fails the chain under `hard-fail`).
 *
 * (The CRL issuer's cRLSign key usage, RFC 5280 section 6.3.3 (f), is checked with the signature.)
 *
 * @internal
 * @see RFC 5280 section 5.2.3
 */
export function crlProfileProblem(crl: CertificateRevocationList): UnknownStatus | undefined {
  const ext = crl.extensions.find((e) => e.oid === ExtensionOid.crlNumber);
  if (ext === undefined) {
    return unknownStatus(
      'ERR_REVOCATION_CRL_NUMBER',
      'the CRL has no cRLNumber extension (RFC 5280 5.2.3: conforming CRL issuers MUST include it)',
    );
  }
  if (ext.critical) {
    return unknownStatus(
      'ERR_REVOCATION_CRL_NUMBER',
      'the CRL marks its cRLNumber extension critical (RFC 5280 5.2.3: it MUST be non-critical)',
    );
  }
  return undefined;
}

/** CRL entry extensions this checker understands (RFC 5280 5.3). */
const KNOWN_ENTRY_EXTENSIONS: ReadonlySet<string> = new Set([
  ExtensionOid.crlReason,
  ExtensionOid.holdInstructionCode,
  ExtensionOid.invalidityDate,
  ExtensionOid.certificateIssuer,
]);

/**
 * An entry of the CRL with a critical extension this checker does not know, which makes the whole CRL
 * unusable: RFC 5280 section 5.3, "If a CRL contains a critical CRL entry extension that the application
 * cannot process, then the application MUST NOT use that CRL to determine the status of any certificates."
 *
 * @internal
 * @see RFC 5280 section 5.3
 */
export function entryExtensionProblem(crl: CertificateRevocationList): UnknownStatus | undefined {
  for (const entry of crl.revoked) {
    const ext = entry.extensions.find((e) => e.critical && !KNOWN_ENTRY_EXTENSIONS.has(e.oid));
    if (ext !== undefined) {
      return unknownStatus(
        'ERR_REVOCATION_CRL_UNKNOWN_CRITICAL_EXTENSION',
        `the CRL entry for serial ${entry.serialNumber} has an unknown critical extension ${ext.oid} (RFC 5280 5.3: such a CRL is not used for any certificate)`,
      );
    }
  }
  return undefined;
}

/**
 * The CA/B Forum CRL profile rules a relying party can see, checked under the web PKI profile with
 * `pedantic` (TLS stacks use such CRLs): CA/B BR 7.2.2.1, a partitioned CRL's issuingDistributionPoint
 * names its distribution point by fullName with uniformResourceIdentifier names only (never
 * nameRelativeToCRLIssuer, never another name type); and a serial number listed once at most (RFC 5280
 * 5.1.2.6 identifies each revoked certificate by its serial; an entry listed twice, possibly with two
 * reasons or dates, leaves its status ambiguous; cabforum/servercert issue 589 proposes the explicit rule).
 *
 * @internal
 * @see CA/B BR section 7.2.2.1; RFC 5280 sections 5.1.2.6 and 5.2.5
 */
export function cabfCrlProblem(crl: CertificateRevocationList): UnknownStatus | undefined {
  const idp = crl.issuingDistributionPoint;
  if (idp?.relativeName !== undefined) {
    return unknownStatus(
      'ERR_REVOCATION_CRL_PROFILE',
      'the CRL’s issuingDistributionPoint uses nameRelativeToCRLIssuer (CA/B BR 7.2.2.1: fullName only)',
    );
  }
  const other = idp?.fullName?.find((n) => n.type !== 'uri');
  if (other !== undefined) {
    return unknownStatus(
      'ERR_REVOCATION_CRL_PROFILE',
      `the CRL’s issuingDistributionPoint names a ${other.type} name (CA/B BR 7.2.2.1: uniformResourceIdentifier only)`,
    );
  }
  const seen = new Set<string>();
  for (const entry of crl.revoked) {
    if (seen.has(entry.serialNumber)) {
      return unknownStatus(
        'ERR_REVOCATION_CRL_PROFILE',
        `the CRL lists serial ${entry.serialNumber} more than once (RFC 5280 5.1.2.6: a revoked certificate is identified by its serial)`,
      );
    }
    seen.add(entry.serialNumber);
  }
  return undefined;
}
