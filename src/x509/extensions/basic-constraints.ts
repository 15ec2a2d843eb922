import {
  children,
  expectSequence,
  isDerBoolean,
  malformed,
  readBoolean,
  readRoot,
  readSmallInteger,
  UniversalTag,
} from '../../internal/der/index.js';
import type { DeviationReport } from '../encoding-deviation.js';

/** The basicConstraints extension: whether the subject is a CA, and how many CAs may follow it. */
export interface BasicConstraints {
  readonly critical: boolean;
  readonly ca: boolean;
  /** pathLenConstraint, or undefined when absent (no limit). */
  readonly pathLength: number | undefined;
}

/**
 * Decodes a basicConstraints extension value: `SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 * pathLenConstraint INTEGER (0..MAX) OPTIONAL }`, in that order. `report` receives encoding
 * deviations: cA FALSE written out (X.690 11.5), TRUE as a byte other than 0xFF (X.690 11.1).
 */
export function parseBasicConstraints(
  value: Uint8Array,
  critical: boolean,
  report?: DeviationReport,
): BasicConstraints {
  const seq = expectSequence(readRoot(value), 'BasicConstraints');
  let ca = false;
  let pathLength: number | undefined;
  let seen = 0; // 1 after cA, 2 after pathLenConstraint
  for (const t of children(value, seq)) {
    if (t.cls === 0 && t.tag === UniversalTag.boolean && seen === 0) {
      ca = readBoolean(value, t);
      if (!ca) report?.('explicit-default', 'cA FALSE is written out though it is the DEFAULT');
      else if (!isDerBoolean(value, t)) report?.('boolean-not-der', 'cA TRUE is not encoded as 0xFF');
      seen = 1;
    } else if (t.cls === 0 && t.tag === UniversalTag.integer && seen < 2) {
      pathLength = readSmallInteger(value, t);
      if (pathLength < 0) malformed(t.start, 'negative pathLenConstraint');
      seen = 2;
    } else malformed(t.start, 'BasicConstraints: unexpected field');
  }
  return { critical, ca, pathLength };
}
