import {
  checkInteger,
  children,
  expectSequence,
  malformed,
  readRoot,
  toHex,
  UniversalTag,
} from '../../internal/der/index.js';
import type { DeviationReport } from '../encoding-deviation.js';
import { type GeneralName, readGeneralNames } from '../general-name.js';

/** The authorityKeyIdentifier extension: which key (or issuer and serial) signed this object. */
export interface AuthorityKeyIdentifier {
  readonly critical: boolean;
  /** keyIdentifier as lower-case hex. */
  readonly keyIdentifier?: string;
  /** authorityCertIssuer. */
  readonly issuer?: readonly GeneralName[];
  /** authorityCertSerialNumber as upper-case hex. */
  readonly serialNumber?: string;
}

/** Decodes a subjectKeyIdentifier extension value to lower-case hex. */
export function parseSubjectKeyIdentifier(value: Uint8Array): string {
  const root = readRoot(value);
  if (root.cls !== 0 || root.tag !== UniversalTag.octetString || root.constructed) {
    malformed(0, 'SubjectKeyIdentifier: expected an OCTET STRING');
  }
  return toHex(value.subarray(root.valueStart, root.end));
}

/** Decodes an authorityKeyIdentifier extension value; `report` receives encoding deviations. */
export function parseAuthorityKeyIdentifier(
  value: Uint8Array,
  critical: boolean,
  report?: DeviationReport,
): AuthorityKeyIdentifier {
  const seq = expectSequence(readRoot(value), 'AuthorityKeyIdentifier');
  const out: {
    critical: boolean;
    keyIdentifier?: string;
    issuer?: readonly GeneralName[];
    serialNumber?: string;
  } = { critical };
  for (const t of children(value, seq)) {
    if (t.cls !== 2) malformed(t.start, 'AuthorityKeyIdentifier: unexpected field');
    if (t.tag === 0) out.keyIdentifier = toHex(value.subarray(t.valueStart, t.end));
    else if (t.tag === 1) out.issuer = readGeneralNames(value, t, report);
    else if (t.tag === 2) {
      checkInteger(value, t);
      let s = t.valueStart;
      if (s < t.end - 1 && value[s] === 0) s++;
      out.serialNumber = toHex(value.subarray(s, t.end)).toUpperCase();
    } else malformed(t.start, 'AuthorityKeyIdentifier: unexpected field');
  }
  return out;
}
