import { createPrivateKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { CurveByOid } from '../internal/oids.js';
import type { KeyEncryptionInfo } from './encrypted-private-key-info.js';
import { keyMalformed } from './key-errors.js';
import type { PrivateKeyAlgorithm, PrivateKeyFormat, PrivateKeyStructure } from './private-key-structure.js';
import type { PublicKey } from './public-key.js';

/** The JSON form of a {@link PrivateKey}: facts only, never key material. */
export interface PrivateKeySummary {
  readonly algorithm: PrivateKeyAlgorithm;
  readonly bits: number;
  readonly curve: string | undefined;
  readonly format: PrivateKeyFormat;
  readonly wasEncrypted: boolean;
  readonly encryption: string | undefined;
  readonly publicKeySha256: string;
}

/**
 * A private key read by {@link parsePrivateKey}: an immutable value holding what is safe to show
 * (algorithm, size, curve, format, how it was encrypted, the public key) and, in a `#private` field,
 * the decrypted key bytes. The bytes never appear in `JSON.stringify`, `util.inspect`, `String()` or
 * error messages; they leave only through {@link PrivateKey.toKeyObject} or `exportPrivateKey`.
 *
 * @example
 * ```ts
 * import { parsePrivateKey } from 'certkit/keys';
 * const key = parsePrivateKey(pem, { password: process.env.KEY_PASSWORD });
 * console.log(key.algorithm, key.bits, key.publicKey.sha256Fingerprint);
 * ```
 * @see RFC 5958, RFC 8017 appendix A.1.2, RFC 5915
 */
export class PrivateKey {
  /** The algorithm family. */
  readonly algorithm: PrivateKeyAlgorithm;
  /** Size in bits: RSA modulus length, EC curve size, 256 for Ed25519, 456 for Ed448. */
  readonly bits: number;
  /** The named curve for EC keys (`P-256`, `P-384`, `P-521`); undefined otherwise. */
  readonly curve: string | undefined;
  /** The structure the key was stored in, after decryption: `pkcs1`, `sec1` or `pkcs8`. */
  readonly format: PrivateKeyFormat;
  /** Whether the input was encrypted (and a password decrypted it). */
  readonly wasEncrypted: boolean;
  /** The encryption scheme of the input (e.g. `pbes2-pbkdf2-aes-256-cbc`); undefined when not encrypted. */
  readonly encryption: string | undefined;
  /** Details of the encryption (KDF, hash, iterations, cipher); undefined when not encrypted. */
  readonly encryptionInfo: KeyEncryptionInfo | undefined;
  /** The public half, read from the key structure itself (or derived where the structure lacks it). */
  readonly publicKey: PublicKey;
  readonly #der: Uint8Array;
  #keyObject: KeyObject | undefined;

  /** @internal Use {@link parsePrivateKey}. */
  constructor(der: Uint8Array, structure: PrivateKeyStructure, encryption: KeyEncryptionInfo | undefined) {
    this.#der = der;
    this.algorithm = structure.algorithm;
    this.format = structure.format;
    this.publicKey = structure.publicKey;
    this.curve = structure.curveOid === undefined ? undefined : CurveByOid[structure.curveOid]?.name;
    this.bits = structure.publicKey.bits ?? 0;
    this.wasEncrypted = encryption !== undefined;
    this.encryption = encryption?.scheme;
    this.encryptionInfo = encryption === undefined ? undefined : Object.freeze({ ...encryption });
    Object.freeze(this);
  }

  /**
   * The key as a Node `KeyObject`, created on first use (OpenSSL's key decoding is the slow part of
   * reading a key, so certkit only does it when a caller needs the key for signing or TLS).
   *
   * @throws KeyError `ERR_KEY_MALFORMED` when Node's OpenSSL refuses the key (for example RSA numbers
   *   that are not consistent, which certkit's structural read does not check).
   */
  toKeyObject(): KeyObject {
    if (this.#keyObject === undefined) {
      try {
        this.#keyObject = createPrivateKey({ key: Buffer.from(this.#der), format: 'der', type: this.format });
      } catch (cause) {
        throw keyMalformed("Node's OpenSSL refused to load the key", cause, { algorithm: this.algorithm });
      }
    }
    return this.#keyObject;
  }

  /** A summary without key material, e.g. `PrivateKey(RSA 2048, pkcs8, encrypted pbes2-pbkdf2-aes-256-cbc)`. */
  toString(): string {
    const enc = this.wasEncrypted ? `, encrypted ${this.encryption}` : '';
    return `PrivateKey(${this.publicKey.toString()}, ${this.format}${enc})`;
  }

  /** JSON view: algorithm, bits, curve, format, encryption and the public key fingerprint. */
  toJSON(): PrivateKeySummary {
    return {
      algorithm: this.algorithm,
      bits: this.bits,
      curve: this.curve,
      format: this.format,
      wasEncrypted: this.wasEncrypted,
      encryption: this.encryption,
      publicKeySha256: this.publicKey.sha256Fingerprint,
    };
  }

  /** `util.inspect` shows the JSON view, never the key. */
  [inspect.custom](_depth: number, options: { stylize?: unknown }): string {
    return `PrivateKey ${inspect(this.toJSON(), options as object)}`;
  }
}
