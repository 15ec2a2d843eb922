import type { Certificate } from '../x509/index.js';
import type { CertificatePool, TrustAnchors } from './certificate-pool.js';
import type { ChainProblem } from './problem.js';
import { SearchLinks } from './signature-cache.js';
import { validatePath } from './validate-path.js';
import type { ValidationContext } from './validation-context.js';

/** One path considered, with what validation found. */
export interface EvaluatedPath {
  readonly path: readonly Certificate[];
  readonly anchored: boolean;
  readonly problems: readonly ChainProblem[];
}

/** Search settings (internal). */
export interface SearchSettings {
  readonly intermediates: CertificatePool;
  readonly anchors: TrustAnchors;
  readonly maxDepth: number;
  readonly maxCandidates: number;
  readonly ctx: ValidationContext;
  /** Certificates learnt during the search (AIA), looked up like intermediates. */
  readonly extra?: CertificatePool;
}

/** Search outcome. */
export interface SearchOutcome {
  readonly best: EvaluatedPath | undefined;
  readonly valid: EvaluatedPath | undefined;
  readonly pathsConsidered: number;
  readonly candidatesExamined: number;
  readonly loops: number;
  readonly tooLong: number;
  readonly budgetExhausted: boolean;
  /** Certificates at which the search found no issuer at all (for AIA fetching). */
  readonly deadEnds: readonly Certificate[];
}

/** Identity of a CA for loop detection: same subject and same key = same CA, whatever the DER. */
function caIdentity(cert: Certificate): string {
  const spki = cert.publicKey.spki;
  // The key's bytes themselves (no hash to compute): the identity only lives in a small set during one search.
  return `${cert.subject.canonical}|${Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString('latin1')}`;
}

/** Self-issued intermediates allowed on top of `maxDepth`. */
const SELF_ISSUED_SLACK = 4;

function selfIssued(cert: Certificate): boolean {
  try {
    return cert.isSelfIssued;
  } catch {
    return false;
  }
}

function score(p: EvaluatedPath): number {
  // Lower is better: anchored paths first, then fewer problems; shorter anchored paths, longer partial ones.
  return p.anchored
    ? p.problems.length * 100 + p.path.length
    : 1_000_000 + p.problems.length * 100 - p.path.length;
}

/** An issuer candidate, its place in the index order and its rank. */
interface Candidate {
  readonly cert: Certificate;
  readonly anchor: boolean;
  readonly i: number;
  rank: number;
}

/**
 * The possible issuers of `cur`: trust anchors first, then intermediates that are not anchors, then
 * certificates learnt during the search (each object once).
 */
function collectCandidates(cur: Certificate, s: SearchSettings): Candidate[] {
  const out: Candidate[] = [];
  try {
    for (const c of s.anchors.findIssuers(cur)) out.push({ cert: c, anchor: true, i: out.length, rank: 0 });
    const fromPool = s.intermediates.findIssuers(cur);
    for (const c of fromPool) {
      if (!s.anchors.has(c)) out.push({ cert: c, anchor: false, i: out.length, rank: 0 });
    }
    if (s.extra) {
      const seen = new Set<Certificate>(fromPool);
      for (const c of s.extra.findIssuers(cur)) {
        if (seen.has(c) || s.anchors.has(c)) continue;
        seen.add(c);
        out.push({ cert: c, anchor: false, i: out.length, rank: 0 });
      }
    }
  } catch {
    return [];
  }
  return out;
}

/**
 * Depth-first path search from the leaf toward the trust anchors (RFC 4158 style): issuer candidates
 * come from the indexes (never a scan), ranked by key identifier match, then by whether their key
 * verifies the signature, then by validity at `at`; every complete path is validated and the first
 * valid one wins; dead ends and failing paths backtrack to the next candidate. Loops (a CA already on
 * the path) and paths over `maxDepth` intermediates are cut; the total number of candidates examined
 * is bounded so that hostile pools finish quickly.
 */
export function searchPaths(leaf: Certificate, s: SearchSettings): SearchOutcome {
  let pathsConsidered = 0;
  let candidatesExamined = 0;
  let loops = 0;
  let tooLong = 0;
  let budgetExhausted = false;
  let best: EvaluatedPath | undefined;
  let valid: EvaluatedPath | undefined;
  const deadEnds: Certificate[] = [];
  // Links checked during this search, in front of the shared cache if any: ranking and validation then
  // verify each link only once.
  const cache = new SearchLinks(s.ctx.cache);
  const ctx: ValidationContext = { ...s.ctx, cache };
  const at = s.ctx.at.getTime();

  const consider = (path: readonly Certificate[], anchored: boolean): boolean => {
    pathsConsidered++;
    const problems = validatePath(path, anchored, ctx);
    const evaluated: EvaluatedPath = { path, anchored, problems };
    if (!best || score(evaluated) < score(best)) best = evaluated;
    if (anchored && problems.length === 0) {
      valid = evaluated;
      return true;
    }
    return false;
  };

  const path: Certificate[] = [leaf];
  let logicalDepth = 0;
  const onPath = new Set<string>();
  try {
    onPath.add(caIdentity(leaf));
  } catch {
    // a leaf whose subject or key cannot be read still gets validated (and reported) below
  }

  // The leaf itself may be a trust anchor (a pinned self-signed certificate).
  if (s.anchors.has(leaf)) {
    consider([leaf], true);
    if (valid) return finish();
  }

  const visit = (): boolean => {
    const cur = path[path.length - 1]!;
    let candidates = collectCandidates(cur, s);
    if (candidates.length === 0) {
      deadEnds.push(cur);
      consider([...path], false);
      return false;
    }
    const remaining = s.maxCandidates - candidatesExamined;
    if (candidates.length > remaining) {
      // Never verify more signatures than the budget allows, however many same-named candidates there are.
      candidates = candidates.slice(0, Math.max(0, remaining));
      budgetExhausted = true;
    }
    // Rank: key identifier order from the pool is kept; signature validity and time validity on top;
    // anchors before intermediates when equal.
    for (const c of candidates) {
      candidatesExamined++;
      let sigOk = false;
      let timeOk = false;
      try {
        sigOk = cache.check(cur, c.cert).ok;
        timeOk = c.cert.notBefore.getTime() <= at && at <= c.cert.notAfter.getTime();
      } catch {
        // ranked last
      }
      c.rank = (sigOk ? 0 : 4) + (timeOk ? 0 : 2) + (c.anchor ? 0 : 1);
    }
    const ranked =
      candidates.length > 1 ? candidates.sort((a, b) => a.rank - b.rank || a.i - b.i) : candidates;
    let extended = false;
    for (const c of ranked) {
      if (candidatesExamined > s.maxCandidates) {
        budgetExhausted = true;
        return false;
      }
      let id: string;
      try {
        id = caIdentity(c.cert);
      } catch {
        continue;
      }
      if (onPath.has(id)) {
        if (c.cert !== cur) loops++; // a self-signed certificate finding itself is not a loop
        continue;
      }
      path.push(c.cert);
      extended = true;
      if (c.anchor) {
        if (consider([...path], true)) return true;
      } else {
        // maxDepth counts logical intermediates: self-issued ones (key rollover) are free, up to a hard cap.
        const logical = !selfIssued(c.cert);
        if (
          logicalDepth + (logical ? 1 : 0) > s.maxDepth ||
          path.length - 1 > s.maxDepth + SELF_ISSUED_SLACK
        ) {
          tooLong++;
        } else {
          onPath.add(id);
          if (logical) logicalDepth++;
          const found = visit();
          if (logical) logicalDepth--;
          onPath.delete(id);
          if (found) return true;
        }
      }
      path.pop();
      if (budgetExhausted) return false;
    }
    if (!extended) consider([...path], false);
    return false;
  };

  visit();
  return finish();

  function finish(): SearchOutcome {
    return { best, valid, pathsConsidered, candidatesExamined, loops, tooLong, budgetExhausted, deadEnds };
  }
}
