/**
 * Making things: private keys, CSRs, self-signed certificates and a small certificate authority for
 * private PKIs (mTLS), over `@peculiar/x509`, which is loaded only when a generator first runs.
 * @packageDocumentation
 */

export type {
  CaCertificateOptions,
  CertificateAuthorityOptions,
  CreateCaOptions,
  CrlOptions,
  IssueCertificateOptions,
  IssuedCertificate,
  Revocation,
  RevocationReason,
  RevokeOptions,
} from './ca-options.js';
export { CertificateAuthority } from './certificate-authority.js';
export type { CertificatePurpose } from './certificate-profile.js';
export { type CreateCsrOptions, createCsr } from './create-csr.js';
export { type CreateSelfSignedOptions, createSelfSigned } from './create-self-signed.js';
export { generatePrivateKey, NEW_KEY_TYPES, type NewKeyType } from './generate-key.js';
export { REASON_CODES } from './make-crl.js';
export type { SubjectAltNameOptions, SubjectInput } from './names.js';
export {
  certificateFromPeculiar,
  certificateToPeculiar,
  csrFromPeculiar,
  csrToPeculiar,
  type HasRawData,
} from './peer-objects.js';
