import { PolicyOid } from '../internal/oids.js';
import type { Certificate } from '../x509/index.js';
import type { ProblemSink } from './cert-checks.js';

const ANY = PolicyOid.anyPolicy;

/** Initial policy inputs of RFC 5280 section 6.1.1 (c), (e), (f), (g); the initial policy set is anyPolicy. */
export interface PolicyInputs {
  readonly explicit: boolean;
  readonly inhibitMapping: boolean;
  readonly inhibitAnyPolicy: boolean;
}

interface PolicyNode {
  expected: Set<string>;
  readonly parents: Set<string>;
}

type Level = Map<string, PolicyNode>;

function read<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined; // decoding errors are reported by the per-certificate checks
  }
}

/** Removes, from the last level backwards, nodes that no node of the next level has as a parent. */
function prune(levels: Level[]): void {
  for (let l = levels.length - 2; l >= 0; l--) {
    const used = new Set<string>();
    for (const n of levels[l + 1]!.values()) for (const p of n.parents) used.add(p);
    for (const k of [...levels[l]!.keys()]) if (!used.has(k)) levels[l]!.delete(k);
  }
}

/**
 * Certificate policy processing of RFC 5280 section 6.1 (steps 6.1.3 (d)–(f), 6.1.4 (a), (b), (h)–(j),
 * 6.1.5 (a), (b), (g)) with the policy graph of RFC 9618 (so that hostile mappings cannot blow up a
 * tree). The user-initial-policy-set is anyPolicy. Adds `ERR_CHAIN_POLICY` problems when an explicit
 * policy is required and none is valid, and when a mapping involves anyPolicy.
 *
 * @param path - leaf first, trust anchor last (the anchor is not processed, as in RFC 5280)
 */
export function processPolicies(sink: ProblemSink, path: readonly Certificate[], inputs: PolicyInputs): void {
  const n = path.length - 1; // certificates below the anchor
  if (n <= 0) return;
  let explicit = inputs.explicit ? 0 : n + 1;
  let inhibitAny = inputs.inhibitAnyPolicy ? 0 : n + 1;
  let mapping = inputs.inhibitMapping ? 0 : n + 1;
  let levels: Level[] | null = [new Map([[ANY, { expected: new Set([ANY]), parents: new Set<string>() }]])];
  let reported = false;
  const fail = (depth: number, cert: Certificate, message: string): void => {
    if (reported) return;
    reported = true;
    sink.add('ERR_CHAIN_POLICY', depth, cert, message);
  };

  for (let i = 1; i <= n; i++) {
    const depth = n - i; // position in `path` (0 = leaf)
    const cert = path[depth]!;
    const isLeaf = i === n;
    const selfIssued = read(() => cert.isSelfIssued) ?? false;
    const policies = read(() => cert.certificatePolicies);

    // 6.1.3 (d), (e)
    if (policies && levels) {
      const prev = levels[levels.length - 1]!;
      const next: Level = new Map();
      const fromExplicit = new Set<string>();
      let hasAny = false;
      // The nodes of the previous level by expected policy, built once: looking each policy up costs
      // its parents, not a scan of the level (thousands of policies on two certificates stay linear).
      const byExpected = new Map<string, string[]>();
      for (const [k, node] of prev) {
        for (const e of node.expected) {
          const list = byExpected.get(e);
          if (list === undefined) byExpected.set(e, [k]);
          else list.push(k);
        }
      }
      for (const p of policies) {
        if (p.oid === ANY) {
          hasAny = true;
          continue;
        }
        const parents = new Set<string>(byExpected.get(p.oid));
        if (parents.size === 0 && prev.has(ANY)) parents.add(ANY);
        if (parents.size > 0) {
          next.set(p.oid, { expected: new Set([p.oid]), parents });
          fromExplicit.add(p.oid);
        }
      }
      if (hasAny && (inhibitAny > 0 || (!isLeaf && selfIssued))) {
        for (const [k, node] of prev) {
          for (const e of node.expected) {
            const existing = next.get(e);
            if (!existing) next.set(e, { expected: new Set([e]), parents: new Set([k]) });
            else if (!fromExplicit.has(e)) existing.parents.add(k);
          }
        }
      }
      levels.push(next);
      prune(levels);
      if (next.size === 0) levels = null;
    } else {
      levels = null;
    }
    // 6.1.3 (f)
    if (explicit <= 0 && levels === null) {
      fail(depth, cert, 'an explicit certificate policy is required but no policy is valid for the path');
    }

    if (isLeaf) break;

    // 6.1.4 (a), (b): policy mappings.
    const mappings = read(() => cert.policyMappings)?.mappings ?? [];
    if (mappings.some((m) => m.issuerDomainPolicy === ANY || m.subjectDomainPolicy === ANY)) {
      fail(depth, cert, 'policyMappings maps to or from anyPolicy');
    }
    if (mappings.length > 0 && levels) {
      const cur = levels[levels.length - 1]!;
      const byIssuer = new Map<string, Set<string>>();
      for (const m of mappings) {
        if (m.issuerDomainPolicy === ANY || m.subjectDomainPolicy === ANY) continue;
        const set = byIssuer.get(m.issuerDomainPolicy) ?? new Set<string>();
        set.add(m.subjectDomainPolicy);
        byIssuer.set(m.issuerDomainPolicy, set);
      }
      if (mapping > 0) {
        for (const [idp, sdps] of byIssuer) {
          const node = cur.get(idp);
          if (node) node.expected = sdps;
          else if (cur.has(ANY)) {
            const anyNode = cur.get(ANY)!;
            cur.set(idp, { expected: sdps, parents: new Set(anyNode.parents) });
          }
        }
      } else {
        for (const idp of byIssuer.keys()) cur.delete(idp);
        prune(levels);
        if (cur.size === 0) levels = null;
      }
    }
    // 6.1.4 (h)
    if (!selfIssued) {
      if (explicit > 0) explicit--;
      if (mapping > 0) mapping--;
      if (inhibitAny > 0) inhibitAny--;
    }
    // 6.1.4 (i), (j)
    const pc = read(() => cert.policyConstraints);
    if (pc?.requireExplicitPolicy !== undefined && pc.requireExplicitPolicy < explicit)
      explicit = pc.requireExplicitPolicy;
    if (pc?.inhibitPolicyMapping !== undefined && pc.inhibitPolicyMapping < mapping)
      mapping = pc.inhibitPolicyMapping;
    const ia = read(() => cert.inhibitAnyPolicy);
    if (ia && ia.skipCerts < inhibitAny) inhibitAny = ia.skipCerts;
  }

  // 6.1.5 (a), (b), (g)
  const leaf = path[0]!;
  if (explicit > 0) explicit--;
  if (read(() => leaf.policyConstraints)?.requireExplicitPolicy === 0) explicit = 0;
  if (explicit <= 0 && levels === null) {
    fail(0, leaf, 'an explicit certificate policy is required but no policy is valid for the path');
  }
}
