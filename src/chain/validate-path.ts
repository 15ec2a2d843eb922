import { ExtensionOid } from '../internal/oids.js';
import type { Certificate } from '../x509/index.js';
import { type CertRole, checkCertificate, ProblemSink, read } from './cert-checks.js';
import { isValidDnsName } from './dns-name.js';
import { checkEncodingDeviations } from './encoding-deviations.js';
import { matchesEmail, matchesHostname, matchesIpAddress, splitMailbox } from './hostname.js';
import { parseIpAddress } from './ip-address.js';
import { checkName, constrainedNames, PreparedConstraints, subtreeProblem } from './name-constraints.js';
import { processPolicies } from './policy-processing.js';
import type { ChainProblem } from './problem.js';
import { verifyLink } from './signature-cache.js';
import type { ValidationContext } from './validation-context.js';

/**
 * Validates a candidate path `[leaf, …, last]` (RFC 5280 section 6.1). When `anchored` the last
 * certificate is a trust anchor; otherwise the path is incomplete and only the checks that make sense
 * are run (the caller adds why it is incomplete).
 */
export function validatePath(
  path: readonly Certificate[],
  anchored: boolean,
  ctx: ValidationContext,
): ChainProblem[] {
  const sink = new ProblemSink();
  const n = path.length;
  for (let i = 0; i < n; i++) {
    const role: CertRole = i === 0 ? 'leaf' : anchored && i === n - 1 ? 'anchor' : 'intermediate';
    checkCertificate(sink, i, path[i]!, role, ctx, anchored && i === n - 1);
  }

  // Signatures of every link (the anchor's own signature is not checked: it is trusted as given).
  let firstBadLink = n;
  for (let i = 0; i + 1 < n; i++) {
    const r = ctx.cache ? ctx.cache.check(path[i]!, path[i + 1]!) : verifyLink(path[i]!, path[i + 1]!);
    if (!r.ok) {
      firstBadLink = Math.min(firstBadLink, i);
      const code =
        r.code === 'ERR_SIGNATURE_UNSUPPORTED_ALGORITHM'
          ? 'ERR_CHAIN_UNSUPPORTED_ALGORITHM'
          : 'ERR_CHAIN_BAD_SIGNATURE';
      sink.add(code, i, path[i], `signature does not verify with the issuer’s key: ${r.reason}`, {
        issuerDepth: i + 1,
      });
    }
  }

  checkEncodingDeviations(sink, path, anchored, ctx.allowEncodingDeviations);
  checkPathLength(sink, path);
  if (anchored) processPolicies(sink, path, ctx.policy);
  // A CA's constraints bind the names below it only when every link up to and including its own verified.
  checkNameConstraints(sink, path, ctx, firstBadLink - 1);
  checkReferenceIdentity(sink, path[0]!, ctx);
  return sink.problems;
}

/** RFC 5280 6.1.4 (l), (m): non-self-issued intermediates below each CA within its pathLenConstraint. */
function checkPathLength(sink: ProblemSink, path: readonly Certificate[]): void {
  let remaining = Number.POSITIVE_INFINITY;
  for (let i = path.length - 1; i >= 1; i--) {
    const cert = path[i]!;
    if (i < path.length - 1) {
      const selfIssued = read(sink, i, cert, 'names', () => cert.isSelfIssued, false);
      if (!selfIssued) {
        if (remaining <= 0) {
          sink.add(
            'ERR_CHAIN_PATH_LENGTH',
            i,
            cert,
            'this CA exceeds the path length allowed by a CA above it',
          );
        }
        remaining--;
      }
    }
    let pathLength: number | undefined;
    try {
      pathLength = cert.basicConstraints?.pathLength;
    } catch {
      pathLength = undefined;
    }
    if (pathLength !== undefined && pathLength < remaining) remaining = pathLength;
  }
}

/**
 * RFC 5280 6.1.3 (b), (c) and 6.1.4 (g): each CA's constraints applied to every certificate below it.
 * Names are compared only for CAs up to depth `lastVerifiedCa`: above the first link whose signature
 * fails, a CA's constraints carry no authority (and would let a forged CA spend the budget).
 */
function checkNameConstraints(
  sink: ProblemSink,
  path: readonly Certificate[],
  ctx: ValidationContext,
  lastVerifiedCa: number,
): void {
  for (let j = 1; j < path.length; j++) {
    const ca = path[j]!;
    let ext: { critical: boolean } | undefined;
    try {
      ext = ca.extensions.find((e) => e.oid === ExtensionOid.nameConstraints);
    } catch {
      ext = undefined;
    }
    if (!ext) continue;
    const nc = read(
      sink,
      j,
      ca,
      'nameConstraints',
      () => ca.nameConstraints,
      undefined,
      'ERR_CHAIN_NAME_CONSTRAINTS',
    );
    if (!nc) continue;
    if (!ext.critical && ctx.profile === 'rfc5280')
      sink.add('ERR_CHAIN_NAME_CONSTRAINTS', j, ca, 'nameConstraints must be critical (RFC 5280 4.2.1.10)');
    if (nc.permitted.length === 0 && nc.excluded.length === 0) {
      sink.add(
        'ERR_CHAIN_NAME_CONSTRAINTS',
        j,
        ca,
        'nameConstraints has neither permitted nor excluded subtrees',
      );
      continue;
    }
    let malformed = false;
    for (const s of [...nc.permitted, ...nc.excluded]) {
      const why = subtreeProblem(s);
      if (why) {
        malformed = true;
        sink.add('ERR_CHAIN_NAME_CONSTRAINTS', j, ca, `malformed name constraint: ${why}`);
      }
    }
    if (malformed || j > lastVerifiedCa) continue;
    const set = new PreparedConstraints(nc);
    for (let i = 0; i < j; i++) {
      const cert = path[i]!;
      if (i > 0) {
        let selfIssued = false;
        try {
          selfIssued = cert.isSelfIssued;
        } catch {
          selfIssued = false;
        }
        if (selfIssued) continue;
      }
      let names: ReturnType<typeof constrainedNames>;
      try {
        names = constrainedNames(cert);
      } catch {
        continue; // malformed names are reported by the per-certificate checks
      }
      for (const name of names) {
        if (!ctx.constraintBudget.spend(set.comparisonsFor(name))) {
          const limit = ctx.constraintBudget.limit;
          sink.add(
            'ERR_CHAIN_NAME_CONSTRAINTS_BUDGET',
            j,
            ca,
            `checking the names below this CA against its constraints would pass ${limit} comparisons (maxConstraintComparisons, RFC 5280 4.2.1.10)`,
            { caDepth: j, limit },
          );
          return;
        }
        const why = checkName(name, set);
        if (why)
          sink.add('ERR_CHAIN_NAME_CONSTRAINTS', i, cert, `${why}, constrained by the CA at depth ${j}`, {
            caDepth: j,
          });
      }
    }
  }
}

function checkReferenceIdentity(sink: ProblemSink, leaf: Certificate, ctx: ValidationContext): void {
  try {
    if (ctx.hostname !== undefined) {
      const h = ctx.hostname;
      if (parseIpAddress(h)) {
        if (!matchesIpAddress(leaf, h))
          sink.add('ERR_CHAIN_IP_MISMATCH', 0, leaf, `the certificate is not valid for IP address ${h}`, {
            ip: h,
          });
      } else if (!isValidDnsName(h.replace(/\.$/, ''), { allowUnderscore: true })) {
        sink.add('ERR_CHAIN_INVALID_REFERENCE_NAME', 0, leaf, `"${h}" is not a valid host name`, {
          hostname: h,
        });
      } else if (!matchesHostname(leaf, h, { allowCommonNameFallback: ctx.allowCommonNameFallback })) {
        sink.add('ERR_CHAIN_HOSTNAME_MISMATCH', 0, leaf, `the certificate is not valid for ${h}`, {
          hostname: h,
        });
      }
    }
    if (ctx.ip !== undefined) {
      if (!parseIpAddress(ctx.ip))
        sink.add('ERR_CHAIN_INVALID_REFERENCE_NAME', 0, leaf, `"${ctx.ip}" is not an IP address`, {
          ip: ctx.ip,
        });
      else if (!matchesIpAddress(leaf, ctx.ip))
        sink.add('ERR_CHAIN_IP_MISMATCH', 0, leaf, `the certificate is not valid for IP address ${ctx.ip}`, {
          ip: ctx.ip,
        });
    }
    if (ctx.email !== undefined) {
      if (!splitMailbox(ctx.email))
        sink.add('ERR_CHAIN_INVALID_REFERENCE_NAME', 0, leaf, `"${ctx.email}" is not an email address`, {
          email: ctx.email,
        });
      else if (!matchesEmail(leaf, ctx.email))
        sink.add('ERR_CHAIN_EMAIL_MISMATCH', 0, leaf, `the certificate is not valid for ${ctx.email}`, {
          email: ctx.email,
        });
    }
  } catch {
    // subjectAltName could not be decoded: already reported; the name cannot match
    const code =
      ctx.email !== undefined
        ? 'ERR_CHAIN_EMAIL_MISMATCH'
        : ctx.ip !== undefined
          ? 'ERR_CHAIN_IP_MISMATCH'
          : 'ERR_CHAIN_HOSTNAME_MISMATCH';
    sink.add(code, 0, leaf, 'the reference name cannot be matched: subjectAltName is malformed');
  }
}
