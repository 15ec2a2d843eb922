/**
 * X.509 certificates, distinguished names, extensions, CSRs, CRLs and signature checks, parsed lazily
 * with certkit's own DER reader and verified with Node's `crypto`.
 * @packageDocumentation
 */

export { Certificate } from './certificate.js';
export {
  CertificateRequest,
  type CertificateRequestSummary,
  type CsrAttribute,
  parseCsr,
} from './certificate-request.js';
export {
  CertificateRevocationList,
  CRL_REASONS,
  parseCrl,
  type RevokedCertificate,
} from './certificate-revocation-list.js';
export {
  type CertificateStatus,
  type CertificateStatusValue,
  DEFAULT_EXPIRING_WITHIN_DAYS,
  type StatusOptions,
  validityStatus,
} from './certificate-status.js';
export type { CertificateSummary, GeneralNameJson } from './certificate-summary.js';
export { type Attribute, DistinguishedName, escapeRfc4514 } from './distinguished-name.js';
export {
  ENCODING_DEVIATION_RULES,
  type EncodingDeviation,
  type EncodingDeviationCode,
} from './encoding-deviation.js';
export type { BasicConstraints } from './extensions/basic-constraints.js';
export {
  type DistributionPoint,
  type IssuingDistributionPoint,
  REASON_FLAG_BITS,
  type RelativeNameAttribute,
} from './extensions/distribution-points.js';
export { type ExtendedKeyUsage, extendedKeyUsageName } from './extensions/extended-key-usage.js';
export { type Extension, extensionName } from './extensions/extension.js';
export type { AccessDescription, AuthorityInfoAccess } from './extensions/information-access.js';
export type { AuthorityKeyIdentifier } from './extensions/key-identifiers.js';
export { KEY_USAGE_BITS, type KeyUsage } from './extensions/key-usage.js';
export type { GeneralSubtree, NameConstraints } from './extensions/name-constraints.js';
export type {
  CertificatePolicy,
  InhibitAnyPolicy,
  PolicyConstraints,
  PolicyMapping,
  PolicyMappings,
  PolicyQualifier,
} from './extensions/policies.js';
export { TLS_FEATURE_STATUS_REQUEST } from './extensions/tls-feature.js';
export { formatGeneralName, formatIpAddress, type GeneralName, generalNameToJson } from './general-name.js';
export {
  buildOcspRequest,
  computeOcspCertId,
  type OcspHashAlgorithm,
  type OcspRequest,
  type OcspRequestOptions,
} from './ocsp-request.js';
export {
  type BasicOcspResponse,
  type OcspCertId,
  type OcspCertStatus,
  type OcspResponderId,
  type OcspResponse,
  type OcspResponseStatus,
  type OcspSingleResponse,
  parseOcspResponse,
} from './ocsp-response.js';
export { type ParseOptions, parseCertificate, parseCertificates } from './parse-certificate.js';
export { parsePkcs7Certificates } from './pkcs7-certificates.js';
export { type SignatureCheck, type SignedDataInput, verifySignedData } from './signature.js';
export type { RsaPssParameters, SignatureAlgorithm } from './signature-algorithm.js';
