import {
  children,
  expectSequence,
  malformed,
  readRoot,
  readSmallInteger,
  readTlv,
  type Tlv,
  UniversalTag,
} from '../../internal/der/index.js';
import type { DeviationReport } from '../encoding-deviation.js';
import { type GeneralName, readGeneralName } from '../general-name.js';

/** One GeneralSubtree: a base name and the (unused in practice) minimum and maximum distances. */
export interface GeneralSubtree {
  readonly base: GeneralName;
  readonly minimum: number;
  readonly maximum?: number;
}

/** The nameConstraints extension (RFC 5280 section 4.2.1.10). */
export interface NameConstraints {
  readonly critical: boolean;
  readonly permitted: readonly GeneralSubtree[];
  readonly excluded: readonly GeneralSubtree[];
}

function readSubtrees(der: Uint8Array, t: Tlv, report: DeviationReport | undefined): GeneralSubtree[] {
  const context = { constraint: true, report };
  return children(der, t).map((st) => {
    expectSequence(st, 'GeneralSubtree');
    const baseTlv = readTlv(der, st.valueStart, st.end);
    const base = readGeneralName(der, baseTlv, context);
    let minimum = 0;
    let maximum: number | undefined;
    let pos = baseTlv.end;
    while (pos < st.end) {
      const f = readTlv(der, pos, st.end);
      const n = readSmallInteger(der, { ...f, cls: 0, tag: UniversalTag.integer });
      if (f.cls === 2 && f.tag === 0) {
        minimum = n;
        if (n === 0)
          report?.('explicit-default', 'GeneralSubtree minimum 0 is written out though it is the DEFAULT');
      } else if (f.cls === 2 && f.tag === 1) maximum = n;
      else malformed(f.start, 'GeneralSubtree: unexpected field');
      pos = f.end;
    }
    return maximum === undefined ? { base, minimum } : { base, minimum, maximum };
  });
}

/** Decodes a nameConstraints extension value; `report` receives encoding deviations. */
export function parseNameConstraints(
  value: Uint8Array,
  critical: boolean,
  report?: DeviationReport,
): NameConstraints {
  const seq = expectSequence(readRoot(value), 'NameConstraints');
  let permitted: GeneralSubtree[] = [];
  let excluded: GeneralSubtree[] = [];
  for (const t of children(value, seq)) {
    if (t.cls === 2 && t.tag === 0) permitted = readSubtrees(value, t, report);
    else if (t.cls === 2 && t.tag === 1) excluded = readSubtrees(value, t, report);
    else malformed(t.start, 'NameConstraints: unexpected field');
  }
  return { critical, permitted, excluded };
}
