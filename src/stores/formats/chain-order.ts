import type { Certificate, DistinguishedName } from '../../x509/index.js';

/**
 * The certificates of a pool indexed by subject (the RFC 5280 section 7.1 canonical form), so that
 * finding an issuer costs one lookup instead of a scan: a file with thousands of keys and thousands of
 * certificates is read in linear time.
 */
export class SubjectIndex {
  readonly #pool: readonly Certificate[];
  #bySubject: Map<string, Certificate[]> | undefined;

  /** Indexes on first use, so a store whose keys need no chain never decodes a subject. */
  constructor(pool: readonly Certificate[]) {
    this.#pool = pool;
  }

  /** The first certificate of the pool, in pool order, whose subject equals `name` and that `skip` lets through. */
  find(name: DistinguishedName, skip: (c: Certificate) => boolean): Certificate | undefined {
    this.#bySubject ??= index(this.#pool);
    for (const c of this.#bySubject.get(name.canonical) ?? []) {
      if (!skip(c) && c.subject.equals(name)) return c;
    }
    return undefined;
  }
}

/** Certificates by canonical subject; one whose subject cannot be decoded is nobody's issuer. */
function index(pool: readonly Certificate[]): Map<string, Certificate[]> {
  const out = new Map<string, Certificate[]>();
  for (const c of pool) {
    let key: string;
    try {
      key = c.subject.canonical;
    } catch {
      continue;
    }
    const list = out.get(key);
    if (list === undefined) out.set(key, [c]);
    else list.push(c);
  }
  return out;
}

/**
 * Orders a chain for a store entry: the leaf, then each issuer found by name (RFC 5280 section 7.1
 * comparison) among `pool`, until a self-issued certificate or no issuer is found. Used by the PKCS#12
 * and PEM bundle readers; full path validation is the chain layer's job.
 */
export function completeChain(leaf: Certificate, pool: readonly Certificate[] | SubjectIndex): Certificate[] {
  const index = pool instanceof SubjectIndex ? pool : new SubjectIndex(pool);
  const chain = [leaf];
  let current = leaf;
  while (chain.length < 16 && !current.isSelfIssued) {
    const issuer = index.find(current.issuer, (c) => chain.includes(c));
    if (issuer === undefined) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
