import { isCertkitError } from '../errors/is-certkit-error.js';
import type { StoreFinding } from '../stores/store-finding.js';

/** One finding as a line: severity, code, where (depth and subject) and why. */
export function findingLine(f: StoreFinding): string {
  const where =
    f.depth === undefined ? '' : ` [depth ${f.depth}${f.subject === undefined ? '' : ` ${f.subject}`}]`;
  return `  ${f.severity.padEnd(8)} ${f.code}${where}: ${f.message}`;
}

/**
 * The findings a refused check carried (an upload or a rotation refused with its findings in
 * `details.findings`), or undefined when the error is something else.
 */
export function refusalFindings(error: unknown): readonly StoreFinding[] | undefined {
  if (!isCertkitError(error)) return undefined;
  const findings = (error.details as { findings?: unknown }).findings;
  return Array.isArray(findings) ? (findings as StoreFinding[]) : undefined;
}
