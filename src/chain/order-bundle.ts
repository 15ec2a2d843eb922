import type { ChainErrorCode } from '../errors/catalogue/index.js';
import type { Certificate } from '../x509/certificate.js';

/** Options of {@link orderBundle}. */
export interface OrderBundleOptions {
  /** The time for the expiry findings and for preferring unexpired issuers. Default now. */
  readonly at?: Date;
  /** Trust anchors that may complete the chain when the bundle stops short of a root. */
  readonly trust?: readonly Certificate[];
}

/** The codes an {@link orderBundle} finding may carry. */
export type BundleFindingCode = Extract<ChainErrorCode, `ERR_BUNDLE_${string}`>;

/** One thing to report about an uploaded bundle. */
export interface BundleFinding {
  readonly code: BundleFindingCode;
  /** `error`: the bundle cannot be used as is (incomplete, no leaf); `warning`: usable but untidy. */
  readonly severity: 'error' | 'warning';
  /** The certificate concerned, if any. */
  readonly certificate?: Certificate;
  /** Its RFC 4514 subject. */
  readonly subject?: string;
  /** Its position in the input (0-based), if any. */
  readonly index?: number;
  readonly message: string;
}

/** A certificate whose issuer is in neither the bundle nor `trust`. */
export interface MissingIssuer {
  /** The certificate whose issuer is missing (the last one of `chain`). */
  readonly certificate: Certificate;
  /** Its subject (RFC 4514). */
  readonly subject: string;
  /** The missing issuer's name (RFC 4514). */
  readonly issuer: string;
  /** The missing issuer's key identifier (lower-case hex), from the authority key identifier. */
  readonly authorityKeyIdentifier?: string;
  /** Where the missing issuer may be downloaded (AIA caIssuers). */
  readonly caIssuers: readonly string[];
}

/** What {@link orderBundle} found. */
export interface BundleOrder {
  /**
   * Leaf first, then each issuer: up to the self-signed root when the bundle holds it, else up to the
   * last issuer found. A root taken from `trust` is in `root`, not in `chain`.
   */
  readonly chain: readonly Certificate[];
  /** The chosen leaf; undefined only for an empty bundle. */
  readonly leaf: Certificate | undefined;
  /** The self-signed root (from the bundle or from `trust`), when the chain reaches one. */
  readonly root?: Certificate;
  /** Whether the chain reaches a root (self-signed in the bundle, or a `trust` anchor). */
  readonly complete: boolean;
  /** The certificate whose issuer was not found (at most one: the top of `chain`). */
  readonly missing: readonly MissingIssuer[];
  /** Bundle certificates that are not part of the chain. */
  readonly extra: readonly Certificate[];
  /** Byte-identical repeats (each repeat after the first occurrence). */
  readonly duplicates: readonly Certificate[];
  /** Certificates of `chain` (or the bundle root) that have expired at `at`. */
  readonly expired: readonly Certificate[];
  /** Every finding, coded. No finding of severity `error` means the bundle is usable. */
  readonly findings: readonly BundleFinding[];
}

function aki(c: Certificate): string | undefined {
  try {
    return c.authorityKeyIdentifier?.keyIdentifier;
  } catch {
    return undefined;
  }
}

function ski(c: Certificate): string | undefined {
  try {
    return c.subjectKeyIdentifier;
  } catch {
    return undefined;
  }
}

function isCa(c: Certificate): boolean {
  try {
    return c.basicConstraints?.ca === true;
  } catch {
    return false;
  }
}

function caIssuersOf(c: Certificate): readonly string[] {
  try {
    return c.authorityInfoAccess.caIssuers;
  } catch {
    return [];
  }
}

/** @internal Whether `parent` issued `child`: issuer name, key identifiers, and the signature. */
function makeIssuedBy(): (child: Certificate, parent: Certificate) => boolean {
  const memo = new Map<string, boolean>();
  return (child, parent) => {
    const key = `${child.sha256Fingerprint}>${parent.sha256Fingerprint}`;
    let v = memo.get(key);
    if (v === undefined) {
      const a = aki(child);
      const s = ski(parent);
      v =
        parent.subject.equals(child.issuer) &&
        (a === undefined || s === undefined || a === s) &&
        child.verifySignature(parent.publicKey).ok;
      memo.set(key, v);
    }
    return v;
  };
}

function isSelfSigned(c: Certificate, issuedBy: (a: Certificate, b: Certificate) => boolean): boolean {
  return c.isSelfIssued && issuedBy(c, c);
}

/**
 * Orders an uploaded bundle given in any order: picks the leaf (a certificate that issued no other in
 * the bundle, preferring non-CA certificates), then links each certificate to its issuer by issuer
 * name, authority/subject key identifier and a verified signature, preferring issuers valid at `at`.
 * Reports what is missing (no issuer found), extra (unrelated or unused), duplicated, and expired
 * inside the chain, each as a coded finding. It does not validate the chain (see `verifyChain`).
 *
 * @throws TypeError when `certs` is not an array.
 * @example
 * ```ts
 * import { orderBundle } from 'certkit/chain';
 * import { parseCertificates } from 'certkit/x509';
 * const order = orderBundle(parseCertificates(uploadedPem));
 * if (!order.complete) console.log('missing issuer of', order.missing[0]?.subject);
 * const fixedPem = order.chain.map((c) => c.pem).join('');
 * ```
 * @see RFC 8446 section 4.4.2 (certificate_list order), RFC 5280 section 6.1
 */
export function orderBundle(certs: readonly Certificate[], options: OrderBundleOptions = {}): BundleOrder {
  if (!Array.isArray(certs)) throw new TypeError('orderBundle expects an array of certificates');
  const at = options.at ?? new Date();
  const trust = options.trust ?? [];
  const findings: BundleFinding[] = [];
  const finding = (
    code: BundleFindingCode,
    severity: 'error' | 'warning',
    message: string,
    c?: Certificate,
  ): void => {
    const index = c === undefined ? -1 : certs.indexOf(c);
    findings.push({
      code,
      severity,
      message,
      ...(c === undefined ? {} : { certificate: c, subject: c.subject.toString() }),
      ...(index >= 0 ? { index } : {}),
    });
  };

  // 1. Duplicates (byte-identical DER).
  const unique: Certificate[] = [];
  const duplicates: Certificate[] = [];
  const firstIndex = new Map<string, number>();
  certs.forEach((c, i) => {
    const fp = c.sha256Fingerprint;
    const first = firstIndex.get(fp);
    if (first !== undefined) {
      duplicates.push(c);
      findings.push({
        code: 'ERR_BUNDLE_DUPLICATE',
        severity: 'warning',
        message: `Entry ${i} ("${c.subject.toString()}") repeats entry ${first}.`,
        certificate: c,
        subject: c.subject.toString(),
        index: i,
      });
    } else {
      firstIndex.set(fp, i);
      unique.push(c);
    }
  });
  if (unique.length === 0) {
    finding('ERR_BUNDLE_NO_LEAF', 'error', 'The bundle holds no certificate.');
    return {
      chain: [],
      leaf: undefined,
      complete: false,
      missing: [],
      extra: [],
      duplicates,
      expired: [],
      findings,
    };
  }

  // 2. Issuer links inside the bundle.
  const issuedBy = makeIssuedBy();
  const bySubject = new Map<string, Certificate[]>();
  for (const c of unique) {
    const k = c.subject.canonical;
    const list = bySubject.get(k);
    if (list) list.push(c);
    else bySubject.set(k, [c]);
  }
  const parentsOf = (c: Certificate): Certificate[] =>
    (bySubject.get(c.issuer.canonical) ?? []).filter((p) => p !== c && issuedBy(c, p));
  const issuesSomeone = new Set<Certificate>();
  for (const c of unique) for (const p of parentsOf(c)) issuesSomeone.add(p);

  const expiredAt = (c: Certificate): boolean => c.notAfter.getTime() < at.getTime();
  const preferParent = (a: Certificate, b: Certificate): number => {
    const ea = expiredAt(a) || a.notBefore.getTime() > at.getTime() ? 1 : 0;
    const eb = expiredAt(b) || b.notBefore.getTime() > at.getTime() ? 1 : 0;
    if (ea !== eb) return ea - eb;
    return b.notAfter.getTime() - a.notAfter.getTime();
  };

  // 3. Walk up from a candidate leaf.
  interface Walk {
    chain: Certificate[];
    root?: Certificate;
    top: Certificate;
  }
  const walk = (leaf: Certificate): Walk => {
    const chain = [leaf];
    const inChain = new Set<Certificate>([leaf]);
    let current = leaf;
    for (;;) {
      if (isSelfSigned(current, issuedBy)) return { chain, root: current, top: current };
      const parents = parentsOf(current)
        .filter((p) => !inChain.has(p))
        .sort(preferParent);
      const next = parents[0];
      if (next === undefined) {
        const anchor = trust.find((t) => issuedBy(current, t));
        return anchor === undefined ? { chain, top: current } : { chain, root: anchor, top: current };
      }
      chain.push(next);
      inChain.add(next);
      current = next;
    }
  };

  // 4. Leaf: issues nobody in the bundle; prefer non-CA, then the longest chain, then input order.
  let candidates = unique.filter((c) => !issuesSomeone.has(c));
  if (candidates.length === 0) candidates = unique.slice();
  const endEntities = candidates.filter((c) => !isCa(c));
  const pool = endEntities.length > 0 ? endEntities : candidates;
  let best: Walk | undefined;
  for (const c of pool) {
    const w = walk(c);
    if (best === undefined || w.chain.length > best.chain.length) best = w;
  }
  const chosen = best!;
  const leaf = chosen.chain[0]!;
  if (endEntities.length > 1) {
    finding(
      'ERR_BUNDLE_MULTIPLE_LEAVES',
      'warning',
      `${endEntities.length} certificates could be the leaf; "${leaf.subject.toString()}" was chosen (longest chain).`,
      leaf,
    );
  }

  // 5. Completeness.
  const missing: MissingIssuer[] = [];
  const complete = chosen.root !== undefined;
  if (!complete) {
    const top = chosen.top;
    const a = aki(top);
    missing.push({
      certificate: top,
      subject: top.subject.toString(),
      issuer: top.issuer.toString(),
      ...(a === undefined ? {} : { authorityKeyIdentifier: a }),
      caIssuers: caIssuersOf(top),
    });
    finding(
      'ERR_BUNDLE_INCOMPLETE',
      'error',
      `The issuer "${top.issuer.toString()}"${a === undefined ? '' : ` (key id ${a})`} of "${top.subject.toString()}" is not in the bundle.`,
      top,
    );
  }

  // 6. Extra, expired, order.
  const inChain = new Set(chosen.chain);
  const extra = unique.filter((c) => !inChain.has(c));
  for (const c of extra) {
    finding(
      'ERR_BUNDLE_EXTRA_CERTIFICATE',
      'warning',
      `"${c.subject.toString()}" is not part of the chain of "${leaf.subject.toString()}".`,
      c,
    );
  }
  const expired = chosen.chain.filter(expiredAt);
  for (const c of expired) {
    finding(
      'ERR_BUNDLE_EXPIRED_IN_CHAIN',
      'error',
      `"${c.subject.toString()}" in the chain expired on ${c.notAfter.toISOString()}.`,
      c,
    );
  }
  const positions = chosen.chain.map((c) => certs.indexOf(c));
  if (positions.some((p, i) => i > 0 && p < positions[i - 1]!)) {
    finding('ERR_BUNDLE_OUT_OF_ORDER', 'warning', 'The bundle was not in leaf-to-root order.');
  }
  return {
    chain: chosen.chain,
    leaf,
    ...(chosen.root === undefined ? {} : { root: chosen.root }),
    complete,
    missing,
    extra,
    duplicates,
    expired,
    findings,
  };
}
