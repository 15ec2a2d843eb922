import type { Certificate } from '../x509/index.js';
import type { ChainProblem, ChainProblemCode } from './problem.js';

/** Role of a certificate in a path. */
export type CertRole = 'leaf' | 'intermediate' | 'anchor';

/** Collects problems for one certificate. */
export class ProblemSink {
  readonly problems: ChainProblem[] = [];
  add(
    code: ChainProblemCode,
    depth: number | null,
    cert: Certificate | undefined,
    message: string,
    details?: Record<string, unknown>,
  ): void {
    let subject: string | undefined;
    try {
      subject = cert?.subject.toString();
    } catch {
      subject = undefined;
    }
    this.problems.push({
      code,
      depth,
      ...(subject !== undefined ? { subject } : {}),
      message,
      ...(details ? { details } : {}),
    });
  }
}

/** Reads a lazy accessor, turning a decoding error into a problem; returns `fallback` then. */
export function read<T>(
  sink: ProblemSink,
  depth: number,
  cert: Certificate,
  what: string,
  get: () => T,
  fallback: T,
  code: ChainProblemCode = 'ERR_CHAIN_MALFORMED_CERTIFICATE',
): T {
  try {
    return get();
  } catch (e) {
    sink.add(code, depth, cert, `cannot decode ${what}: ${e instanceof Error ? e.message : String(e)}`, {
      field: what,
    });
    return fallback;
  }
}
