import {
  charsetViolation,
  children,
  expectSequence,
  malformed,
  readInteger,
  readOid,
  readRoot,
  readSmallInteger,
  readString,
  readTlv,
  type Tlv,
  UniversalTag,
} from '../../internal/der/index.js';
import { PolicyOid } from '../../internal/oids.js';
import type { DeviationReport } from '../encoding-deviation.js';

/** A DisplayText or IA5String: refused when not a valid encoding, reported when outside its charset. */
function readText(der: Uint8Array, t: Tlv, what: string, report: DeviationReport | undefined): string {
  const text = readString(der, t);
  if (report && charsetViolation(der, t) >= 0)
    report('string-charset', `${what} ${JSON.stringify(text)} holds a character outside its string type`);
  return text;
}

/** A policy qualifier: a CPS pointer, a user notice, or another kind kept as DER. */
export type PolicyQualifier =
  | { readonly type: 'cps'; readonly value: string }
  | {
      readonly type: 'userNotice';
      readonly organization?: string;
      readonly noticeNumbers?: readonly number[];
      readonly explicitText?: string;
    }
  | { readonly type: 'other'; readonly oid: string; readonly value: Uint8Array };

/** One PolicyInformation of a certificatePolicies extension (RFC 5280 section 4.2.1.4). */
export interface CertificatePolicy {
  /** The policy OID (`2.5.29.32.0` is anyPolicy). */
  readonly oid: string;
  readonly qualifiers: readonly PolicyQualifier[];
}

/** The policyConstraints extension (RFC 5280 section 4.2.1.11). */
export interface PolicyConstraints {
  readonly critical: boolean;
  readonly requireExplicitPolicy?: number;
  readonly inhibitPolicyMapping?: number;
}

/** One mapping of a policyMappings extension (RFC 5280 section 4.2.1.5). */
export interface PolicyMapping {
  readonly issuerDomainPolicy: string;
  readonly subjectDomainPolicy: string;
}

/** The policyMappings extension. */
export interface PolicyMappings {
  readonly critical: boolean;
  readonly mappings: readonly PolicyMapping[];
}

/** The inhibitAnyPolicy extension (RFC 5280 section 4.2.1.14). */
export interface InhibitAnyPolicy {
  readonly critical: boolean;
  readonly skipCerts: number;
}

function readUserNotice(der: Uint8Array, seq: Tlv, report: DeviationReport | undefined): PolicyQualifier {
  expectSequence(seq, 'UserNotice');
  const out: { type: 'userNotice'; organization?: string; noticeNumbers?: number[]; explicitText?: string } =
    {
      type: 'userNotice',
    };
  for (const t of children(der, seq)) {
    if (t.cls === 0 && t.tag === UniversalTag.sequence) {
      const [org, numbers] = children(der, t);
      if (!org || !numbers) malformed(t.start, 'NoticeReference needs an organization and numbers');
      out.organization = readText(der, org, 'NoticeReference organization', report);
      out.noticeNumbers = children(der, expectSequence(numbers, 'noticeNumbers')).map((n) =>
        readInteger(der, n),
      );
    } else if (t.cls === 0 && !t.constructed) {
      out.explicitText = readText(der, t, 'UserNotice explicitText', report);
    } else malformed(t.start, 'UserNotice: unexpected field');
  }
  return out;
}

/** Decodes a certificatePolicies extension value; `report` receives encoding deviations. */
export function parseCertificatePolicies(
  value: Uint8Array,
  _critical?: boolean,
  report?: DeviationReport,
): CertificatePolicy[] {
  const seq = expectSequence(readRoot(value), 'CertificatePolicies');
  return children(value, seq).map((pi) => {
    expectSequence(pi, 'PolicyInformation');
    const oidTlv = readTlv(value, pi.valueStart, pi.end);
    const qualifiers: PolicyQualifier[] = [];
    if (oidTlv.end < pi.end) {
      const qs = expectSequence(readTlv(value, oidTlv.end, pi.end), 'policyQualifiers');
      for (const q of children(value, qs)) {
        expectSequence(q, 'PolicyQualifierInfo');
        const idTlv = readTlv(value, q.valueStart, q.end);
        const qid = readOid(value, idTlv);
        const body = readTlv(value, idTlv.end, q.end);
        if (qid === PolicyOid.cps)
          qualifiers.push({ type: 'cps', value: readText(value, body, 'CPS URI', report) });
        else if (qid === PolicyOid.userNotice) qualifiers.push(readUserNotice(value, body, report));
        else qualifiers.push({ type: 'other', oid: qid, value: value.subarray(body.start, body.end) });
      }
    }
    return { oid: readOid(value, oidTlv), qualifiers };
  });
}

function skipCerts(der: Uint8Array, t: Tlv): number {
  const n = readSmallInteger(der, { ...t, cls: 0, tag: UniversalTag.integer });
  if (n < 0) malformed(t.start, 'negative SkipCerts');
  return n;
}

/** Decodes a policyConstraints extension value. */
export function parsePolicyConstraints(value: Uint8Array, critical: boolean): PolicyConstraints {
  const seq = expectSequence(readRoot(value), 'PolicyConstraints');
  const out: { critical: boolean; requireExplicitPolicy?: number; inhibitPolicyMapping?: number } = {
    critical,
  };
  for (const t of children(value, seq)) {
    if (t.cls === 2 && t.tag === 0) out.requireExplicitPolicy = skipCerts(value, t);
    else if (t.cls === 2 && t.tag === 1) out.inhibitPolicyMapping = skipCerts(value, t);
    else malformed(t.start, 'PolicyConstraints: unexpected field');
  }
  return out;
}

/** Decodes a policyMappings extension value. */
export function parsePolicyMappings(value: Uint8Array, critical: boolean): PolicyMappings {
  const seq = expectSequence(readRoot(value), 'PolicyMappings');
  const mappings = children(value, seq).map((m) => {
    const [a, b] = children(value, expectSequence(m, 'PolicyMapping'));
    if (!a || !b) malformed(m.start, 'PolicyMapping needs two OIDs');
    return { issuerDomainPolicy: readOid(value, a), subjectDomainPolicy: readOid(value, b) };
  });
  return { critical, mappings };
}

/** Decodes an inhibitAnyPolicy extension value. */
export function parseInhibitAnyPolicy(value: Uint8Array, critical: boolean): InhibitAnyPolicy {
  return { critical, skipCerts: skipCerts(value, readRoot(value)) };
}
