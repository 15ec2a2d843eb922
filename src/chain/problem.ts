import type { ChainErrorCode } from '../errors/catalogue/index.js';

/** The code of one chain finding: any chain catalogue code except the umbrella `ERR_CHAIN_INVALID`. */
export type ChainProblemCode = Exclude<ChainErrorCode, 'ERR_CHAIN_INVALID'>;

/**
 * One reason a chain is not valid: the check that failed, which certificate (by depth: 0 is the leaf,
 * the anchor is the last), its subject, and a readable message. `details` holds structured facts
 * (an OID, a name, a date) for programs.
 *
 * @example
 * ```ts
 * import { buildChain } from 'certkit/chain';
 * for (const p of buildChain(leaf, { trust }).problems) console.log(p.depth, p.code, p.message);
 * ```
 * @see RFC 5280 section 6.1
 */
export interface ChainProblem {
  readonly code: ChainProblemCode;
  /** Depth of the certificate concerned (0 = leaf), or `null` for the chain as a whole. */
  readonly depth: number | null;
  /** RFC 4514 subject of that certificate, when there is one. */
  readonly subject?: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A chain problem without `details`, as stores and TLS errors carry it. */
export interface ChainProblemSummary {
  readonly code: ChainProblemCode;
  readonly depth: number | null;
  readonly subject?: string;
  readonly message: string;
}

/** @internal The problems as plain summaries (code, depth, subject, message) for error details. */
export function summariseProblems(problems: readonly ChainProblem[]): ChainProblemSummary[] {
  return problems.map((p) => ({
    code: p.code,
    depth: p.depth,
    ...(p.subject === undefined ? {} : { subject: p.subject }),
    message: p.message,
  }));
}
