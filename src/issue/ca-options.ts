import type { PrivateKey } from '../keys/private-key.js';
import type { PublicKey } from '../keys/public-key.js';
import type { BinaryInput } from '../pem/index.js';
import type { Storage } from '../storage/storage.js';
import type { Certificate } from '../x509/certificate.js';
import type { CertificateRequest } from '../x509/certificate-request.js';
import type { CertificatePurpose } from './certificate-profile.js';
import type { NewKeyType } from './generate-key.js';
import type { SubjectAltNameOptions, SubjectInput } from './names.js';

/** Where a CA lives and how its key is sealed: options of `CertificateAuthority.open`. */
export interface CertificateAuthorityOptions {
  /** The storage holding the CA's key and state (`certkit/storage`: files or PostgreSQL for a fleet). */
  readonly storage: Storage;
  /** The CA's name in the storage (keys under `ca/<name>/`). Default `default`. */
  readonly name?: string;
  /**
   * Seals the CA's private key in the storage (PKCS#8, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC),
   * as the inventory seals keys. Without it the key is stored unencrypted (mode 0600 on files).
   */
  readonly passphrase?: string;
}

/** One CA certificate to make: options of the root and of the optional intermediate. */
export interface CaCertificateOptions {
  /** The CA's subject, RFC 4514 text (`CN=Example Private Root,O=Example`). */
  readonly subject: SubjectInput;
  /** A fresh key of this type, unless `key` is given. Default `ec` (P-256). */
  readonly keyType?: NewKeyType;
  /** The CA's own key, to use instead of a fresh one. */
  readonly key?: PrivateKey;
  /** Validity in days. Default 3650 for the root, 1825 for an intermediate. */
  readonly days?: number;
}

/** Options of `CertificateAuthority.create`. */
export interface CreateCaOptions extends CertificateAuthorityOptions, CaCertificateOptions {
  /**
   * Also make an intermediate CA (pathLength 0) signed by the root; it then issues every certificate
   * and CRL, and the root's key is sealed beside it in the storage.
   */
  readonly intermediate?: CaCertificateOptions;
  /** PBKDF2 iterations for sealing the key. Default 600000. */
  readonly keyIterations?: number;
  /** The start of the validity. Default now. */
  readonly at?: Date;
}

/** Options of `CertificateAuthority.issue`. Give `csr`, `publicKey`, or neither (a fresh key is made). */
export interface IssueCertificateOptions extends SubjectAltNameOptions {
  /** The subject. Default: the CSR's subject, else `CN=` the first name given. */
  readonly subject?: SubjectInput;
  /** What the certificate is for: extendedKeyUsage serverAuth, clientAuth or both. Default `server`. */
  readonly purpose?: CertificatePurpose;
  /**
   * A CSR (parsed, PEM or DER): its signature must verify; its subject and alternative names are used
   * where the options give none. Its other requested extensions are not copied.
   */
  readonly csr?: CertificateRequest | BinaryInput;
  /** A public key to certify (no CSR, no proof of possession: for keys the caller holds). */
  readonly publicKey?: PublicKey;
  /** The type of the fresh key made when there is neither `csr` nor `publicKey`. Default `ec`. */
  readonly keyType?: NewKeyType;
  /** Validity in days. Default 30 (short-lived certificates are the point of a private CA). */
  readonly days?: number;
  /** The start of the validity. Default now. */
  readonly at?: Date;
}

/**
 * A certificate the CA issued. `{ privateKey, chain }` is what `Keystore.withEntry`, `writePkcs12` and a
 * TLS profile take, when the CA made the key.
 */
export interface IssuedCertificate {
  readonly certificate: Certificate;
  /** The certificate, then the CA certificates that issued it, the root last. */
  readonly chain: readonly Certificate[];
  /** The fresh key the CA made; undefined when the request came as a CSR or a public key. */
  readonly privateKey: PrivateKey | undefined;
  /** The serial number, upper-case hex as `openssl x509 -serial` prints it. */
  readonly serialNumber: string;
}

/** Reasons a certificate can be revoked for (RFC 5280 section 5.3.1; hold and removeFromCRL are not offered). */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'privilegeWithdrawn';

/** Options of `CertificateAuthority.revoke`. */
export interface RevokeOptions {
  /** Default `unspecified` (written as no reasonCode, RFC 5280 section 5.3.1). */
  readonly reason?: RevocationReason;
  /** When it was revoked. Default now. */
  readonly at?: Date;
}

/** A revocation the CA recorded. */
export interface Revocation {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
  /** False when the serial was already revoked (the first record stands). */
  readonly isNew: boolean;
}

/** Options of `CertificateAuthority.crl`. */
export interface CrlOptions {
  /** thisUpdate. Default now. */
  readonly at?: Date;
  /** Days until nextUpdate. Default 7. */
  readonly days?: number;
}
