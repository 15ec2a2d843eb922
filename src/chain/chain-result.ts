import type { Certificate } from '../x509/index.js';
import type { ChainProblem } from './problem.js';

/**
 * The outcome of chain building and validation.
 *
 * `ok` is true exactly when `problems` is empty. When no path validates, `chain` and `problems`
 * describe the best failing path found (the one with the fewest problems, preferring paths that reach
 * a trust anchor).
 *
 * @example
 * ```ts
 * import { buildChain } from 'certkit/chain';
 * const r = buildChain(leaf, { trust: roots, hostname: 'example.com' });
 * if (!r.ok) console.error(r.problems.map((p) => `${p.code} at ${p.depth}: ${p.message}`).join('\n'));
 * ```
 * @see RFC 5280 section 6
 */
export interface ChainResult {
  readonly ok: boolean;
  /** The certificates from the leaf (index 0) to the trust anchor (last), or to where the search stopped. */
  readonly chain: readonly Certificate[];
  /** The trust anchor the chain ends at, when one was reached. */
  readonly anchor?: Certificate;
  /** Every reason the chain is not valid; empty when `ok`. */
  readonly problems: readonly ChainProblem[];
  /** Findings that do not make the chain invalid (soft-fail revocation results). */
  readonly warnings: readonly ChainProblem[];
  /** Number of complete candidate paths validated. */
  readonly pathsConsidered: number;
  /** Number of issuer candidates examined (bounded by the search budget). */
  readonly candidatesExamined: number;
}
