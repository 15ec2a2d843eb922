import type { DistinguishedName } from '../x509/index.js';
import { Certificate } from '../x509/index.js';
import { derHash30, nameKeyOfDer, type RawIndexKeys, rawIndexKeys } from './raw-index-keys.js';

const keyCache = new WeakMap<Certificate, RawIndexKeys | null>();

/** Index keys of a certificate (cached weakly), or null when its DER cannot be walked. */
function keysOf(cert: Certificate): RawIndexKeys | null {
  let k = keyCache.get(cert);
  if (k === undefined) {
    try {
      k = rawIndexKeys(cert.der);
    } catch {
      k = null;
    }
    keyCache.set(cert, k);
  }
  return k;
}

/** A pool entry: a certificate, or DER bytes materialised into one on first use. */
type Entry = Certificate | Uint8Array;

function materialise(list: Entry[], i: number): Certificate {
  const e = list[i]!;
  if (e instanceof Certificate) return e;
  const cert = Certificate.fromOwnedDer(e);
  list[i] = cert;
  return cert;
}

function all(list: Entry[] | undefined): Certificate[] {
  if (!list) return [];
  const out: Certificate[] = [];
  for (let i = 0; i < list.length; i++) {
    try {
      out.push(materialise(list, i));
    } catch {
      // DER added through fromDer that is not a certificate: it can never be an issuer
    }
  }
  return out;
}

function derOf(e: Entry): Uint8Array {
  return e instanceof Certificate ? e.der : e;
}

function push<K>(map: Map<K, Entry[]>, key: K, cert: Entry): void {
  const list = map.get(key);
  if (list) list.push(cert);
  else map.set(key, [cert]);
}

function sameDer(a: Entry, b: Certificate): boolean {
  if (a === b) return true;
  const d = derOf(a);
  return d.length === b.der.length && Buffer.compare(d, b.der) === 0;
}

/**
 * A set of certificates indexed by subject name (RFC 5280 section 7.1 comparison: string values
 * case-folded and whitespace-collapsed) and by subject key identifier, so that finding the possible
 * issuers of a certificate is a map lookup, never a scan. The index keys are read straight from each
 * certificate's DER (no name or extension objects are kept), so a pool costs little more than the
 * certificates' bytes. Duplicates (same DER) are ignored.
 *
 * @example
 * ```ts
 * import { CertificatePool } from 'certkit/chain';
 * const pool = new CertificatePool(intermediates);
 * const issuers = pool.findIssuers(leaf);
 * ```
 * @see RFC 5280 section 6.1, RFC 4158 (path building)
 */
export class CertificatePool {
  readonly #bySubject = new Map<string, Entry[]>();
  readonly #bySki = new Map<string, Entry[]>();
  readonly #hashes = new Set<number>();
  #size = 0;

  /**
   * @param certs - the initial certificates
   * @throws TypeError when an element is not a `Certificate`
   */
  constructor(certs: Iterable<Certificate> = []) {
    for (const c of certs) this.add(c);
  }

  /**
   * A pool over DER-encoded certificates that decodes each into a `Certificate` only when path building
   * first looks at it: a large pool (a CA bundle, an AIA cache) then costs its bytes plus a small index.
   * The bytes must not change afterwards (they are not copied). Entries whose outer structure is not a
   * certificate are reported when first used, not here.
   *
   * @throws TypeError when an element is not a Uint8Array
   * @example
   * ```ts
   * import { CertificatePool } from 'certkit/chain';
   * const pool = CertificatePool.fromDer(derList);
   * ```
   */
  static fromDer<T extends CertificatePool>(this: new () => T, ders: Iterable<Uint8Array>): T {
    const pool = new this();
    for (const d of ders) {
      if (!(d instanceof Uint8Array)) throw new TypeError('CertificatePool.fromDer expects Uint8Array items');
      pool.#addEntry(d, d);
    }
    return pool;
  }

  /**
   * Adds a certificate; returns false when the same DER was already present.
   * A certificate whose name fields cannot be read is kept under its raw bytes and will match nothing.
   * @throws TypeError when `cert` is not a `Certificate`
   */
  add(cert: Certificate): boolean {
    if (!(cert instanceof Certificate)) throw new TypeError('CertificatePool.add expects a Certificate');
    return this.#addEntry(cert, cert.der);
  }

  #addEntry(entry: Entry, der: Uint8Array): boolean {
    const hash = derHash30(der);
    let keys: RawIndexKeys | null;
    try {
      keys = rawIndexKeys(der);
    } catch {
      keys = null;
    }
    const subject = keys?.subject ?? '#unreadable';
    if (
      this.#hashes.has(hash) &&
      (this.#bySubject.get(subject) ?? []).some((e) => Buffer.compare(derOf(e), der) === 0)
    ) {
      return false;
    }
    this.#hashes.add(hash);
    push(this.#bySubject, subject, entry);
    if (keys?.ski) push(this.#bySki, keys.ski, entry);
    this.#size++;
    return true;
  }

  /** Number of distinct certificates. */
  get size(): number {
    return this.#size;
  }

  /** True when this exact certificate (same DER) is in the pool. */
  has(cert: Certificate): boolean {
    // Looked up by subject first (the keys are cached per certificate), so that asking about a
    // certificate whose subject is not here costs no hashing; a large bucket is filtered by DER hash.
    const list = this.#bySubject.get(keysOf(cert)?.subject ?? '#unreadable');
    if (list === undefined) return false;
    if (list.length > 8 && !this.#hashes.has(derHash30(cert.der))) return false;
    for (const e of list) if (sameDer(e, cert)) return true;
    return false;
  }

  /** Every certificate, grouped by subject. */
  *[Symbol.iterator](): IterableIterator<Certificate> {
    for (const list of this.#bySubject.values()) yield* all(list);
  }

  /** Certificates whose subject equals `name` (RFC 5280 section 7.1 comparison). */
  findBySubject(name: DistinguishedName): readonly Certificate[] {
    return all(this.#bySubject.get(nameKeyOfDer(name.der)));
  }

  /** Certificates whose subject key identifier (hex, any case) is `ski`. */
  findByKeyIdentifier(ski: string): readonly Certificate[] {
    return all(this.#bySki.get(ski.toLowerCase()));
  }

  /**
   * The certificates that may have issued `cert`: those whose subject equals its issuer name, best first:
   * a subject key identifier equal to its authority key identifier, then those without one of the two,
   * then the rest. Signatures are not checked here (path building does, with a cache).
   */
  findIssuers(cert: Certificate): Certificate[] {
    const keys = keysOf(cert);
    if (!keys) return [];
    const list = all(this.#bySubject.get(keys.issuer));
    const aki = keys.aki;
    if (!aki || list.length <= 1) return list;
    const rank = (c: Certificate): number => {
      const ski = keysOf(c)?.ski;
      return ski === undefined ? 1 : ski === aki ? 0 : 2;
    };
    return list.sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The trust anchors: a {@link CertificatePool} whose members end a chain. A certificate is an anchor when
 * the pool holds the same DER, or a certificate with the same subject and the same public key.
 *
 * @example
 * ```ts
 * import { TrustAnchors } from 'certkit/chain';
 * import { parseCertificates } from 'certkit/x509';
 * const trust = new TrustAnchors(parseCertificates(readFileSync('/etc/ssl/certs/ca-certificates.crt')));
 * ```
 * @see RFC 5280 section 6.1.1 (d), RFC 5914
 */
export class TrustAnchors extends CertificatePool {
  /** True when `cert` is one of the anchors (same DER, or same subject and key). */
  isAnchor(cert: Certificate): boolean {
    if (this.has(cert)) return true;
    let spki: Uint8Array;
    try {
      spki = cert.publicKey.spki;
    } catch {
      return false;
    }
    return this.findBySubject(cert.subject).some((a) => {
      try {
        return Buffer.compare(a.publicKey.spki, spki) === 0;
      } catch {
        return false;
      }
    });
  }
}

/** Accepts a pool or an array. */
export function toPool(value: CertificatePool | readonly Certificate[] | undefined): CertificatePool {
  if (value === undefined) return new CertificatePool();
  if (value instanceof CertificatePool) return value;
  if (Array.isArray(value)) return new CertificatePool(value);
  throw new TypeError('intermediates must be a CertificatePool or an array of Certificate');
}

/** Accepts anchors or an array. */
export function toAnchors(
  value: TrustAnchors | CertificatePool | readonly Certificate[] | undefined,
): TrustAnchors {
  if (value instanceof TrustAnchors) return value;
  if (value instanceof CertificatePool) return new TrustAnchors(value);
  if (Array.isArray(value)) return new TrustAnchors(value);
  throw new TypeError('trust must be TrustAnchors or an array of Certificate');
}
