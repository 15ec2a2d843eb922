/**
 * Object identifiers certkit names. One registry so that certificates, keys, CSRs, CRLs and chains
 * print the same names; add to it rather than writing OIDs inline.
 */

/** Public key algorithms (SubjectPublicKeyInfo / PKCS#8). */
export const KeyAlgorithmOid = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
  dsa: '1.2.840.10040.4.1',
} as const;

/** Named elliptic curves, by OID. */
export const CurveByOid: Readonly<Record<string, { name: string; bits: number; nodeName: string }>> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256, nodeName: 'prime256v1' },
  '1.3.132.0.34': { name: 'P-384', bits: 384, nodeName: 'secp384r1' },
  '1.3.132.0.35': { name: 'P-521', bits: 521, nodeName: 'secp521r1' },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256, nodeName: 'secp256k1' },
  '1.2.840.10045.3.1.1': { name: 'P-192', bits: 192, nodeName: 'prime192v1' },
  '1.3.132.0.33': { name: 'P-224', bits: 224, nodeName: 'secp224r1' },
};

/** Signature algorithms: OID to the name `openssl x509 -text` prints, the hash, and the key type. */
export const SignatureAlgorithmByOid: Readonly<
  Record<
    string,
    { name: string; hash: string | null; key: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'dsa' }
  >
> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5', key: 'rsa' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1', key: 'rsa' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224', key: 'rsa' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256', key: 'rsa' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384', key: 'rsa' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512', key: 'rsa' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', hash: null, key: 'rsa-pss' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1', key: 'ec' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224', key: 'ec' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256', key: 'ec' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384', key: 'ec' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512', key: 'ec' },
  '1.3.101.112': { name: 'ED25519', hash: null, key: 'ed25519' },
  '1.3.101.113': { name: 'ED448', hash: null, key: 'ed448' },
  '1.2.840.10040.4.3': { name: 'dsaWithSHA1', hash: 'sha1', key: 'dsa' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa_with_SHA256', hash: 'sha256', key: 'dsa' },
};

/** Hash algorithms, by OID (RSA-PSS parameters, OCSP CertID, PKCS#12 MAC). */
export const HashByOid: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.840.113549.2.5': 'md5',
};

/** Certificate, CSR and CRL extensions (RFC 5280 section 4.2 and 5.2), by name. */
export const ExtensionOid = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  holdInstructionCode: '2.5.29.23',
  invalidityDate: '2.5.29.24',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
  ctPrecertificateScts: '1.3.6.1.4.1.11129.2.4.2',
  ctPrecertificatePoison: '1.3.6.1.4.1.11129.2.4.3',
  nsCertType: '2.16.840.1.113730.1.1',
  nsComment: '2.16.840.1.113730.1.13',
} as const;

/** Extended key usage purposes (RFC 5280 section 4.2.1.12), by name. */
export const ExtendedKeyUsageOid = {
  anyExtendedKeyUsage: '2.5.29.37.0',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ipsecEndSystem: '1.3.6.1.5.5.7.3.5',
  ipsecTunnel: '1.3.6.1.5.5.7.3.6',
  ipsecUser: '1.3.6.1.5.5.7.3.7',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  ipsecIKE: '1.3.6.1.5.5.7.3.17',
  msCodeInd: '1.3.6.1.4.1.311.2.1.21',
  msCodeCom: '1.3.6.1.4.1.311.2.1.22',
  msCTLSign: '1.3.6.1.4.1.311.10.3.1',
  msSGC: '1.3.6.1.4.1.311.10.3.3',
  msEFS: '1.3.6.1.4.1.311.10.3.4',
  msSmartcardLogin: '1.3.6.1.4.1.311.20.2.2',
  nsSGC: '2.16.840.1.113730.4.1',
} as const;

/** Access methods in Authority/Subject Information Access (RFC 5280 section 4.2.2). */
export const AccessMethodOid = {
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  timeStamping: '1.3.6.1.5.5.7.48.3',
  caRepository: '1.3.6.1.5.5.7.48.5',
} as const;

/** Policy qualifiers and special policies (RFC 5280 section 4.2.1.4). */
export const PolicyOid = {
  anyPolicy: '2.5.29.32.0',
  cps: '1.3.6.1.5.5.7.2.1',
  userNotice: '1.3.6.1.5.5.7.2.2',
} as const;

/** PKCS#9 attributes used in CSRs. */
export const Pkcs9Oid = {
  emailAddress: '1.2.840.113549.1.9.1',
  challengePassword: '1.2.840.113549.1.9.7',
  extensionRequest: '1.2.840.113549.1.9.14',
  unstructuredName: '1.2.840.113549.1.9.2',
} as const;

/** The RSASSA-PSS mask generation function (RFC 4055). */
export const Mgf1Oid = '1.2.840.113549.1.1.8';

/** Password-based encryption of private keys (PKCS#5 v2.1 / RFC 8018, RFC 7914, PKCS#12 / RFC 7292). */
export const KeyEncryptionOid = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  pbeWithMD2AndDesCbc: '1.2.840.113549.1.5.1',
  pbeWithMD2AndRc2Cbc: '1.2.840.113549.1.5.4',
  pbeWithMD5AndDesCbc: '1.2.840.113549.1.5.3',
  pbeWithMD5AndRc2Cbc: '1.2.840.113549.1.5.6',
  pbeWithSha1AndDesCbc: '1.2.840.113549.1.5.10',
  pbeWithSha1AndRc2Cbc: '1.2.840.113549.1.5.11',
  pkcs12PbeSha1Rc4128: '1.2.840.113549.1.12.1.1',
  pkcs12PbeSha1Rc440: '1.2.840.113549.1.12.1.2',
  pkcs12PbeSha13DesCbc: '1.2.840.113549.1.12.1.3',
  pkcs12PbeSha12DesCbc: '1.2.840.113549.1.12.1.4',
  pkcs12PbeSha1Rc2128: '1.2.840.113549.1.12.1.5',
  pkcs12PbeSha1Rc240: '1.2.840.113549.1.12.1.6',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
  desCbc: '1.3.14.3.2.7',
  rc2Cbc: '1.2.840.113549.3.2',
} as const;

/** HMAC pseudo-random functions for PBKDF2, by OID, with the Node hash name. */
export const HmacPrfByOid: Readonly<Record<string, { name: string; hash: string }>> = {
  '1.2.840.113549.2.7': { name: 'hmacWithSHA1', hash: 'sha1' },
  '1.2.840.113549.2.8': { name: 'hmacWithSHA224', hash: 'sha224' },
  '1.2.840.113549.2.9': { name: 'hmacWithSHA256', hash: 'sha256' },
  '1.2.840.113549.2.10': { name: 'hmacWithSHA384', hash: 'sha384' },
  '1.2.840.113549.2.11': { name: 'hmacWithSHA512', hash: 'sha512' },
  '1.2.840.113549.2.12': { name: 'hmacWithSHA512-224', hash: 'sha512-224' },
  '1.2.840.113549.2.13': { name: 'hmacWithSHA512-256', hash: 'sha512-256' },
};

/** OCSP (RFC 6960 section 4.4): response type and extensions. */
export const OcspOid = {
  basicResponse: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  noCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

/** PKCS#7 / CMS content types (RFC 5652 section 3). */
export const Pkcs7Oid = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  encryptedData: '1.2.840.113549.1.7.6',
} as const;

/** PKCS#12 bag types and attributes (RFC 7292 section 4.2 and appendix D), and Java's trust marker. */
export const Pkcs12Oid = {
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  /** Oracle's trustedKeyUsage attribute: keytool marks trusted certificate entries with it. */
  javaTrustedKeyUsage: '2.16.840.1.113894.746875.1.1',
  /** PBMAC1 (RFC 9579), OpenSSL 3.4+ `-pbmac1_pbkdf2`. */
  pbmac1: '1.2.840.113549.1.5.14',
} as const;
