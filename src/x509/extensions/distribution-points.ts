import {
  charsetViolation,
  children,
  expectSequence,
  isDerNamedBitList,
  malformed,
  readBitString,
  readBoolean,
  readOid,
  readRoot,
  readString,
  type Tlv,
  toHex,
  UniversalTag,
} from '../../internal/der/index.js';
import type { DeviationReport } from '../encoding-deviation.js';
import { type GeneralName, readGeneralNames } from '../general-name.js';

/**
 * Revocation reasons in ReasonFlags bit order.
 * @example
 * ```ts
 * import { REASON_FLAG_BITS } from 'certkit/x509';
 * REASON_FLAG_BITS[1]; // 'keyCompromise'
 * ```
 * @see RFC 5280 section 4.2.1.13
 */
export const REASON_FLAG_BITS = [
  'unused',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

/** One attribute of a nameRelativeToCRLIssuer RDN. */
export interface RelativeNameAttribute {
  readonly oid: string;
  readonly value: string;
}

/**
 * One DistributionPoint of a cRLDistributionPoints (or freshestCRL) extension.
 * @see RFC 5280 section 4.2.1.13
 */
export interface DistributionPoint {
  /** fullName: where the CRL is (usually one URI). */
  readonly fullName?: readonly GeneralName[];
  /** nameRelativeToCRLIssuer: an RDN appended to the CRL issuer's name. */
  readonly relativeName?: readonly RelativeNameAttribute[];
  /** The reasons this CRL covers; all when absent. */
  readonly reasons?: readonly string[];
  /** The CRL issuer when it is not the certificate issuer (indirect CRL). */
  readonly crlIssuer?: readonly GeneralName[];
}

/** The issuingDistributionPoint CRL extension (RFC 5280 section 5.2.5). */
export interface IssuingDistributionPoint {
  readonly critical: boolean;
  readonly fullName?: readonly GeneralName[];
  readonly relativeName?: readonly RelativeNameAttribute[];
  readonly onlyContainsUserCerts: boolean;
  readonly onlyContainsCACerts: boolean;
  readonly onlySomeReasons?: readonly string[];
  readonly indirectCRL: boolean;
  readonly onlyContainsAttributeCerts: boolean;
}

function readReasonFlags(der: Uint8Array, t: Tlv, report?: DeviationReport): string[] {
  const bitString = readBitString(der, { ...t, cls: 0, tag: UniversalTag.bitString });
  if (report && !isDerNamedBitList(bitString)) {
    report('named-bits-not-der', 'ReasonFlags keeps trailing zero bits or sets unused bits');
  }
  const bits = bitString.bytes;
  const length = bits.length * 8 - bitString.unusedBits; // unused bits carry no value (X.690 8.6.2.2)
  const out: string[] = [];
  REASON_FLAG_BITS.forEach((name, i) => {
    if (i < length && (bits[i >> 3]! & (0x80 >> (i & 7))) !== 0) out.push(name);
  });
  return out;
}

function readDistributionPointName(
  der: Uint8Array,
  t: Tlv,
  report?: DeviationReport,
): { fullName?: GeneralName[]; relativeName?: RelativeNameAttribute[] } {
  const [choice, extra] = children(der, t);
  if (!choice || extra) malformed(t.start, 'DistributionPointName must hold exactly one choice');
  if (choice.cls === 2 && choice.tag === 0) return { fullName: readGeneralNames(der, choice, report) };
  if (choice.cls === 2 && choice.tag === 1) {
    const relativeName = children(der, choice).map((atv) => {
      const [type, value] = children(der, expectSequence(atv, 'AttributeTypeAndValue'));
      if (!type || !value) malformed(atv.start, 'AttributeTypeAndValue needs a type and a value');
      const isString = value.cls === 0 && !value.constructed && value.tag !== UniversalTag.sequence;
      if (isString && report && charsetViolation(der, value) >= 0) {
        report('string-charset', 'nameRelativeToCRLIssuer holds a character outside its string type');
      }
      return {
        oid: readOid(der, type),
        value: isString ? readString(der, value) : `#${toHex(der.subarray(value.start, value.end))}`,
      };
    });
    return { relativeName };
  }
  return malformed(choice.start, 'DistributionPointName: unknown choice');
}

/** Decodes a cRLDistributionPoints (or freshestCRL) extension value; `report` receives encoding deviations. */
export function parseDistributionPoints(
  value: Uint8Array,
  _critical?: boolean,
  report?: DeviationReport,
): DistributionPoint[] {
  const seq = expectSequence(readRoot(value), 'CRLDistributionPoints');
  return children(value, seq).map((dp) => {
    expectSequence(dp, 'DistributionPoint');
    const out: {
      fullName?: GeneralName[];
      relativeName?: RelativeNameAttribute[];
      reasons?: string[];
      crlIssuer?: GeneralName[];
    } = {};
    for (const t of children(value, dp)) {
      if (t.cls !== 2) malformed(t.start, 'DistributionPoint: unexpected field');
      if (t.tag === 0) Object.assign(out, readDistributionPointName(value, t, report));
      else if (t.tag === 1) out.reasons = readReasonFlags(value, t, report);
      else if (t.tag === 2) out.crlIssuer = readGeneralNames(value, t, report);
      else malformed(t.start, 'DistributionPoint: unexpected field');
    }
    return out;
  });
}

/** The URIs of every fullName in a list of distribution points. */
export function distributionPointUris(points: readonly DistributionPoint[]): string[] {
  const out: string[] = [];
  for (const p of points) for (const n of p.fullName ?? []) if (n.type === 'uri') out.push(n.value);
  return out;
}

/** Decodes an issuingDistributionPoint CRL extension value. */
export function parseIssuingDistributionPoint(
  value: Uint8Array,
  critical: boolean,
): IssuingDistributionPoint {
  const seq = expectSequence(readRoot(value), 'IssuingDistributionPoint');
  const out: {
    -readonly [K in keyof IssuingDistributionPoint]: IssuingDistributionPoint[K];
  } = {
    critical,
    onlyContainsUserCerts: false,
    onlyContainsCACerts: false,
    indirectCRL: false,
    onlyContainsAttributeCerts: false,
  };
  const bool = (t: Tlv): boolean => readBoolean(value, { ...t, cls: 0, tag: UniversalTag.boolean });
  for (const t of children(value, seq)) {
    if (t.cls !== 2) malformed(t.start, 'IssuingDistributionPoint: unexpected field');
    switch (t.tag) {
      case 0: {
        const dpn = readDistributionPointName(value, t);
        if (dpn.fullName) out.fullName = dpn.fullName;
        if (dpn.relativeName) out.relativeName = dpn.relativeName;
        break;
      }
      case 1:
        out.onlyContainsUserCerts = bool(t);
        break;
      case 2:
        out.onlyContainsCACerts = bool(t);
        break;
      case 3:
        out.onlySomeReasons = readReasonFlags(value, t);
        break;
      case 4:
        out.indirectCRL = bool(t);
        break;
      case 5:
        out.onlyContainsAttributeCerts = bool(t);
        break;
      default:
        malformed(t.start, 'IssuingDistributionPoint: unexpected field');
    }
  }
  return out;
}
