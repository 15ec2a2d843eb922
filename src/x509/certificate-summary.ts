import { isCertkitError } from '../errors/is-certkit-error.js';
import type { Certificate } from './certificate.js';
import type { EncodingDeviation } from './encoding-deviation.js';
import { generalNameToJson } from './general-name.js';

/** A GeneralName in JSON: bytes as hex, directory names as RFC 4514 strings. */
export interface GeneralNameJson {
  readonly type: string;
  readonly value: string;
  readonly oid?: string;
}

/** The plain summary of a certificate: what `toJSON()` returns and `certkit inspect --json` prints. */
export interface CertificateSummary {
  readonly version: number | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly serialNumber: string | null;
  /** ISO 8601. */
  readonly notBefore: string | null;
  /** ISO 8601. */
  readonly notAfter: string | null;
  readonly subjectAltNames: readonly GeneralNameJson[] | null;
  /** Key usage bit names (`digitalSignature`, `keyCertSign`, …), null when the extension is absent. */
  readonly keyUsage: readonly string[] | null;
  /** Extended key usage names (`serverAuth`, …), null when absent. */
  readonly extendedKeyUsage: readonly string[] | null;
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | null } | null;
  readonly subjectKeyIdentifier: string | null;
  readonly authorityKeyIdentifier: string | null;
  readonly authorityInfoAccess: {
    readonly ocsp: readonly string[];
    readonly caIssuers: readonly string[];
  } | null;
  readonly crlDistributionPoints: readonly string[] | null;
  /** Policy OIDs. */
  readonly certificatePolicies: readonly string[] | null;
  readonly signatureAlgorithm: string | null;
  readonly publicKey: {
    readonly algorithm: string;
    readonly bits: number | null;
    readonly curve: string | null;
    readonly sha256Fingerprint: string;
  } | null;
  readonly fingerprints: { readonly sha1: string; readonly sha256: string };
  readonly selfIssued: boolean | null;
  readonly selfSigned: boolean | null;
  /** Fields that could not be decoded: which one, its error code and message. */
  readonly errors: readonly { readonly field: string; readonly code: string; readonly message: string }[];
  /** What the certificate breaks of DER or RFC 5280 that certkit reads anyway (warnings; see `Certificate.encodingDeviations`). */
  readonly encodingDeviations: readonly EncodingDeviation[];
}

/** Builds the summary; a field whose decoding throws a certkit error becomes null and is listed in `errors`. */
export function buildCertificateSummary(cert: Certificate): CertificateSummary {
  const errors: { field: string; code: string; message: string }[] = [];
  const safe = <T>(field: string, read: () => T): T | null => {
    try {
      return read();
    } catch (e) {
      if (!isCertkitError(e)) throw e;
      errors.push({ field, code: e.code, message: e.message });
      return null;
    }
  };
  const summary: CertificateSummary = {
    version: safe('version', () => cert.version),
    subject: safe('subject', () => cert.subject.toString()),
    issuer: safe('issuer', () => cert.issuer.toString()),
    serialNumber: safe('serialNumber', () => cert.serialNumber),
    notBefore: safe('notBefore', () => cert.notBefore.toISOString()),
    notAfter: safe('notAfter', () => cert.notAfter.toISOString()),
    subjectAltNames: safe('subjectAltNames', () => cert.subjectAltNames.map(generalNameToJson)),
    keyUsage: safe('keyUsage', () => cert.keyUsage?.names ?? null),
    extendedKeyUsage: safe('extendedKeyUsage', () => cert.extendedKeyUsage?.names ?? null),
    basicConstraints: safe('basicConstraints', () => {
      const bc = cert.basicConstraints;
      return bc === undefined ? null : { ca: bc.ca, pathLength: bc.pathLength ?? null };
    }),
    subjectKeyIdentifier: safe('subjectKeyIdentifier', () => cert.subjectKeyIdentifier ?? null),
    authorityKeyIdentifier: safe(
      'authorityKeyIdentifier',
      () => cert.authorityKeyIdentifier?.keyIdentifier ?? null,
    ),
    authorityInfoAccess: safe('authorityInfoAccess', () => {
      const aia = cert.authorityInfoAccess;
      return { ocsp: [...aia.ocsp], caIssuers: [...aia.caIssuers] };
    }),
    crlDistributionPoints: safe('crlDistributionPoints', () => [...cert.crlDistributionPoints]),
    certificatePolicies: safe(
      'certificatePolicies',
      () => cert.certificatePolicies?.map((p) => p.oid) ?? null,
    ),
    signatureAlgorithm: safe('signatureAlgorithm', () => cert.signatureAlgorithm.name),
    publicKey: safe('publicKey', () => {
      const k = cert.publicKey;
      return {
        algorithm: k.algorithm,
        bits: k.bits ?? null,
        curve: k.curve ?? null,
        sha256Fingerprint: k.sha256Fingerprint,
      };
    }),
    fingerprints: { sha1: cert.sha1Fingerprint, sha256: cert.sha256Fingerprint },
    selfIssued: safe('selfIssued', () => cert.isSelfIssued),
    selfSigned: safe('selfSigned', () => cert.isSelfSigned()),
    errors,
    encodingDeviations: cert.encodingDeviations,
  };
  return summary;
}
