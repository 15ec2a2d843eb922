import { inspect } from 'node:util';
import type { PrivateKey } from '../keys/private-key.js';
import type { Certificate } from '../x509/certificate.js';
import type { KeyEntryData } from './formats/store-contents.js';
import { type StoreCertificateSummary, summariseCertificate } from './store-summary.js';

/**
 * The JSON form of a {@link KeystoreEntry}: the key's algorithm, size and public key fingerprint, and
 * the chain's subjects, fingerprints and validity. Never key material.
 *
 * @example
 * ```ts
 * import type { KeystoreEntrySummary } from 'certkit/stores';
 * const e: KeystoreEntrySummary = keystore.entry('server').toJSON();
 * console.log(e.alias, e.key.algorithm, e.chain[0]?.notAfter);
 * ```
 * @see RFC 7292 section 4.2
 */
export interface KeystoreEntrySummary {
  readonly alias: string;
  readonly key: {
    readonly algorithm: string;
    readonly bits: number;
    readonly curve: string | undefined;
    /** SHA-256 of the public key's SubjectPublicKeyInfo, colon hex. */
    readonly publicKeySha256: string;
  };
  /** Leaf first. */
  readonly chain: readonly StoreCertificateSummary[];
}

/**
 * One entry of a {@link Keystore}: an alias, a private key and its certificate chain (leaf first).
 * Immutable. The private key is reachable for use (`privateKey.toKeyObject()`), but `toJSON()`,
 * `util.inspect` and `String()` show only its public facts.
 *
 * @example
 * ```ts
 * import { Keystore } from 'certkit/stores';
 * const entry = Keystore.empty().withEntry('server', { privateKey, chain }).entry('server');
 * console.log(entry.leaf.subject.toString(), entry.sha256Fingerprint);
 * ```
 * @see RFC 7292 section 4.2
 */
export class KeystoreEntry implements KeyEntryData {
  readonly alias: string;
  readonly privateKey: PrivateKey;
  /** Leaf first; never empty. */
  readonly chain: readonly Certificate[];

  /** @internal Use `Keystore.withEntry`. */
  constructor(alias: string, privateKey: PrivateKey, chain: readonly Certificate[]) {
    this.alias = alias;
    this.privateKey = privateKey;
    this.chain = Object.freeze([...chain]);
    Object.freeze(this);
  }

  /** The certificate of the key (first of the chain). */
  get leaf(): Certificate {
    return this.chain[0]!;
  }

  /** SHA-256 fingerprint of the leaf certificate, colon hex. */
  get sha256Fingerprint(): string {
    return this.leaf.sha256Fingerprint;
  }

  /** Whether both entries hold the same key (by public key) and the same chain (by fingerprints). Aliases are not compared. */
  sameContentAs(other: KeystoreEntry): boolean {
    return (
      this.privateKey.publicKey.sha256Fingerprint === other.privateKey.publicKey.sha256Fingerprint &&
      this.chain.length === other.chain.length &&
      this.chain.every((c, i) => c.sha256Fingerprint === other.chain[i]!.sha256Fingerprint)
    );
  }

  /** The redacted JSON view. */
  toJSON(): KeystoreEntrySummary {
    const k = this.privateKey;
    return {
      alias: this.alias,
      key: {
        algorithm: k.algorithm,
        bits: k.bits,
        curve: k.curve,
        publicKeySha256: k.publicKey.sha256Fingerprint,
      },
      chain: this.chain.map(summariseCertificate),
    };
  }

  /** `alias: subject (fingerprint)`, no key material. */
  toString(): string {
    return `KeystoreEntry(${this.alias}: ${this.chain[0]?.subject.toString() ?? '?'}, ${this.sha256Fingerprint})`;
  }

  /** `util.inspect` shows the redacted JSON view. */
  [inspect.custom](_depth: number, options: object): string {
    return `KeystoreEntry ${inspect(this.toJSON(), { ...options, depth: 4 })}`;
  }
}
