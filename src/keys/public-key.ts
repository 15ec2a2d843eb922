import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { KeyError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import {
  children,
  expectSequence,
  readBitString,
  readIntegerHex,
  readOid,
  readRoot,
  type Tlv,
  toColonHex,
  UniversalTag,
} from '../internal/der/index.js';
import { CurveByOid, KeyAlgorithmOid } from '../internal/oids.js';
import { publicKeyDifference } from './public-key-comparison.js';

/** Key algorithms certkit recognises. `unknown` keys can be carried but not used. */
export type KeyAlgorithm =
  | 'rsa'
  | 'rsa-pss'
  | 'ec'
  | 'ed25519'
  | 'ed448'
  | 'x25519'
  | 'x448'
  | 'dsa'
  | 'unknown';

const ALGORITHM_BY_OID: Readonly<Record<string, KeyAlgorithm>> = {
  [KeyAlgorithmOid.rsaEncryption]: 'rsa',
  [KeyAlgorithmOid.rsassaPss]: 'rsa-pss',
  [KeyAlgorithmOid.ecPublicKey]: 'ec',
  [KeyAlgorithmOid.ed25519]: 'ed25519',
  [KeyAlgorithmOid.ed448]: 'ed448',
  [KeyAlgorithmOid.x25519]: 'x25519',
  [KeyAlgorithmOid.x448]: 'x448',
  [KeyAlgorithmOid.dsa]: 'dsa',
};

const FIXED_BITS: Partial<Record<KeyAlgorithm, number>> = {
  ed25519: 256,
  ed448: 456,
  x25519: 256,
  x448: 448,
};

/**
 * A public key, read from its SubjectPublicKeyInfo DER without going through OpenSSL: algorithm,
 * size or curve, the key material for comparison, and a SHA-256 fingerprint.
 *
 * @example
 * ```ts
 * import { parseSubjectPublicKeyInfo } from 'certkit/keys';
 * const key = parseSubjectPublicKeyInfo(spkiDer);
 * console.log(key.algorithm, key.bits, key.curve, key.sha256Fingerprint);
 * ```
 * @see RFC 5280 section 4.1.2.7, RFC 3279, RFC 5480, RFC 8410
 */
export class PublicKey {
  /** The algorithm family. */
  readonly algorithm: KeyAlgorithm;
  /** The algorithm OID from the SubjectPublicKeyInfo. */
  readonly algorithmOid: string;
  /** The named curve for EC keys (`P-256`, `P-384`, `P-521`, …); undefined otherwise. */
  readonly curve: string | undefined;
  /** The curve OID for EC keys. */
  readonly curveOid: string | undefined;
  /** The whole SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
  /** The subjectPublicKey BIT STRING content (RSAPublicKey DER, EC point, or raw Ed key). */
  readonly keyBytes: Uint8Array;
  #bits: number | undefined | null = null;
  #rsa: { modulus: string; exponent: string } | null = null;
  #fingerprint: string | null = null;
  #keyObject: KeyObject | null = null;

  /** @internal Use {@link parseSubjectPublicKeyInfo}. */
  constructor(spki: Uint8Array, algorithmOid: string, curveOid: string | undefined, keyBytes: Uint8Array) {
    this.spki = spki;
    this.algorithmOid = algorithmOid;
    this.algorithm = ALGORITHM_BY_OID[algorithmOid] ?? 'unknown';
    this.curveOid = curveOid;
    this.curve = curveOid === undefined ? undefined : (CurveByOid[curveOid]?.name ?? curveOid);
    this.keyBytes = keyBytes;
  }

  /** Size in bits: RSA modulus length, EC curve size, 256 for Ed25519, 456 for Ed448. */
  get bits(): number | undefined {
    if (this.#bits === null) {
      if (this.algorithm === 'rsa' || this.algorithm === 'rsa-pss') {
        const hex = this.rsa?.modulus ?? '';
        const lead = Number.parseInt(hex.slice(0, 1) || '0', 16);
        this.#bits =
          hex.length === 0 ? 0 : (hex.length - 1) * 4 + (lead === 0 ? 0 : Math.floor(Math.log2(lead)) + 1);
      } else if (this.algorithm === 'ec') {
        this.#bits = this.curveOid === undefined ? undefined : CurveByOid[this.curveOid]?.bits;
      } else {
        this.#bits = FIXED_BITS[this.algorithm];
      }
    }
    return this.#bits;
  }

  /** RSA modulus and public exponent as lower-case hex without sign padding; undefined for other keys. */
  get rsa(): { readonly modulus: string; readonly exponent: string } | undefined {
    if (this.algorithm !== 'rsa' && this.algorithm !== 'rsa-pss') return undefined;
    if (this.#rsa === null) {
      const seq = expectSequence(readRoot(this.keyBytes), 'RSAPublicKey');
      const [n, e] = children(this.keyBytes, seq);
      if (!n || !e) throw keyMalformed('RSAPublicKey needs a modulus and an exponent');
      this.#rsa = { modulus: readIntegerHex(this.keyBytes, n), exponent: readIntegerHex(this.keyBytes, e) };
    }
    return this.#rsa;
  }

  /** SHA-256 of the SubjectPublicKeyInfo DER, colon hex (`openssl pkey -pubout -outform DER | openssl dgst -sha256`). */
  get sha256Fingerprint(): string {
    this.#fingerprint ??= toColonHex(createHash('sha256').update(this.spki).digest());
    return this.#fingerprint;
  }

  /** The key as a Node `KeyObject` (created on first use). */
  toKeyObject(): KeyObject {
    if (this.#keyObject === null) {
      try {
        this.#keyObject = createPublicKey({ key: Buffer.from(this.spki), format: 'der', type: 'spki' });
      } catch (cause) {
        throw new KeyError(
          'ERR_KEY_UNSUPPORTED_ALGORITHM',
          `Node cannot use this ${this.algorithm} public key.`,
          {
            cause,
            details: { algorithm: this.algorithm, algorithmOid: this.algorithmOid, curve: this.curve },
          },
        );
      }
    }
    return this.#keyObject;
  }

  /**
   * Whether two public keys hold the same key material. Compares the material itself (RSA modulus and
   * exponent, EC curve and point, Ed raw key), so differently encoded parameters, and compressed and
   * uncompressed forms of one EC point, still compare equal.
   */
  equals(other: PublicKey): boolean {
    return publicKeyDifference(this, other) === undefined;
  }

  /** A summary without key material, e.g. `RSA 2048` or `EC P-256`. */
  toString(): string {
    if (this.algorithm === 'ec') return `EC ${this.curve ?? 'unknown curve'}`;
    if (this.algorithm === 'rsa' || this.algorithm === 'rsa-pss') {
      return `${this.algorithm === 'rsa' ? 'RSA' : 'RSA-PSS'} ${this.bits}`;
    }
    return this.algorithm.toUpperCase();
  }

  /** JSON view: algorithm, bits, curve and fingerprint. */
  toJSON(): {
    algorithm: KeyAlgorithm;
    bits: number | undefined;
    curve: string | undefined;
    sha256Fingerprint: string;
  } {
    return {
      algorithm: this.algorithm,
      bits: this.bits,
      curve: this.curve,
      sha256Fingerprint: this.sha256Fingerprint,
    };
  }
}

function keyMalformed(reason: string, cause?: unknown): KeyError {
  return new KeyError('ERR_KEY_MALFORMED', `Malformed public key: ${reason}.`, {
    details: { reason },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Reads a SubjectPublicKeyInfo from DER.
 *
 * @throws KeyError `ERR_KEY_MALFORMED` when the structure is not a SubjectPublicKeyInfo.
 * @example
 * ```ts
 * import { parseSubjectPublicKeyInfo } from 'certkit/keys';
 * const key = parseSubjectPublicKeyInfo(der);
 * ```
 * @see RFC 5280 section 4.1
 */
export function parseSubjectPublicKeyInfo(der: Uint8Array): PublicKey;
/**
 * @internal `spkiTlv` lets a caller that already located the structure inside a certificate skip
 * re-reading it (the key bytes are then a view into the certificate).
 */
export function parseSubjectPublicKeyInfo(der: Uint8Array, spkiTlv: Tlv): PublicKey;
export function parseSubjectPublicKeyInfo(der: Uint8Array, spkiTlv?: Tlv): PublicKey {
  try {
    const root = spkiTlv ?? readRoot(der);
    expectSequence(root, 'SubjectPublicKeyInfo');
    const [alg, bits, extra] = children(der, root);
    const algSeq = expectSequence(alg, 'AlgorithmIdentifier', root.start);
    const [oidTlv, params, extraParam] = children(der, algSeq);
    if (!oidTlv || !bits) throw keyMalformed('SubjectPublicKeyInfo needs an algorithm and a key');
    // RFC 5280 4.1: SubjectPublicKeyInfo and AlgorithmIdentifier have exactly these fields.
    if (extra || extraParam)
      throw keyMalformed('SubjectPublicKeyInfo or its AlgorithmIdentifier has extra fields');
    const algorithmOid = readOid(der, oidTlv);
    let curveOid: string | undefined;
    if (algorithmOid === KeyAlgorithmOid.ecPublicKey) {
      if (params?.cls !== 0 || params.tag !== UniversalTag.oid) {
        throw new KeyError(
          'ERR_KEY_UNSUPPORTED_ALGORITHM',
          'EC keys with explicit curve parameters are not supported.',
          {
            details: { algorithm: 'ec', algorithmOid },
          },
        );
      }
      curveOid = readOid(der, params);
    }
    const key = readBitString(der, bits);
    if (key.unusedBits !== 0) throw keyMalformed('subjectPublicKey BIT STRING with unused bits');
    return new PublicKey(der.subarray(root.start, root.end), algorithmOid, curveOid, key.bytes);
  } catch (e) {
    if (isCertkitError(e) && e.code !== 'ERR_DER_MALFORMED' && e.code !== 'ERR_DER_TRAILING_DATA') throw e;
    throw keyMalformed(isCertkitError(e) ? String(e.details.reason ?? e.message) : 'not DER', e);
  }
}
