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
