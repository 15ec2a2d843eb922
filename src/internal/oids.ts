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
