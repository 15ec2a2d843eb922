import type { ChainProblem } from '../../chain/index.js';
import type { RevocationMode } from '../../chain/revocation/default-revocation.js';
import type { PeerVerdict } from '../node/peer-verifier.js';
import type { ProbeCheck, ProbeCheckName } from './probe-report.js';

const CHECK_OF: Readonly<Record<string, ProbeCheckName>> = {
  ERR_CHAIN_EXPIRED: 'expiry',
  ERR_CHAIN_NOT_YET_VALID: 'expiry',
  ERR_CHAIN_HOSTNAME_MISMATCH: 'hostname',
  ERR_CHAIN_IP_MISMATCH: 'hostname',
  ERR_CHAIN_INVALID_REFERENCE_NAME: 'hostname',
  ERR_CHAIN_REVOKED: 'revocation',
  ERR_CHAIN_REVOCATION_UNKNOWN: 'revocation',
};

/** The check a chain problem belongs to; everything not about dates, names or revocation is trust. */
export function checkOf(problem: ChainProblem): ProbeCheckName {
  return CHECK_OF[problem.code] ?? 'trust';
}

function where(p: ChainProblem): string {
  return p.depth === null ? '' : ` (depth ${p.depth}${p.subject === undefined ? '' : `, ${p.subject}`})`;
}

function failed(problems: readonly ChainProblem[]): string {
  return problems.map((p) => `${p.code}${where(p)}: ${p.message}`).join('; ');
}

/**
 * Splits certkit's verdict on the server's chain into the four client checks. Dates and names are
 * checked over the chain as far as it could be built; revocation only over a chain that otherwise
 * validates, so after any other failure it says it was not decided and does not pass.
 */
export function probeChecks(verdict: PeerVerdict, context: ProbeCheckContext): ProbeCheck[] {
  const by = (check: ProbeCheckName): ChainProblem[] => verdict.problems.filter((p) => checkOf(p) === check);
  const make = (
    check: ProbeCheckName,
    okMessage: string,
    warnings: readonly ChainProblem[] = [],
  ): ProbeCheck => {
    const problems = by(check);
    if (problems.length > 0) return { check, ok: false, message: failed(problems), problems, warnings };
    return { check, ok: true, message: okMessage, problems, warnings };
  };
  // The chain layer asks about revocation only for a path that otherwise validates (RFC 5280 6.3
  // needs the issuer's key and a valid path): with any other problem the answer was never sought.
  const decided = verdict.problems.every((p) => checkOf(p) === 'revocation');
  const anchor = verdict.chain[verdict.chain.length - 1];
  const warnings = (verdict.warnings ?? []).filter((w) => checkOf(w) === 'revocation');
  const revocation: ProbeCheck = decided
    ? make('revocation', revocationMessage(context.revocation, warnings), warnings)
    : {
        check: 'revocation',
        ok: false,
        message:
          'not decided: revocation is checked only on a chain that otherwise validates (see the failed checks)',
        problems: [],
        warnings,
      };
  return [
    make('expiry', `every certificate of the chain is valid at ${context.at.toISOString()}`),
    make(
      'trust',
      `the chain reaches a trust anchor of ${context.trust}: ${anchor?.subject.toString() ?? ''}`,
    ),
    make('hostname', `the certificate is valid for ${context.name}`),
    revocation,
  ];
}

/** What the checks are about: the name checked, the time, where trust came from, the revocation mode. */
export interface ProbeCheckContext {
  readonly name: string;
  readonly at: Date;
  /** `the given CA files`, `Node's root store`. */
  readonly trust: string;
  readonly revocation: RevocationMode | 'custom';
}

function revocationMessage(mode: RevocationMode | 'custom', warnings: readonly ChainProblem[]): string {
  if (mode === 'off') return 'not checked (revocation off)';
  if (warnings.length > 0)
    return `soft-fail: no certificate is known to be revoked, but ${warnings.length} answer(s) could not be had: ${failed(warnings)}`;
  return `no certificate of the chain is revoked (${mode === 'custom' ? 'the given checker' : `OCSP or CRL, ${mode}`})`;
}
