import { Certificate } from '../x509/index.js';

function subjectKey(cert: Certificate): string {
  return cert.subject.canonical;
}

function issuerKey(cert: Certificate): string {
  return cert.issuer.canonical;
}

function fingerprintKey(cert: Certificate): string {
  return cert.sha256Fingerprint;
}

function push<K>(map: Map<K, Certificate[]>, key: K, cert: Certificate): void {
  const list = map.get(key);
  if (list) list.push(cert);
  else map.set(key, [cert]);
}

/**
 * A set of certificates indexed by subject name (RFC 5280 section 7.1 canonical form) and by subject key
 * identifier, so that finding the possible issuers of a certificate is a map lookup, not a scan.
 * Certificates are kept as they are (lazy `Certificate` objects); only the subject name, key identifier
 * and fingerprint of each are decoded when added. Duplicates (same DER) are ignored.
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
  readonly #bySubject = new Map<string, Certificate[]>();
  readonly #bySki = new Map<string, Certificate[]>();
  readonly #fingerprints = new Set<string>();

  /**
   * @param certs - the initial certificates
   * @throws TypeError when an element is not a `Certificate`
   */
  constructor(certs: Iterable<Certificate> = []) {
    for (const c of certs) this.add(c);
  }

  /**
   * Adds a certificate; returns false when the same DER was already present.
   * @throws TypeError when `cert` is not a `Certificate`
   */
  add(cert: Certificate): boolean {
    if (!(cert instanceof Certificate)) throw new TypeError('CertificatePool.add expects a Certificate');
    const fp = fingerprintKey(cert);
    if (this.#fingerprints.has(fp)) return false;
    this.#fingerprints.add(fp);
    push(this.#bySubject, subjectKey(cert), cert);
    let ski: string | undefined;
    try {
      ski = cert.subjectKeyIdentifier;
    } catch {
      ski = undefined; // a malformed SKI is reported by validation, not by the pool
    }
    if (ski) push(this.#bySki, ski, cert);
    return true;
  }

  /** Number of distinct certificates. */
  get size(): number {
    return this.#fingerprints.size;
  }

  /** True when this exact certificate (same DER) is in the pool. */
  has(cert: Certificate): boolean {
    return this.#fingerprints.has(fingerprintKey(cert));
  }

  /** Every certificate, in insertion order per subject. */
  *[Symbol.iterator](): IterableIterator<Certificate> {
    for (const list of this.#bySubject.values()) yield* list;
  }

  /** Certificates whose subject name equals `name`'s canonical form. */
  findBySubject(canonicalName: string): readonly Certificate[] {
    return this.#bySubject.get(canonicalName) ?? [];
  }

  /** Certificates whose subject key identifier (lower-case hex) is `ski`. */
  findByKeyIdentifier(ski: string): readonly Certificate[] {
    return this.#bySki.get(ski.toLowerCase()) ?? [];
  }

  /**
   * The certificates that may have issued `cert`: those whose subject equals its issuer name, best first:
   * a subject key identifier equal to its authority key identifier, then those without one of the two,
   * then the rest. Signatures are not checked here (path building does, with a cache).
   */
  findIssuers(cert: Certificate): Certificate[] {
    const list = this.#bySubject.get(issuerKey(cert));
    if (!list) return [];
    let aki: string | undefined;
    try {
      aki = cert.authorityKeyIdentifier?.keyIdentifier;
    } catch {
      aki = undefined;
    }
    if (!aki || list.length === 1) return [...list];
    const rank = (c: Certificate): number => {
      let ski: string | undefined;
      try {
        ski = c.subjectKeyIdentifier;
      } catch {
        ski = undefined;
      }
      return ski === undefined ? 1 : ski === aki ? 0 : 2;
    };
    return [...list].sort((a, b) => rank(a) - rank(b));
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
    const key = cert.publicKey.sha256Fingerprint;
    return this.findBySubject(subjectKey(cert)).some((a) => a.publicKey.sha256Fingerprint === key);
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
