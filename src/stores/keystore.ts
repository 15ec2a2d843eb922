import { inspect } from 'node:util';
import { StoreError } from '../errors/area-errors.js';
import { PrivateKey } from '../keys/private-key.js';
import { Certificate } from '../x509/certificate.js';
import { readJks, readPemBundle, readPkcs12, writePemBundle, writePkcs12 } from './format-io.js';
import type { KeyEntryData, Pkcs12Profile, StoreContents } from './formats/store-contents.js';
import {
  checkKeyEntry,
  checkKeyEntryAsync,
  entryRejected,
  type KeyEntryAsyncCheckOptions,
  type KeyEntryCheckOptions,
  type KeyEntryFinding,
  type KeyEntryInput,
} from './key-entry-checks.js';
import { KeystoreEntry, type KeystoreEntrySummary } from './keystore-entry.js';
import { diffEntries, type StoreDiff } from './store-diff.js';
import { checkAlias } from './store-summary.js';

/**
 * Options of `Keystore.withEntry`: the upload checks, plus whether an existing alias may be replaced.
 *
 * @example
 * ```ts
 * import { Keystore } from 'certkit/stores';
 * const ks2 = ks.withEntry('api', entry, { trust: roots, replace: true });
 * ```
 * @see RFC 5280 section 6.1
 */
export interface KeyEntryOptions extends KeyEntryCheckOptions {
  /** Replace an entry of the same alias instead of refusing with `ERR_STORE_ALIAS_EXISTS`. Default `false`. */
  readonly replace?: boolean;
}

/**
 * Options of `Keystore.withEntryAsync`: the upload checks with revocation, plus `replace`.
 *
 * @example
 * ```ts
 * import { Keystore } from 'certkit/stores';
 * const ks2 = await ks.withEntryAsync('api', entry, { trust: roots, revocation: [crl], replace: true });
 * ```
 * @see RFC 5280 section 6.3
 */
export interface KeyEntryAsyncOptions extends KeyEntryAsyncCheckOptions {
  /** Replace an entry of the same alias instead of refusing with `ERR_STORE_ALIAS_EXISTS`. Default `false`. */
  readonly replace?: boolean;
}

/**
 * What to do with the entries read from a file: nothing (the default: a read shows what is there, see
 * `Keystore.check` to audit it) or the upload checks of `withEntry`.
 *
 * @example
 * ```ts
 * import { Keystore } from 'certkit/stores';
 * const ks = Keystore.fromPkcs12(bytes, { password, checks: { trust: roots } });
 * ```
 * @see RFC 7292
 */
export interface KeystoreLoadOptions {
  /** Run the upload checks on every entry read (the first entry with blocking findings throws). Default none. */
  readonly checks?: KeyEntryCheckOptions;
}

/**
 * Options of `Keystore.fromPkcs12`.
 *
 * @example
 * ```ts
 * import { Keystore } from 'certkit/stores';
 * const ks = Keystore.fromPkcs12(bytes, { password: 'changeit', maxInputBytes: 1 << 20 });
 * ```
 * @see RFC 7292
 */
export interface KeystoreFromPkcs12Options extends KeystoreLoadOptions {
  /** The PKCS#12 password (integrity and privacy). Leave undefined for a file without one. */
  readonly password?: string;
  /** Largest input accepted, in bytes. Default that of `readPkcs12` (10 MiB). */
  readonly maxInputBytes?: number;
  /** Key-derivation budget of the read, in work units. Default that of `readPkcs12` (6,000,000). */
  readonly maxKdfWork?: number;
}

/**
 * Options of `Keystore.fromJks`.
 *
 * @example
 * ```ts
 * import { Keystore } from 'certkit/stores';
 * const ks = Keystore.fromJks(bytes, { storePassword: 'storepass', keyPassword: (alias) => keyPasswords[alias] });
 * ```
 * @see RFC 7292 (PKCS#12, the format JKS is usually migrated to)
 */
export interface KeystoreFromJksOptions extends KeystoreLoadOptions {
  /** The store password (integrity check). */
  readonly storePassword: string;
  /** The key password when it differs from the store password: one for all, or per alias. */
  readonly keyPassword?: string | ((alias: string) => string | undefined);
}

/**
 * Options of `Keystore.fromPemBundle`.
 *
 * @example
 * ```ts
 * import { Keystore } from 'certkit/stores';
 * const ks = Keystore.fromPemBundle(pem, { alias: 'server', password: process.env.KEY_PASSWORD ?? '' });
 * ```
 * @see RFC 7468
 */
export interface KeystoreFromPemOptions extends KeystoreLoadOptions {
  /** The password of an encrypted key in the bundle. */
  readonly password?: string;
  /** The alias of the entry. Default the one `readPemBundle` gives. */
  readonly alias?: string;
}

/**
 * Options of `Keystore.toPkcs12`.
 *
 * @example
 * ```ts
 * const p12 = keystore.toPkcs12({ password: 'changeit', profile: 'legacy' });
 * ```
 * @see RFC 7292 appendix C
 */
export interface KeystoreToPkcs12Options {
  /** The password protecting the file (required: certkit does not write unprotected keys). */
  readonly password: string;
  /** `modern` (default: AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC) or `legacy` (3DES/RC2, SHA-1 MAC). */
  readonly profile?: Pkcs12Profile;
  /** PBKDF2 / MAC iteration count. Default that of `writePkcs12`. */
  readonly iterations?: number;
}

/**
 * Options of `Keystore.toPemBundle`.
 *
 * @example
 * ```ts
 * const pem = keystore.toPemBundle('server', { password: 'pem-password' });
 * ```
 * @see RFC 7468 section 11, RFC 8018
 */
export interface KeystoreToPemOptions {
  /** Encrypt the key (PKCS#8 PBES2) with this password. Default: the key is written unencrypted. */
  readonly password?: string;
  /** PBKDF2 iterations when `password` is given. Default that of `writePemBundle`. */
  readonly iterations?: number;
}

/**
 * The JSON form of a {@link Keystore}: every entry's key facts and chain, never key material.
 *
 * @example
 * ```ts
 * import type { KeystoreSummary } from 'certkit/stores';
 * const s: KeystoreSummary = keystore.toJSON();
 * ```
 * @see RFC 7292 section 4.2
 */
export interface KeystoreSummary {
  readonly kind: 'keystore';
  readonly entries: readonly KeystoreEntrySummary[];
}

/**
 * A finding of `Keystore.check`, with the alias it concerns.
 *
 * @example
 * ```ts
 * import type { KeystoreAuditFinding } from 'certkit/stores';
 * const findings: readonly KeystoreAuditFinding[] = keystore.check({ trust: roots });
 * for (const f of findings) console.log(f.alias, f.code);
 * ```
 * @see RFC 5280 section 6.1
 */
export type KeystoreAuditFinding = KeyEntryFinding & { readonly alias: string };

/**
 * A keystore: private keys with their certificate chains, by alias. An immutable value: every change
 * (`withEntry`, `withoutEntry`) returns a new keystore, so a keystore handed to a TLS server never
 * changes under it.
 *
 * Adding an entry runs the upload checks of a certificate manager (see {@link checkKeyEntry}) and
 * throws a `StoreError` whose `code` is that of the first blocking finding (`ERR_KEYSTORE_KEY_MISMATCH`,
 * `ERR_KEYSTORE_CHAIN_INCOMPLETE`, …) and whose `details.findings` lists every finding.
 * `toJSON()`, `util.inspect` and errors never show key material.
 *
 * @example
 * ```ts
 * import { Keystore } from 'certkit/stores';
 * const ks = Keystore.empty().withEntry('server', { privateKey: keyPem, chain: chainPem }, { trust: roots });
 * const p12 = ks.toPkcs12({ password: 'changeit' });
 * console.log(ks.toJSON().entries[0]?.chain[0]?.subject);
 * ```
 * @see RFC 7292, RFC 5280 section 6.1
 */
export class Keystore {
  readonly #entries: ReadonlyMap<string, KeystoreEntry>;

  private constructor(entries: ReadonlyMap<string, KeystoreEntry>) {
    this.#entries = entries;
    Object.freeze(this);
  }

  /**
   * A keystore with no entries.
   * @example
   * ```ts
   * import { Keystore } from 'certkit/stores';
   * const ks = Keystore.empty();
   * ```
   */
  static empty(): Keystore {
    return new Keystore(new Map());
  }

  /**
   * A keystore from entries as the format readers give them (`StoreContents.keys`). Trusted entries are
   * not part of a keystore (see `Truststore.fromContents`).
   *
   * @throws StoreError `ERR_STORE_ALIAS_EXISTS` (two entries share an alias), `ERR_KEYSTORE_CHAIN_EMPTY`
   *   (a key without certificate), and with `checks` the code of the first blocking upload finding.
   * @throws TypeError when an entry has the wrong shape.
   * @example
   * ```ts
   * import { Keystore, readPkcs12 } from 'certkit/stores';
   * const ks = Keystore.fromContents(readPkcs12(bytes, { password }));
   * ```
   * @see RFC 7292 section 4.2
   */
  static fromContents(contents: Pick<StoreContents, 'keys'>, options: KeystoreLoadOptions = {}): Keystore {
    if (contents === null || typeof contents !== 'object' || !Array.isArray(contents.keys)) {
      throw new TypeError('contents must be { keys: KeyEntryData[] }');
    }
    let ks = Keystore.empty();
    for (const e of contents.keys) ks = ks.#add(e.alias, e, options.checks ?? null, false);
    return ks;
  }

  /**
   * Reads the key entries of a PKCS#12 file (`.p12`/`.pfx`) with `readPkcs12`.
   *
   * @throws StoreError `ERR_PKCS12_*` from the reader (wrong password, damaged file), and those of {@link Keystore.fromContents}.
   * @example
   * ```ts
   * import { Keystore } from 'certkit/stores';
   * import { readFileSync } from 'node:fs';
   * const ks = Keystore.fromPkcs12(readFileSync('server.p12'), { password: process.env.P12_PASSWORD });
   * ```
   * @see RFC 7292
   */
  static fromPkcs12(bytes: Uint8Array, options: KeystoreFromPkcs12Options = {}): Keystore {
    const contents = readPkcs12(bytes, {
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.maxInputBytes === undefined ? {} : { maxInputBytes: options.maxInputBytes }),
      ...(options.maxKdfWork === undefined ? {} : { maxKdfWork: options.maxKdfWork }),
    });
    return Keystore.fromContents(contents, options);
  }

  /**
   * Reads the PrivateKeyEntry entries of a Java keystore (JKS) with `readJks`.
   *
   * @throws StoreError `ERR_JKS_*` from the reader, and those of {@link Keystore.fromContents}.
   * @example
   * ```ts
   * import { Keystore } from 'certkit/stores';
   * const ks = Keystore.fromJks(bytes, { storePassword: 'changeit' });
   * ```
   * @see RFC 7292 (for comparison; JKS is Sun's proprietary format)
   */
  static fromJks(bytes: Uint8Array, options: KeystoreFromJksOptions): Keystore {
    if (options === null || typeof options !== 'object' || typeof options.storePassword !== 'string') {
      throw new TypeError('fromJks needs { storePassword }');
    }
    const contents = readJks(bytes, {
      storePassword: options.storePassword,
      ...(options.keyPassword === undefined ? {} : { keyPassword: options.keyPassword }),
    });
    return Keystore.fromContents(contents, options);
  }

  /**
   * Reads a key and its chain from PEM text (key then certificates, in any order) with `readPemBundle`.
   *
   * @throws StoreError `ERR_PEM_BUNDLE_*` from the reader, and those of {@link Keystore.fromContents}.
   * @throws KeyError `ERR_KEY_ENCRYPTED` / `ERR_KEY_BAD_PASSWORD` for an encrypted key.
   * @example
   * ```ts
   * import { Keystore } from 'certkit/stores';
   * const ks = Keystore.fromPemBundle(keyAndChainPem, { alias: 'server' });
   * ```
   * @see RFC 7468
   */
  static fromPemBundle(text: string | Uint8Array, options: KeystoreFromPemOptions = {}): Keystore {
    const contents = readPemBundle(text, {
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.alias === undefined ? {} : { alias: options.alias }),
    });
    return Keystore.fromContents(contents, options);
  }

  #add(alias: string, input: KeyEntryInput, checks: KeyEntryCheckOptions | null, replace: boolean): Keystore {
    checkAlias(alias);
    if (!replace && this.#entries.has(alias)) throw aliasExists(alias);
    let privateKey: PrivateKey;
    let chain: readonly Certificate[];
    if (checks === null) {
      // Loaded as is: only what a keystore entry structurally needs.
      if (!(input.privateKey instanceof PrivateKey) || !Array.isArray(input.chain)) {
        throw new TypeError('a loaded entry needs a PrivateKey and an array of Certificate');
      }
      if (!input.chain.every((c) => c instanceof Certificate))
        throw new TypeError('chain must hold Certificates');
      if (input.chain.length === 0) {
        throw entryRejected(alias, [
          {
            code: 'ERR_KEYSTORE_CHAIN_EMPTY',
            severity: 'blocking',
            message: 'The entry has a private key but no certificate.',
          },
        ]);
      }
      privateKey = input.privateKey;
      chain = input.chain as readonly Certificate[];
    } else {
      const r = checkKeyEntry(input, checks);
      if (!r.ok || r.privateKey === undefined) throw entryRejected(alias, r.findings);
      privateKey = r.privateKey;
      chain = r.chain;
    }
    return this.#with(new KeystoreEntry(alias, privateKey, chain));
  }

  #with(entry: KeystoreEntry): Keystore {
    const next = new Map(this.#entries);
    next.set(entry.alias, entry);
    return new Keystore(next);
  }

  /**
   * A new keystore with the entry added, after the upload checks ({@link checkKeyEntry}): key readable
   * (encrypted PEM needs `password`), key matches the leaf, chain in order and complete (`trust` may
   * complete it), nothing expired or not yet valid, and optionally `refuseSelfSigned` and
   * `requireTrustedBy`. The stored chain is the ordered one. Warnings do not stop it.
   *
   * @param alias The entry's name (non-empty, at most 256 characters).
   * @throws StoreError with the code of the first blocking finding (`ERR_KEYSTORE_KEY_MISMATCH`,
   *   `ERR_KEYSTORE_KEY_ENCRYPTED`, `ERR_KEYSTORE_KEY_UNREADABLE`, `ERR_KEYSTORE_CHAIN_UNREADABLE`,
   *   `ERR_KEYSTORE_CHAIN_EMPTY`, `ERR_KEYSTORE_CHAIN_INCOMPLETE`, `ERR_KEYSTORE_CHAIN_OUT_OF_ORDER`,
   *   `ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE`, `ERR_KEYSTORE_CERT_EXPIRED`,
   *   `ERR_KEYSTORE_CERT_NOT_YET_VALID`, `ERR_KEYSTORE_SELF_SIGNED`, `ERR_KEYSTORE_PRIVATE_CA`,
   *   `ERR_KEYSTORE_UNTRUSTED`) and every
   *   finding in `details.findings`; `ERR_STORE_ALIAS_EXISTS` without `replace`.
   * @throws TypeError on a wrong argument type, or `revocation` (use {@link Keystore.withEntryAsync}).
   * @example
   * ```ts
   * import { Keystore } from 'certkit/stores';
   * const ks = Keystore.empty().withEntry('api', { privateKey, chain }, { trust: roots, strictOrder: true });
   * ```
   * @see RFC 5280 section 6.1
   */
  withEntry(alias: string, entry: KeyEntryInput, options: KeyEntryOptions = {}): Keystore {
    return this.#add(alias, entry, options, options.replace === true);
  }

  /**
   * Like {@link Keystore.withEntry}, plus revocation checking, on by default (certkit's fetching
   * checker; or a `RevocationChecker` / CRLs; `revocation: 'off'` skips it): `ERR_KEYSTORE_CERT_REVOKED`;
   * `ERR_KEYSTORE_REVOCATION_UNKNOWN` blocks only with `hard-fail`.
   *
   * @throws StoreError as `withEntry`, plus `ERR_KEYSTORE_CERT_REVOKED` / `ERR_KEYSTORE_REVOCATION_UNKNOWN`.
   * @example
   * ```ts
   * import { Keystore } from 'certkit/stores';
   * const ks = await Keystore.empty().withEntryAsync('api', entry, { trust: roots, revocation: [crl] });
   * ```
   * @see RFC 5280 section 6.3
   */
  async withEntryAsync(
    alias: string,
    entry: KeyEntryInput,
    options: KeyEntryAsyncOptions = {},
  ): Promise<Keystore> {
    checkAlias(alias);
    if (options.replace !== true && this.#entries.has(alias)) throw aliasExists(alias);
    const r = await checkKeyEntryAsync(entry, options);
    if (!r.ok || r.privateKey === undefined) throw entryRejected(alias, r.findings);
    return this.#with(new KeystoreEntry(alias, r.privateKey, r.chain));
  }

  /**
   * A new keystore without the entry.
   * @throws StoreError `ERR_STORE_ALIAS_NOT_FOUND`.
   * @example
   * ```ts
   * const smaller = keystore.withoutEntry('old');
   * ```
   */
  withoutEntry(alias: string): Keystore {
    this.entry(alias);
    const next = new Map(this.#entries);
    next.delete(alias);
    return new Keystore(next);
  }

  /** The aliases, in insertion order. */
  get aliases(): readonly string[] {
    return [...this.#entries.keys()];
  }

  /** The number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether an entry of that alias exists. */
  has(alias: string): boolean {
    return this.#entries.has(alias);
  }

  /** The entry of that alias, or undefined. */
  get(alias: string): KeystoreEntry | undefined {
    return this.#entries.get(alias);
  }

  /**
   * The entry of that alias.
   * @throws StoreError `ERR_STORE_ALIAS_NOT_FOUND` with `details.aliases`.
   * @example
   * ```ts
   * const { privateKey, chain } = keystore.entry('server');
   * ```
   */
  entry(alias: string): KeystoreEntry {
    const e = this.#entries.get(alias);
    if (e === undefined) throw aliasNotFound(alias, this.aliases);
    return e;
  }

  /** Every entry, in insertion order. */
  entries(): readonly KeystoreEntry[] {
    return [...this.#entries.values()];
  }

  /**
   * Audits every entry with the upload checks (for example before a deployment, at a future `at`).
   * @throws TypeError on a wrong option type.
   * @example
   * ```ts
   * const soon = new Date(Date.now() + 14 * 86_400_000);
   * const problems = keystore.check({ at: soon, trust: roots }).filter((f) => f.severity === 'blocking');
   * ```
   * @see RFC 5280 section 6.1
   */
  check(options: KeyEntryCheckOptions = {}): readonly KeystoreAuditFinding[] {
    const out: KeystoreAuditFinding[] = [];
    for (const e of this.#entries.values()) {
      for (const f of checkKeyEntry(e, options).findings) out.push({ ...f, alias: e.alias });
    }
    return out;
  }

  /** The entries in the shape the format writers take (`StoreContents`, no trusted entries). */
  toContents(): StoreContents {
    return { keys: this.entries() as readonly KeyEntryData[], trusted: [] };
  }

  /**
   * Writes every entry to a PKCS#12 file with `writePkcs12` (friendlyName = alias, full chain).
   * @throws StoreError from `writePkcs12`.
   * @throws TypeError without a password.
   * @example
   * ```ts
   * import { writeFileSync } from 'node:fs';
   * writeFileSync('server.p12', keystore.toPkcs12({ password: 'changeit' }), { mode: 0o600 });
   * ```
   * @see RFC 7292
   */
  toPkcs12(options: KeystoreToPkcs12Options): Uint8Array {
    if (options === null || typeof options !== 'object' || typeof options.password !== 'string') {
      throw new TypeError('toPkcs12 needs { password }');
    }
    return writePkcs12(this.toContents(), {
      password: options.password,
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.iterations === undefined ? {} : { iterations: options.iterations }),
    });
  }

  /**
   * One entry as PEM text: the key, then the chain, leaf first (`writePemBundle`).
   * @throws StoreError `ERR_STORE_ALIAS_NOT_FOUND`.
   * @example
   * ```ts
   * const pem = keystore.toPemBundle('server', { password: 'pw' });
   * ```
   * @see RFC 7468
   */
  toPemBundle(alias: string, options: KeystoreToPemOptions = {}): string {
    const e = this.entry(alias);
    return writePemBundle(e, {
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.iterations === undefined ? {} : { iterations: options.iterations }),
    });
  }

  /**
   * Whether both keystores hold the same aliases with the same keys (by public key) and chains (by
   * fingerprint). Insertion order does not matter.
   * @example
   * ```ts
   * if (!a.equals(b)) console.log(a.diff(b));
   * ```
   */
  equals(other: Keystore): boolean {
    if (!(other instanceof Keystore)) return false;
    if (other.size !== this.size) return false;
    for (const [alias, e] of this.#entries) {
      const o = other.get(alias);
      if (o === undefined || !e.sameContentAs(o)) return false;
    }
    return true;
  }

  /**
   * What changed from this keystore to `other`: aliases added, removed, and changed (leaf certificate,
   * rest of the chain, or key), by fingerprint.
   * @throws TypeError when `other` is not a Keystore.
   * @example
   * ```ts
   * const d = current.diff(candidate);
   * for (const c of d.changed) console.log(c.alias, c.before, '->', c.after, c.changes);
   * ```
   */
  diff(other: Keystore): StoreDiff {
    if (!(other instanceof Keystore)) throw new TypeError('diff expects a Keystore');
    const view = (ks: Keystore) =>
      ks.entries().map((e) => ({
        alias: e.alias,
        sha256Fingerprint: e.sha256Fingerprint,
        chainFingerprints: e.chain.slice(1).map((c) => c.sha256Fingerprint),
        keyFingerprint: e.privateKey.publicKey.sha256Fingerprint,
      }));
    return diffEntries(view(this), view(other));
  }

  /** The redacted JSON view: key facts and chains, never key material. */
  toJSON(): KeystoreSummary {
    return { kind: 'keystore', entries: this.entries().map((e) => e.toJSON()) };
  }

  /** `Keystore(2 entries: a, b)`. */
  toString(): string {
    return `Keystore(${this.size} entr${this.size === 1 ? 'y' : 'ies'}${this.size > 0 ? `: ${this.aliases.join(', ')}` : ''})`;
  }

  /** `util.inspect` shows the redacted JSON view. */
  [inspect.custom](_depth: number, options: object): string {
    return `Keystore ${inspect(this.toJSON(), { ...options, depth: 6 })}`;
  }
}

/** @internal */
export function aliasExists(alias: string): StoreError {
  return new StoreError('ERR_STORE_ALIAS_EXISTS', `The store already has an entry "${alias}".`, {
    details: { alias },
  });
}

/** @internal */
export function aliasNotFound(alias: string, aliases: readonly string[]): StoreError {
  return new StoreError('ERR_STORE_ALIAS_NOT_FOUND', `The store has no entry "${alias}".`, {
    details: { alias, aliases },
  });
}
