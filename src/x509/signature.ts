import { constants, verify } from 'node:crypto';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { SignatureAlgorithmByOid } from '../internal/oids.js';
import type { KeyAlgorithm, PublicKey } from '../keys/public-key.js';
import type { SignatureAlgorithm } from './signature-algorithm.js';

/**
 * The result of a signature check. A failure says which check failed and why; it is never a bare
 * `false`.
 */
export type SignatureCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'ERR_SIGNATURE_INVALID' | 'ERR_SIGNATURE_UNSUPPORTED_ALGORITHM';
      readonly reason: string;
    };

/** What {@link verifySignedData} checks: signed bytes, signature, algorithm and the signer's key. */
export interface SignedDataInput {
  /** The signed bytes (a TBSCertificate, CertificationRequestInfo or TBSCertList, or any data). */
  readonly data: Uint8Array;
  /** The signature bytes (the BIT STRING content, without the unused-bits byte). */
  readonly signature: Uint8Array;
  /** The signature algorithm of the signed object. */
  readonly algorithm: SignatureAlgorithm;
  /** The public key of the signer. */
  readonly key: PublicKey;
  /** Unused bits of the signature BIT STRING; anything but 0 fails. Default 0. */
  readonly unusedBits?: number;
  /**
   * The algorithm named inside the signed data (TBSCertificate, TBSCertList), which RFC 5280 requires
   * to equal the outer one; a difference fails. Omit for data that names none (CSRs).
   */
  readonly signedAlgorithm?: {
    readonly oid: string;
    readonly field: string;
    /**
     * The DER of the inner algorithm's parameters (`null` when it has none). When given, they must be
     * the same bytes as the outer algorithm's, as OpenSSL's X509_ALGOR_cmp requires (RFC 5280 4.1.1.2).
     */
    readonly parameters?: Uint8Array | null;
  };
}

const OK: SignatureCheck = Object.freeze({ ok: true });

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function fail(
  code: 'ERR_SIGNATURE_INVALID' | 'ERR_SIGNATURE_UNSUPPORTED_ALGORITHM',
  reason: string,
): SignatureCheck {
  return { ok: false, code, reason };
}

const KEYS_FOR: Record<string, readonly KeyAlgorithm[]> = {
  rsa: ['rsa'],
  'rsa-pss': ['rsa', 'rsa-pss'],
  ec: ['ec'],
  ed25519: ['ed25519'],
  ed448: ['ed448'],
  dsa: ['dsa'],
};

/**
 * Verifies a signature with Node's `crypto.verify`: RSA PKCS#1 v1.5, RSASSA-PSS (with its hash, MGF1
 * hash and salt length), ECDSA, Ed25519, Ed448 and DSA. Used for certificates, CSRs, CRLs and by the
 * chain validator.
 *
 * @returns `{ ok: true }`, or `{ ok: false, code, reason }` with `ERR_SIGNATURE_INVALID` (wrong key,
 *   changed bytes, key of another type) or `ERR_SIGNATURE_UNSUPPORTED_ALGORITHM`.
 * @example
 * ```ts
 * import { parseCertificate, verifySignedData } from 'certkit/x509';
 * const leaf = parseCertificate(leafPem);
 * const issuer = parseCertificate(caPem);
 * const check = verifySignedData({
 *   data: leaf.tbs, signature: leaf.signatureValue, algorithm: leaf.signatureAlgorithm, key: issuer.publicKey,
 * });
 * if (!check.ok) console.error(check.code, check.reason);
 * ```
 * @see RFC 5280 section 4.1.1.2, RFC 4055, RFC 5758, RFC 8410
 */
export function verifySignedData(input: SignedDataInput): SignatureCheck {
  const { data, signature, algorithm, key } = input;
  const inner = input.signedAlgorithm;
  if (inner !== undefined && inner.oid !== algorithm.oid) {
    return fail(
      'ERR_SIGNATURE_INVALID',
      `the algorithm in ${inner.field} (${inner.oid}) differs from the outer one (${algorithm.oid})`,
    );
  }
  if (inner?.parameters !== undefined && !sameBytes(inner.parameters ?? undefined, algorithm.parameters)) {
    return fail(
      'ERR_SIGNATURE_INVALID',
      `the algorithm parameters in ${inner.field} differ from the outer ones (RFC 5280 4.1.1.2)`,
    );
  }
  const known = SignatureAlgorithmByOid[algorithm.oid];
  if (known === undefined) {
    return fail('ERR_SIGNATURE_UNSUPPORTED_ALGORITHM', `unknown signature algorithm ${algorithm.oid}`);
  }
  if ((input.unusedBits ?? 0) !== 0) {
    return fail('ERR_SIGNATURE_INVALID', 'the signature BIT STRING has unused bits');
  }
  if (!KEYS_FOR[known.key]?.includes(key.algorithm)) {
    return fail(
      'ERR_SIGNATURE_INVALID',
      `a ${known.name} signature cannot be made by a ${key.algorithm} key`,
    );
  }
  let hash: string | null = known.hash;
  let padding: { padding: number; saltLength: number } | undefined;
  if (known.key === 'rsa-pss') {
    const pss = algorithm.pss;
    if (pss === undefined)
      return fail('ERR_SIGNATURE_UNSUPPORTED_ALGORITHM', 'RSASSA-PSS without parameters');
    if (pss.mgf1Hash !== pss.hash) {
      return fail(
        'ERR_SIGNATURE_UNSUPPORTED_ALGORITHM',
        `RSASSA-PSS with MGF1 hash ${pss.mgf1Hash} differing from message hash ${pss.hash}`,
      );
    }
    if (pss.trailerField !== 1) {
      return fail('ERR_SIGNATURE_UNSUPPORTED_ALGORITHM', `RSASSA-PSS trailer field ${pss.trailerField}`);
    }
    hash = pss.hash;
    padding = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength };
  }
  let keyObject: ReturnType<PublicKey['toKeyObject']>;
  try {
    keyObject = key.toKeyObject();
  } catch (e) {
    if (isCertkitError(e, 'ERR_KEY_UNSUPPORTED_ALGORITHM'))
      return fail('ERR_SIGNATURE_UNSUPPORTED_ALGORITHM', e.message);
    const reason = e instanceof Error ? e.message : String(e);
    return fail('ERR_SIGNATURE_INVALID', `the public key cannot be used: ${reason}`);
  }
  try {
    const ok = verify(
      hash,
      data,
      padding === undefined ? keyObject : { key: keyObject, ...padding },
      signature,
    );
    return ok
      ? OK
      : fail('ERR_SIGNATURE_INVALID', `the ${algorithm.name} signature does not verify with this key`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/digest|unsupported|not supported/i.test(message)) {
      return fail('ERR_SIGNATURE_UNSUPPORTED_ALGORITHM', `Node cannot verify ${algorithm.name}: ${message}`);
    }
    return fail('ERR_SIGNATURE_INVALID', `the ${algorithm.name} signature is malformed: ${message}`);
  }
}
