import type { Certificate } from '../../x509/certificate.js';
import type { CertificateRevocationList } from '../../x509/certificate-revocation-list.js';
import type {
  DistributionPoint,
  IssuingDistributionPoint,
  RelativeNameAttribute,
} from '../../x509/extensions/distribution-points.js';
import type { GeneralName } from '../../x509/general-name.js';

/** A distribution point name: its fullName, or nameRelativeToCRLIssuer (an RDN under the CRL issuer). */
interface DpName {
  readonly fullName?: readonly GeneralName[];
  readonly relativeName?: readonly RelativeNameAttribute[];
}

function sameGeneralName(a: GeneralName, b: GeneralName): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'directory' && b.type === 'directory') return a.value.equals(b.value);
  if (typeof a.value === 'string' && typeof b.value === 'string') {
    // A URI is matched as encoded (CA/B BR 7.2.2.1 asks for a byte-for-byte copy of the certificate's
    // URI); a DNS name's case does not matter (RFC 4343).
    return a.type === 'dns' ? a.value.toLowerCase() === b.value.toLowerCase() : a.value === b.value;
  }
  return false;
}

function sameRdn(a: readonly RelativeNameAttribute[], b: readonly RelativeNameAttribute[]): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => y.oid === x.oid && y.value === x.value));
}

function namesMatch(idp: DpName, dp: DpName): boolean {
  if (idp.relativeName && dp.relativeName) return sameRdn(idp.relativeName, dp.relativeName);
  // A relative name is the CRL issuer's name plus one more RDN: it never equals a full name this
  // checker can see (the certificate's default distribution point is the bare issuer name).
  if (idp.relativeName || dp.relativeName) return false;
  const full = dp.fullName ?? [];
  return (idp.fullName ?? []).some((n) => full.some((m) => sameGeneralName(n, m)));
}

/**
 * Why a CRL whose issuingDistributionPoint names a distribution point does not cover `cert`, or undefined
 * when it does (or names none). RFC 5280 6.3.3 (b)(2)(i): one of the IDP's names must match one of the
 * names of a distribution point of the certificate; a certificate without a cRLDistributionPoints
 * extension is checked as if it had one distribution point whose fullName is its issuer's name (the last
 * paragraph of 6.3.3), which a partitioned CRL's URI never matches.
 *
 * @internal
 * @see RFC 5280 sections 5.2.5 and 6.3.3
 */
export function distributionPointMismatch(
  idp: IssuingDistributionPoint,
  cert: Certificate,
  crl: CertificateRevocationList,
): string | undefined {
  if (idp.fullName === undefined && idp.relativeName === undefined) return undefined;
  let dps: readonly DistributionPoint[];
  try {
    dps = cert.distributionPoints;
  } catch {
    return 'the certificate’s cRLDistributionPoints cannot be read';
  }
  const named = dps.filter((dp) => dp.fullName !== undefined || dp.relativeName !== undefined);
  const candidates: readonly DpName[] =
    named.length > 0 ? named : [{ fullName: [{ type: 'directory', value: cert.issuer }] }];
  if (candidates.some((dp) => namesMatch(idp, dp))) return undefined;
  const idpText = idp.relativeName
    ? `${crl.issuer.toString()} + ${idp.relativeName.map((a) => `${a.oid}=${a.value}`).join('+')}`
    : (idp.fullName ?? []).map((n) => String(n.value)).join(', ');
  return named.length > 0
    ? `its distribution point ${idpText} is not one of the certificate’s`
    : `it is a partitioned CRL (distribution point ${idpText}) and the certificate names no distribution point (RFC 5280 6.3.3)`;
}
