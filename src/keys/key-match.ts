import { KeyError } from '../errors/area-errors.js';
import { PrivateKey } from './private-key.js';
import type { KeyAlgorithm } from './public-key.js';
import { PublicKey } from './public-key.js';
import { publicKeyDifference } from './public-key-comparison.js';

/** Anything that carries a public key: a `Certificate`, a `CertificateRequest`, a {@link PrivateKey}. */
export interface HasPublicKey {
  readonly publicKey: PublicKey;
}

/** The result of {@link keyMatchesCertificate}. A mismatch says why and gives both fingerprints. */
export type KeyMatchResult =
  | {
      readonly matches: true;
      /** The key algorithm of both. */
      readonly algorithm: KeyAlgorithm;
      /** SHA-256 of the shared public key's SubjectPublicKeyInfo DER (colon hex). */
      readonly publicKeySha256: string;
    }
  | {
      readonly matches: false;
      readonly code: 'ERR_KEY_MISMATCH';
      /** Why they differ: algorithm, curve, modulus, exponent, point or key bytes. */
      readonly reason: string;
      /** SHA-256 of the private key's public key (SPKI DER, colon hex). */
      readonly keyPublicKeySha256: string;
      /** SHA-256 of the certificate's public key (SPKI DER, colon hex). */
      readonly certificatePublicKeySha256: string;
    };

function publicKeyOf(value: unknown, what: string): PublicKey {
  if (value instanceof PublicKey) return value;
  if (value instanceof PrivateKey) return value.publicKey;
  const pk =
    typeof value === 'object' && value !== null ? (value as { publicKey?: unknown }).publicKey : undefined;
  if (pk instanceof PublicKey) return pk;
  throw new TypeError(
    `${what} must be a PrivateKey, a PublicKey or an object with a publicKey (such as a Certificate)`,
  );
}

/**
 * Whether a private key belongs to a certificate, by comparing public key material: RSA modulus and
 * exponent, EC curve and point (compressed and uncompressed forms compare equal), Ed25519/Ed448 raw
 * public key. No signature round trip and no OpenSSL key decoding: the public half is read straight
 * from the key's DER, which is why this is several times faster than `X509Certificate.checkPrivateKey`.
 *
 * Like OpenSSL's `X509_check_private_key`, this trusts the public key stored in the private key
 * structure (RSA n/e, the EC public point); it does not re-derive it from the private scalar.
 *
 * @param key The private key (or a public key to compare).
 * @param certificate A `Certificate` from `certkit/x509`, a CSR, or a {@link PublicKey}.
 * @throws TypeError when an argument carries no public key.
 * @example
 * ```ts
 * import { keyMatchesCertificate, parsePrivateKey } from 'certkit/keys';
 * import { parseCertificate } from 'certkit/x509';
 * const result = keyMatchesCertificate(parsePrivateKey(keyPem), parseCertificate(certPem));
 * if (!result.matches) console.error(result.reason, result.certificatePublicKeySha256);
 * ```
 * @see RFC 5280 section 4.1.2.7
 */
export function keyMatchesCertificate(
  key: PrivateKey | PublicKey,
  certificate: HasPublicKey | PublicKey,
): KeyMatchResult {
  const a = publicKeyOf(key, 'key');
  const b = publicKeyOf(certificate, 'certificate');
  const reason = publicKeyDifference(a, b);
  if (reason === undefined) {
    return { matches: true, algorithm: a.algorithm, publicKeySha256: a.sha256Fingerprint };
  }
  return {
    matches: false,
    code: 'ERR_KEY_MISMATCH',
    reason,
    keyPublicKeySha256: a.sha256Fingerprint,
    certificatePublicKeySha256: b.sha256Fingerprint,
  };
}

/**
 * Throws unless the private key belongs to the certificate (see {@link keyMatchesCertificate}).
 *
 * @throws KeyError `ERR_KEY_MISMATCH` with `details.reason`, `details.keyPublicKeySha256` and
 *   `details.certificatePublicKeySha256`.
 * @throws TypeError when an argument carries no public key.
 * @example
 * ```ts
 * import { assertKeyMatchesCertificate, parsePrivateKey } from 'certkit/keys';
 * import { parseCertificate } from 'certkit/x509';
 * assertKeyMatchesCertificate(parsePrivateKey(keyPem), parseCertificate(certPem));
 * ```
 * @see RFC 5280 section 4.1.2.7
 */
export function assertKeyMatchesCertificate(
  key: PrivateKey | PublicKey,
  certificate: HasPublicKey | PublicKey,
): void {
  const result = keyMatchesCertificate(key, certificate);
  if (result.matches) return;
  throw new KeyError(
    'ERR_KEY_MISMATCH',
    `The private key does not belong to the certificate (${result.reason}): the key's public key is ${result.keyPublicKeySha256}, the certificate's is ${result.certificatePublicKeySha256}.`,
    {
      details: {
        reason: result.reason,
        keyPublicKeySha256: result.keyPublicKeySha256,
        certificatePublicKeySha256: result.certificatePublicKeySha256,
      },
    },
  );
}
