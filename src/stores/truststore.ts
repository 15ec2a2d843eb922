import { inspect } from 'node:util';
import { TrustAnchors } from '../chain/certificate-pool.js';
import { StoreError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { Certificate } from '../x509/certificate.js';
import { parseCertificate } from '../x509/parse-certificate.js';
import { readJks, readPemBundle, readPkcs12, writePkcs12 } from './format-io.js';
import type { Pkcs12Profile, StoreContents, TrustedEntryData } from './formats/store-contents.js';
import { aliasExists, aliasNotFound } from './keystore.js';
import { diffEntries, type StoreDiff } from './store-diff.js';
import { checkAlias, type StoreCertificateSummary, summariseCertificate } from './store-summary.js';

/**
 * The JSON form of a {@link Truststore}.
 *
 * @example
 * ```ts
 * import type { TruststoreSummary } from 'certkit/stores';
 * const s: TruststoreSummary = truststore.toJSON();
 * console.log(s.entries.map((e) => `${e.alias}: ${e.certificate.subject}`));
 * ```
 * @see RFC 5280 section 6.1.1
 */
export interface TruststoreSummary {
  readonly kind: 'truststore';
  readonly entries: readonly { readonly alias: string; readonly certificate: StoreCertificateSummary }[];
}

/**
 * Options of `Truststore.withCertificate`.
 *
 * @example
 * ```ts
 * const ts2 = ts.withCertificate('corp-root', newRootPem, { replace: true });
 * ```
 * @see RFC 5280 section 6.1.1
 */
export interface TrustedEntryOptions {
  /** Replace an entry of the same alias instead of refusing with `ERR_STORE_ALIAS_EXISTS`. Default `false`. */
  readonly replace?: boolean;
}

/**
 * Options of `Truststore.fromCertificates`.
 *
 * @example
 * ```ts
 * import { Truststore } from 'certkit/stores';
 * const ts = Truststore.fromCertificates(roots, { aliasOf: (c, i) => `root-${i}` });
 * ```
 * @see RFC 5280 section 6.1.1
 */
export interface TruststoreFromCertificatesOptions {
  /** Names each certificate. Default: the subject common name in lower case (`-2`, `-3`, … when taken), else `cert-<fingerprint prefix>`. */
  readonly aliasOf?: (certificate: Certificate, index: number) => string;
}

function defaultAlias(c: Certificate): string {
  let cn: string | undefined;
  try {
    cn = c.subject.commonName;
  } catch {
    cn = undefined;
  }
  const slug = (cn ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return slug.length > 0
    ? slug
    : `cert-${c.sha256Fingerprint.replaceAll(':', '').slice(0, 16).toLowerCase()}`;
}

/**
 * A truststore: trusted certificates (roots, or pinned certificates) by alias. An immutable value
 * like {@link Keystore}: `withCertificate` / `withoutCertificate` return new truststores.
 *
 * @example
 * ```ts
 * import { Truststore } from 'certkit/stores';
 * import { buildChain } from 'certkit/chain';
 * const trust = Truststore.fromPemBundle(caBundlePem);
 * const result = buildChain(leaf, { trust: trust.anchors });
 * ```
 * @see RFC 5280 section 6.1.1 (trust anchors)
 */
export class Truststore {
  readonly #entries: ReadonlyMap<string, Certificate>;
  #anchors: TrustAnchors | undefined;

  private constructor(entries: ReadonlyMap<string, Certificate>) {
    this.#entries = entries;
    Object.freeze(this);
  }

  /**
   * A truststore with no certificates.
   * @example
   * ```ts
   * import { Truststore } from 'certkit/stores';
   * const ts = Truststore.empty().withCertificate('corp-root', rootCert);
   * ```
   */
  static empty(): Truststore {
    return new Truststore(new Map());
  }

  /**
   * A truststore from certificates, named by `aliasOf` (default: the subject CN).
   * @throws StoreError `ERR_STORE_ALIAS_EXISTS` when `aliasOf` gives one alias twice.
   * @throws TypeError when an element is not a Certificate.
   * @example
   * ```ts
   * import { Truststore } from 'certkit/stores';
   * import { parseCertificates } from 'certkit/x509';
   * const ts = Truststore.fromCertificates(parseCertificates(pem));
   * ```
   */
  static fromCertificates(
    certificates: readonly Certificate[],
    options: TruststoreFromCertificatesOptions = {},
  ): Truststore {
    if (!Array.isArray(certificates)) throw new TypeError('fromCertificates expects an array of Certificate');
    const map = new Map<string, Certificate>();
    certificates.forEach((c, i) => {
      if (!(c instanceof Certificate))
        throw new TypeError('fromCertificates expects an array of Certificate');
      let alias: string;
      if (options.aliasOf !== undefined) {
        alias = checkAlias(options.aliasOf(c, i));
        if (map.has(alias)) throw aliasExists(alias);
      } else {
        const base = defaultAlias(c);
        alias = base;
        for (let n = 2; map.has(alias); n++) alias = `${base}-${n}`;
      }
      map.set(alias, c);
    });
    return new Truststore(map);
  }

  /**
   * A truststore from the trusted entries the format readers give (`StoreContents.trusted`).
   * @throws StoreError `ERR_STORE_ALIAS_EXISTS` when two entries share an alias.
   * @example
   * ```ts
   * import { Truststore, readJks } from 'certkit/stores';
   * const ts = Truststore.fromContents(readJks(bytes, { storePassword: 'changeit' }));
   * ```
   */
  static fromContents(contents: Pick<StoreContents, 'trusted'>): Truststore {
    if (contents === null || typeof contents !== 'object' || !Array.isArray(contents.trusted)) {
      throw new TypeError('contents must be { trusted: TrustedEntryData[] }');
    }
    let ts = Truststore.empty();
    for (const t of contents.trusted) ts = ts.withCertificate(t.alias, t.certificate);
    return ts;
  }

  /**
   * A truststore from a CA bundle (PEM certificates, as in `/etc/ssl/certs/ca-certificates.crt`).
   * @throws StoreError `ERR_PEM_BUNDLE_*` from `readPemBundle`.
   * @example
   * ```ts
   * import { Truststore } from 'certkit/stores';
   * import { readFileSync } from 'node:fs';
   * const ts = Truststore.fromPemBundle(readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8'));
   * ```
   * @see RFC 7468
   */
  static fromPemBundle(caBundle: string | Uint8Array): Truststore {
    const contents = readPemBundle(caBundle);
    if (contents.trusted.length === 0 && contents.keys.length > 0) {
      // A key + chain bundle: trust its certificates.
      return Truststore.fromCertificates(contents.keys.flatMap((k) => [...k.chain]));
    }
    return Truststore.fromContents(contents);
  }

  /**
   * The trusted-certificate entries of a PKCS#12 file.
   * @throws StoreError `ERR_PKCS12_*` from `readPkcs12`.
   * @example
   * ```ts
   * import { Truststore } from 'certkit/stores';
   * const ts = Truststore.fromPkcs12(bytes, { password: 'changeit' });
   * ```
   * @see RFC 7292
   */
  static fromPkcs12(bytes: Uint8Array, options: { readonly password?: string } = {}): Truststore {
    return Truststore.fromContents(
      readPkcs12(bytes, options.password === undefined ? {} : { password: options.password }),
    );
  }

  /**
   * The trustedCertEntry entries of a Java keystore (a `cacerts`-style truststore). The reader decrypts
   * key entries too, so a store that also holds keys under other passwords needs `keyPassword`.
   * @throws StoreError `ERR_JKS_*` from `readJks`.
   * @example
   * ```ts
   * import { Truststore } from 'certkit/stores';
   * const ts = Truststore.fromJks(bytes, { storePassword: 'changeit' });
   * ```
   */
  static fromJks(
    bytes: Uint8Array,
    options: {
      readonly storePassword: string;
      readonly keyPassword?: string | ((alias: string) => string | undefined);
    },
  ): Truststore {
    if (options === null || typeof options !== 'object' || typeof options.storePassword !== 'string') {
      throw new TypeError('fromJks needs { storePassword }');
    }
    return Truststore.fromContents(
      readJks(bytes, {
        storePassword: options.storePassword,
        ...(options.keyPassword === undefined ? {} : { keyPassword: options.keyPassword }),
      }),
    );
  }

  /**
   * A new truststore with the certificate added (a `Certificate`, or PEM/DER of one).
   * @throws StoreError `ERR_STORE_ALIAS_EXISTS` without `replace`; `ERR_KEYSTORE_CHAIN_UNREADABLE`
   *   when the text is not a certificate (the parse error is the `cause`).
   * @throws TypeError on a wrong argument type.
   * @example
   * ```ts
   * const ts2 = ts.withCertificate('partner-root', partnerRootPem);
   * ```
   */
  withCertificate(
    alias: string,
    certificate: Certificate | string | Uint8Array,
    options: TrustedEntryOptions = {},
  ): Truststore {
    checkAlias(alias);
    if (options.replace !== true && this.#entries.has(alias)) throw aliasExists(alias);
    let cert: Certificate;
    if (certificate instanceof Certificate) cert = certificate;
    else if (typeof certificate === 'string' || certificate instanceof Uint8Array) {
      try {
        cert = parseCertificate(certificate);
      } catch (cause) {
        if (!isCertkitError(cause)) throw cause;
        throw new StoreError(
          'ERR_KEYSTORE_CHAIN_UNREADABLE',
          `The certificate for "${alias}" cannot be read: ${cause.message}`,
          {
            cause,
            details: { alias, parseError: cause.code },
          },
        );
      }
    } else throw new TypeError('certificate must be a Certificate, PEM text or bytes');
    const next = new Map(this.#entries);
    next.set(alias, cert);
    return new Truststore(next);
  }

  /**
   * A new truststore without that entry.
   * @throws StoreError `ERR_STORE_ALIAS_NOT_FOUND`.
   * @example
   * ```ts
   * const ts2 = ts.withoutCertificate('old-root');
   * ```
   */
  withoutCertificate(alias: string): Truststore {
    this.certificate(alias);
    const next = new Map(this.#entries);
    next.delete(alias);
    return new Truststore(next);
  }

  /** The aliases, in insertion order. */
  get aliases(): readonly string[] {
    return [...this.#entries.keys()];
  }

  /** The number of certificates. */
  get size(): number {
    return this.#entries.size;
  }

  /** The certificates, in insertion order. */
  get certificates(): readonly Certificate[] {
    return [...this.#entries.values()];
  }

  /** The certificates as chain-building trust anchors (built once, on first use). */
  get anchors(): TrustAnchors {
    this.#anchors ??= new TrustAnchors(this.#entries.values());
    return this.#anchors;
  }

  /** Whether an entry of that alias exists. */
  has(alias: string): boolean {
    return this.#entries.has(alias);
  }

  /** The certificate of that alias, or undefined. */
  get(alias: string): Certificate | undefined {
    return this.#entries.get(alias);
  }

  /**
   * The certificate of that alias.
   * @throws StoreError `ERR_STORE_ALIAS_NOT_FOUND` with `details.aliases`.
   * @example
   * ```ts
   * const root = ts.certificate('corp-root');
   * ```
   */
  certificate(alias: string): Certificate {
    const c = this.#entries.get(alias);
    if (c === undefined) throw aliasNotFound(alias, this.aliases);
    return c;
  }

  /** Whether the truststore holds this exact certificate (by SHA-256 fingerprint). */
  contains(certificate: Certificate): boolean {
    const fp = certificate.sha256Fingerprint;
    for (const c of this.#entries.values()) if (c.sha256Fingerprint === fp) return true;
    return false;
  }

  /** Every entry as `{ alias, certificate }`. */
  entries(): readonly TrustedEntryData[] {
    return [...this.#entries].map(([alias, certificate]) => ({ alias, certificate }));
  }

  /** The entries in the shape the format writers take (no key entries). */
  toContents(): StoreContents {
    return { keys: [], trusted: this.entries() };
  }

  /**
   * Every certificate as PEM, in insertion order (a CA bundle file).
   * @example
   * ```ts
   * import { writeFileSync } from 'node:fs';
   * writeFileSync('ca-bundle.pem', truststore.toPem());
   * ```
   * @see RFC 7468 section 5
   */
  toPem(): string {
    return this.certificates.map((c) => c.pem).join('');
  }

  /**
   * Writes the certificates as trusted entries of a PKCS#12 file.
   * @throws StoreError from `writePkcs12`.
   * @example
   * ```ts
   * const p12 = truststore.toPkcs12({ password: 'changeit' });
   * ```
   * @see RFC 7292
   */
  toPkcs12(options: {
    readonly password: string;
    readonly profile?: Pkcs12Profile;
    readonly iterations?: number;
  }): Uint8Array {
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
   * Whether both hold the same aliases with the same certificates (by fingerprint).
   * @example
   * ```ts
   * if (!a.equals(b)) console.log(a.diff(b));
   * ```
   */
  equals(other: Truststore): boolean {
    if (!(other instanceof Truststore) || other.size !== this.size) return false;
    for (const [alias, c] of this.#entries) {
      if (other.get(alias)?.sha256Fingerprint !== c.sha256Fingerprint) return false;
    }
    return true;
  }

  /**
   * What changed from this truststore to `other`, by alias and fingerprint.
   * @throws TypeError when `other` is not a Truststore.
   * @example
   * ```ts
   * const d = current.diff(candidate);
   * console.log(d.removed.map((e) => e.alias));
   * ```
   */
  diff(other: Truststore): StoreDiff {
    if (!(other instanceof Truststore)) throw new TypeError('diff expects a Truststore');
    const view = (ts: Truststore) =>
      [...ts.#entries].map(([alias, c]) => ({
        alias,
        sha256Fingerprint: c.sha256Fingerprint,
        chainFingerprints: [],
        keyFingerprint: undefined,
      }));
    return diffEntries(view(this), view(other));
  }

  /** The JSON view: aliases, subjects, fingerprints, validity. */
  toJSON(): TruststoreSummary {
    return {
      kind: 'truststore',
      entries: [...this.#entries].map(([alias, c]) => ({ alias, certificate: summariseCertificate(c) })),
    };
  }

  /** `Truststore(3 certificates)`. */
  toString(): string {
    return `Truststore(${this.size} certificate${this.size === 1 ? '' : 's'})`;
  }

  /** `util.inspect` shows the JSON view. */
  [inspect.custom](_depth: number, options: object): string {
    return `Truststore ${inspect(this.toJSON(), { ...options, depth: 5 })}`;
  }
}
