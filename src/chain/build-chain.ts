import { ChainError } from '../errors/area-errors.js';
import { Certificate } from '../x509/index.js';
import { CertificatePool, toAnchors, toPool } from './certificate-pool.js';
import type { ChainResult } from './chain-result.js';
import { ConstraintBudget } from './name-constraints.js';
import type { BuildChainOptions, VerifyChainOptions } from './options.js';
import { type SearchOutcome, searchPaths } from './path-builder.js';
import type { ChainProblem } from './problem.js';
import { defaultSignatureCache } from './signature-cache.js';
import type { ValidationContext } from './validation-context.js';

const DEFAULT_MAX_DEPTH = 8;
const DEFAULT_MAX_CANDIDATES = 2_000;

function resolve(leaf: Certificate, options: BuildChainOptions) {
  if (!(leaf instanceof Certificate)) throw new TypeError('leaf must be a Certificate');
  if (options === null || typeof options !== 'object')
    throw new TypeError('options are required (at least `trust`)');
  const named = [options.hostname, options.ip, options.email].filter((v) => v !== undefined);
  if (named.length > 1) throw new TypeError('hostname, ip and email exclude each other');
  for (const v of named)
    if (typeof v !== 'string') throw new TypeError('hostname / ip / email must be strings');
  const at = options.at ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new TypeError('at must be a valid Date');
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new TypeError('maxDepth must be an integer ≥ 0');
  const purpose = options.purpose ?? 'server';
  if (purpose !== 'server' && purpose !== 'client' && purpose !== 'email' && purpose !== 'any')
    throw new TypeError(`unknown purpose ${String(purpose)}`);
  const profile = options.profile ?? 'webpki';
  if (profile !== 'webpki' && profile !== 'rfc5280')
    throw new TypeError(`unknown profile ${String(profile)}`);
  const cache =
    options.signatureCache === false ? undefined : (options.signatureCache ?? defaultSignatureCache);
  const ctx: ValidationContext = {
    at,
    profile,
    purpose,
    pedantic: options.pedantic ?? false,
    allowSha1: options.allowSha1 ?? false,
    allowEncodingDeviations: options.allowEncodingDeviations ?? false,
    minRsaBits: options.minRsaBits ?? 2048,
    allowCommonNameFallback: options.allowCommonNameFallback ?? false,
    requiredKeyUsage: options.requiredKeyUsage ?? [],
    hostname: options.hostname,
    ip: options.ip,
    email: options.email,
    cache,
    policy: {
      explicit: options.policy?.requireExplicitPolicy ?? false,
      inhibitMapping: options.policy?.inhibitPolicyMapping ?? false,
      inhibitAnyPolicy: options.policy?.inhibitAnyPolicy ?? false,
    },
    constraintBudget: new ConstraintBudget(options.maxConstraintComparisons),
  };
  return {
    ctx,
    intermediates: toPool(options.intermediates),
    anchors: toAnchors(options.trust),
    maxDepth,
    maxCandidates: options.maxCandidates ?? DEFAULT_MAX_CANDIDATES,
  };
}

function subjectOf(cert: Certificate): string | undefined {
  try {
    return cert.subject.toString();
  } catch {
    return undefined;
  }
}

function issuerOf(cert: Certificate): string | undefined {
  try {
    return cert.issuer.toString();
  } catch {
    return undefined;
  }
}

function toResult(leaf: Certificate, o: SearchOutcome, maxDepth: number): ChainResult {
  const base = { pathsConsidered: o.pathsConsidered, candidatesExamined: o.candidatesExamined, warnings: [] };
  if (o.valid) {
    const chain = o.valid.path;
    return { ok: true, chain, anchor: chain[chain.length - 1]!, problems: [], ...base };
  }
  const best = o.best ?? { path: [leaf], anchored: false, problems: [] };
  const problems: ChainProblem[] = [...best.problems];
  const last = best.path[best.path.length - 1]!;
  const depth = best.path.length - 1;
  const subject = subjectOf(last);
  const at = (p: Omit<ChainProblem, 'subject'>): ChainProblem =>
    subject === undefined ? p : { ...p, subject };
  if (!best.anchored) {
    if (o.budgetExhausted)
      problems.push(
        at({
          code: 'ERR_CHAIN_BUDGET_EXHAUSTED',
          depth: null,
          message: `gave up after ${o.candidatesExamined} issuer candidates`,
        }),
      );
    if (o.tooLong > 0)
      problems.push(
        at({
          code: 'ERR_CHAIN_TOO_LONG',
          depth: null,
          message: `no path to a trust anchor within ${maxDepth} intermediates`,
        }),
      );
    else if (o.loops > 0 && o.deadEnds.length === 0)
      problems.push(
        at({
          code: 'ERR_CHAIN_LOOP',
          depth: null,
          message: 'the intermediates only form cycles; no trust anchor reached',
        }),
      );
    let selfIssued = false;
    try {
      selfIssued = last.isSelfIssued;
    } catch {
      selfIssued = false;
    }
    if (selfIssued)
      problems.push(
        at({
          code: 'ERR_CHAIN_UNTRUSTED_ROOT',
          depth,
          message: 'the chain ends at a root that is not a trust anchor',
        }),
      );
    else if (o.tooLong === 0)
      problems.push(
        at({
          code: 'ERR_CHAIN_NO_ISSUER',
          depth,
          message: 'no issuer found among the intermediates and trust anchors',
          details: { issuer: issuerOf(last) },
        }),
      );
  }
  if (problems.length === 0)
    problems.push(at({ code: 'ERR_CHAIN_NO_ISSUER', depth, message: 'no valid path to a trust anchor' }));
  return {
    ok: false,
    chain: best.path,
    ...(best.anchored ? { anchor: last } : {}),
    problems,
    ...base,
  };
}

/**
 * Builds the chain from `leaf` to one of the trust anchors and validates it (RFC 5280 section 6 with the
 * web PKI profile by default), synchronously. Several paths are searched (same-named issuers,
 * cross-signatures, backtracking); the first that validates is returned, otherwise the best failing one
 * with every problem found. No revocation check and no network: see {@link verifyChain} for those.
 *
 * @throws TypeError when the arguments are of the wrong type (bad data never throws: it gives problems)
 * @example
 * ```ts
 * import { buildChain, TrustAnchors } from 'certkit/chain';
 * import { parseCertificate, parseCertificates } from 'certkit/x509';
 * const [leaf, ...intermediates] = parseCertificates(pem);
 * const result = buildChain(leaf, { intermediates, trust: roots, hostname: 'example.com' });
 * if (!result.ok) for (const p of result.problems) console.log(p.depth, p.code, p.message);
 * ```
 * @see RFC 5280 section 6.1, RFC 4158, RFC 9525
 */
export function buildChain(leaf: Certificate, options: BuildChainOptions): ChainResult {
  const r = resolve(leaf, options);
  const outcome = searchPaths(leaf, {
    intermediates: r.intermediates,
    anchors: r.anchors,
    maxDepth: r.maxDepth,
    maxCandidates: r.maxCandidates,
    ctx: r.ctx,
  });
  return toResult(leaf, outcome, r.maxDepth);
}

/**
 * Like {@link buildChain}, and throws when the chain is not valid.
 *
 * @throws ChainError ERR_CHAIN_INVALID with `details.problems` (the same list as `buildChain` returns)
 * @example
 * ```ts
 * import { assertValidChain } from 'certkit/chain';
 * const { chain } = assertValidChain(leaf, { trust, hostname: 'example.com' });
 * ```
 * @see RFC 5280 section 6.1
 */
export function assertValidChain(leaf: Certificate, options: BuildChainOptions): ChainResult {
  const result = buildChain(leaf, options);
  if (!result.ok) throw chainError(result);
  return result;
}

function chainError(result: ChainResult): ChainError {
  const first = result.problems[0]!;
  return new ChainError(
    'ERR_CHAIN_INVALID',
    `certificate chain is not valid: ${first.code} at depth ${first.depth ?? '-'}: ${first.message}${
      result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : ''
    }`,
    { details: { problems: result.problems } },
  );
}

/**
 * Builds and validates the chain like {@link buildChain}, then, asynchronously, fetches missing
 * intermediates through AIA caIssuers (when `fetchIssuer` is given) and checks revocation of every
 * non-anchor certificate of the chosen path (when `revocation` is given). `revocationPolicy` decides
 * whether an `unknown` answer is a problem (`hard-fail`) or a warning (`soft-fail`, the default).
 *
 * @throws TypeError when the arguments are of the wrong type
 * @example
 * ```ts
 * import { verifyChain } from 'certkit/chain';
 * const r = await verifyChain(leaf, { trust, hostname: 'example.com', revocation: myChecker, revocationPolicy: 'hard-fail' });
 * ```
 * @see RFC 5280 section 6.3, RFC 6960, RFC 5280 section 4.2.2.1
 */
export async function verifyChain(leaf: Certificate, options: VerifyChainOptions): Promise<ChainResult> {
  const r = resolve(leaf, options);
  const extra = new CertificatePool();
  const settings = {
    intermediates: r.intermediates,
    anchors: r.anchors,
    maxDepth: r.maxDepth,
    maxCandidates: r.maxCandidates,
    ctx: r.ctx,
    extra,
  };
  let outcome = searchPaths(leaf, settings);
  const warnings: ChainProblem[] = [];
  if (!outcome.valid && options.fetchIssuer) {
    const fetched = new Set<string>();
    let budget = options.maxFetches ?? 4;
    let progress = true;
    while (!outcome.valid && progress && budget > 0) {
      progress = false;
      for (const dead of outcome.deadEnds) {
        let urls: readonly string[] = [];
        try {
          urls = dead.authorityInfoAccess.caIssuers;
        } catch {
          urls = [];
        }
        for (const url of urls) {
          if (fetched.has(url) || budget <= 0) continue;
          fetched.add(url);
          budget--;
          try {
            for (const c of await options.fetchIssuer(url, dead)) if (extra.add(c)) progress = true;
          } catch (e) {
            warnings.push({
              code: 'ERR_CHAIN_NO_ISSUER',
              depth: null,
              message: `fetching ${url} failed: ${e instanceof Error ? e.message : String(e)}`,
              details: { url },
            });
          }
        }
      }
      if (progress) outcome = searchPaths(leaf, settings);
    }
  }
  const result = toResult(leaf, outcome, r.maxDepth);
  if (!result.ok || !options.revocation) return { ...result, warnings: [...result.warnings, ...warnings] };
  const problems: ChainProblem[] = [];
  const chain = result.chain;
  const policy = options.revocationPolicy ?? 'soft-fail';
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    const subject = subjectOf(cert);
    const withSubject = (p: ChainProblem): ChainProblem => (subject === undefined ? p : { ...p, subject });
    let status: Awaited<ReturnType<typeof options.revocation.check>>;
    try {
      status = await options.revocation.check(cert, chain[i + 1]!, {
        at: r.ctx.at,
        depth: i,
        profile: r.ctx.profile,
        pedantic: r.ctx.pedantic,
      });
    } catch (e) {
      status = {
        status: 'unknown',
        reason: e instanceof Error ? e.message : String(e),
        code: 'ERR_CHAIN_REVOCATION_UNKNOWN',
      };
    }
    if (status.status === 'revoked') {
      problems.push(
        withSubject({
          code: 'ERR_CHAIN_REVOKED',
          depth: i,
          message: `revoked on ${status.revokedAt.toISOString()}${status.reason ? ` (${status.reason})` : ''} per ${status.source.toUpperCase()}`,
          details: {
            revokedAt: status.revokedAt.toISOString(),
            reason: status.reason,
            source: status.source,
          },
        }),
      );
    } else if (status.status === 'unknown') {
      const p = withSubject({
        code: 'ERR_CHAIN_REVOCATION_UNKNOWN',
        depth: i,
        message: `revocation status unknown: ${status.reason}`,
        details: { cause: status.code, reason: status.reason },
      });
      if (policy === 'hard-fail') problems.push(p);
      else warnings.push(p);
    }
  }
  return problems.length === 0
    ? { ...result, warnings: [...result.warnings, ...warnings] }
    : { ...result, ok: false, problems, warnings: [...result.warnings, ...warnings] };
}
