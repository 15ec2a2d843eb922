import {
  children,
  expectSequence,
  malformed,
  readBoolean,
  readRoot,
  readSmallInteger,
  UniversalTag,
} from '../../internal/der/index.js';

/** The basicConstraints extension: whether the subject is a CA, and how many CAs may follow it. */
export interface BasicConstraints {
  readonly critical: boolean;
  readonly ca: boolean;
  /** pathLenConstraint, or undefined when absent (no limit). */
  readonly pathLength: number | undefined;
}

/** Decodes a basicConstraints extension value. */
export function parseBasicConstraints(value: Uint8Array, critical: boolean): BasicConstraints {
  const seq = expectSequence(readRoot(value), 'BasicConstraints');
  let ca = false;
  let pathLength: number | undefined;
  for (const t of children(value, seq)) {
    if (t.cls === 0 && t.tag === UniversalTag.boolean) ca = readBoolean(value, t);
    else if (t.cls === 0 && t.tag === UniversalTag.integer) {
      pathLength = readSmallInteger(value, t);
      if (pathLength < 0) malformed(t.start, 'negative pathLenConstraint');
    } else malformed(t.start, 'BasicConstraints: unexpected field');
  }
  return { critical, ca, pathLength };
}
