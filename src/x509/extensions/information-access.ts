import { children, expectSequence, malformed, readOid, readRoot, readTlv } from '../../internal/der/index.js';
import { AccessMethodOid } from '../../internal/oids.js';
import type { DeviationReport } from '../encoding-deviation.js';
import { type GeneralName, readGeneralName } from '../general-name.js';

/** One AccessDescription of an Authority/Subject Information Access extension. */
export interface AccessDescription {
  readonly method: string;
  readonly location: GeneralName;
}

/** The authorityInfoAccess extension, reduced to the URIs validators use. */
export interface AuthorityInfoAccess {
  /** OCSP responder URIs. */
  readonly ocsp: readonly string[];
  /** URIs of the issuer's certificate (for fetching missing intermediates). */
  readonly caIssuers: readonly string[];
}

/** Decodes an Authority/Subject Information Access extension value; `report` receives encoding deviations. */
export function parseAccessDescriptions(
  value: Uint8Array,
  _critical?: boolean,
  report?: DeviationReport,
): AccessDescription[] {
  const context = { report };
  const seq = expectSequence(readRoot(value), 'AuthorityInfoAccessSyntax');
  return children(value, seq).map((ad) => {
    expectSequence(ad, 'AccessDescription');
    const m = readTlv(value, ad.valueStart, ad.end);
    const loc = readTlv(value, m.end, ad.end);
    if (loc.end !== ad.end) malformed(loc.end, 'AccessDescription has extra fields');
    return { method: readOid(value, m), location: readGeneralName(value, loc, context) };
  });
}

/** Decodes authorityInfoAccess into OCSP and caIssuers URIs. */
export function parseAuthorityInfoAccess(value: Uint8Array): AuthorityInfoAccess {
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  for (const d of parseAccessDescriptions(value)) {
    if (d.location.type !== 'uri') continue;
    if (d.method === AccessMethodOid.ocsp) ocsp.push(d.location.value);
    else if (d.method === AccessMethodOid.caIssuers) caIssuers.push(d.location.value);
  }
  return { ocsp, caIssuers };
}
