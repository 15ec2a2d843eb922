/**
 * How a limbo testcase becomes `verifyChain` calls: the options (trust, time, purpose, profile, pedantic,
 * key usage, depth, CRLs), one call per expected peer name, and the constraints certkit has no option for
 * (a signature algorithm list, an extended key usage other than serverAuth / clientAuth), checked on the
 * validated path.
 */
import {
  type ChainResult,
  createCrlChecker,
  type KeyUsageName,
  type RevocationChecker,
  type VerifyChainOptions,
} from '../src/chain/index.js';
import { ExtendedKeyUsageOid } from '../src/internal/oids.js';
import { type Certificate, type CertificateRevocationList, KEY_USAGE_BITS } from '../src/x509/index.js';
import { type LimboPeerName, type LimboTestcase, pedanticFor, profileFor } from './limbo-testcase.js';

/** The schema's signature algorithm names, by OID. */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  RSA_WITH_MD5: '1.2.840.113549.1.1.4',
  RSA_WITH_SHA1: '1.2.840.113549.1.1.5',
  RSA_WITH_SHA224: '1.2.840.113549.1.1.14',
  RSA_WITH_SHA256: '1.2.840.113549.1.1.11',
  RSA_WITH_SHA384: '1.2.840.113549.1.1.12',
  RSA_WITH_SHA512: '1.2.840.113549.1.1.13',
  RSA_WITH_SHA3_224: '2.16.840.1.101.3.4.3.13',
  RSA_WITH_SHA3_256: '2.16.840.1.101.3.4.3.14',
  RSA_WITH_SHA3_384: '2.16.840.1.101.3.4.3.15',
  RSA_WITH_SHA3_512: '2.16.840.1.101.3.4.3.16',
  RSASSA_PSS: '1.2.840.113549.1.1.10',
  ECDSA_WITH_SHA1: '1.2.840.10045.4.1',
  ECDSA_WITH_SHA224: '1.2.840.10045.4.3.1',
  ECDSA_WITH_SHA256: '1.2.840.10045.4.3.2',
  ECDSA_WITH_SHA384: '1.2.840.10045.4.3.3',
  ECDSA_WITH_SHA512: '1.2.840.10045.4.3.4',
  ECDSA_WITH_SHA3_224: '2.16.840.1.101.3.4.3.9',
  ECDSA_WITH_SHA3_256: '2.16.840.1.101.3.4.3.10',
  ECDSA_WITH_SHA3_384: '2.16.840.1.101.3.4.3.11',
  ECDSA_WITH_SHA3_512: '2.16.840.1.101.3.4.3.12',
  DSA_WITH_SHA1: '1.2.840.10040.4.3',
  DSA_WITH_SHA224: '2.16.840.1.101.3.4.3.1',
  DSA_WITH_SHA256: '2.16.840.1.101.3.4.3.2',
  DSA_WITH_SHA384: '2.16.840.1.101.3.4.3.3',
  DSA_WITH_SHA512: '2.16.840.1.101.3.4.3.4',
  ED25519: '1.3.101.112',
  ED448: '1.3.101.113',
  GOSTR3411_94_WITH_3410_2001: '1.2.643.2.2.3',
  GOSTR3410_2012_WITH_3411_2012_256: '1.2.643.7.1.1.3.2',
  GOSTR3410_2012_WITH_3411_2012_512: '1.2.643.7.1.1.3.3',
};

/** The schema's extended key usage names, by OID. */
const EKU_OIDS: Readonly<Record<string, string>> = {
  anyExtendedKeyUsage: ExtendedKeyUsageOid.anyExtendedKeyUsage,
  serverAuth: ExtendedKeyUsageOid.serverAuth,
  clientAuth: ExtendedKeyUsageOid.clientAuth,
  codeSigning: ExtendedKeyUsageOid.codeSigning,
  emailProtection: ExtendedKeyUsageOid.emailProtection,
  timeStamping: ExtendedKeyUsageOid.timeStamping,
  OCSPSigning: ExtendedKeyUsageOid.OCSPSigning,
};

const KU_NAMES: ReadonlySet<string> = new Set(KEY_USAGE_BITS);

/** The parsed inputs of a testcase. */
export interface LimboInputs {
  readonly leaf: Certificate;
  readonly trust: readonly Certificate[];
  readonly intermediates: readonly Certificate[];
  readonly crls: readonly CertificateRevocationList[];
}

/**
 * The CRLs of a testcase are its whole revocation information: a certificate whose issuer published one
 * of them is checked against it under hard-fail (revoked, or an unusable CRL, fails the case); one whose
 * issuer published none is not checked.
 */
function caseRevocation(crls: readonly CertificateRevocationList[]): RevocationChecker {
  const checker = createCrlChecker({ crls, fetcher: false });
  return {
    check(cert, issuer, context) {
      const covered = crls.some((c) => {
        try {
          return c.issuer.equals(cert.issuer);
        } catch {
          return false;
        }
      });
      return covered ? checker.check(cert, issuer, context) : { status: 'good', source: 'crl' };
    },
  };
}

function purposeFor(tc: LimboTestcase): 'server' | 'client' | 'email' | 'any' {
  const eku = tc.extended_key_usage ?? [];
  const kind = tc.validation_kind === 'CLIENT' ? 'client' : 'server';
  if (eku.length === 0 || eku.includes(`${kind}Auth`)) return kind;
  if (eku.includes('serverAuth')) return 'server';
  if (eku.includes('clientAuth')) return 'client';
  if (eku.includes('emailProtection')) return 'email';
  return 'any';
}

/** The options of every `verifyChain` call for a testcase, or a reason to skip it. */
export function optionsFor(tc: LimboTestcase, inputs: LimboInputs): VerifyChainOptions[] | string {
  const ku = (tc.key_usage ?? []).map((k) => (k === 'contentCommitment' ? 'nonRepudiation' : k));
  for (const k of ku) if (!KU_NAMES.has(k)) return `unknown key usage ${k}`;
  for (const e of tc.extended_key_usage ?? []) if (!EKU_OIDS[e]) return `unknown extended key usage ${e}`;
  for (const a of tc.signature_algorithms ?? [])
    if (!SIGNATURE_ALGORITHMS[a]) return `unknown signature algorithm ${a}`;
  const base: VerifyChainOptions = {
    trust: inputs.trust,
    intermediates: inputs.intermediates,
    at: tc.validation_time ? new Date(tc.validation_time) : new Date(),
    purpose: purposeFor(tc),
    profile: profileFor(tc),
    pedantic: pedanticFor(tc),
    requiredKeyUsage: ku as KeyUsageName[],
    ...(tc.max_chain_depth !== null && tc.max_chain_depth !== undefined
      ? { maxDepth: tc.max_chain_depth }
      : {}),
    ...(inputs.crls.length > 0
      ? { revocation: caseRevocation(inputs.crls), revocationPolicy: 'hard-fail' as const }
      : {}),
  };
  const names: LimboPeerName[] = [];
  if (tc.expected_peer_name) names.push(tc.expected_peer_name);
  if (tc.validation_kind === 'CLIENT') names.push(...(tc.expected_peer_names ?? []));
  if (names.length === 0) return [base];
  return names.map((n): VerifyChainOptions => {
    if (n.kind === 'DNS') return { ...base, hostname: n.value };
    if (n.kind === 'IP') return { ...base, ip: n.value };
    return { ...base, email: n.value };
  });
}

/**
 * Constraints of the testcase that certkit has no option for, checked on a validated path: every
 * signature relied on (all but the anchor's) uses an algorithm of `signature_algorithms`; an extended
 * key usage other than serverAuth / clientAuth is allowed by the leaf (present, or anyExtendedKeyUsage,
 * or no EKU extension: RFC 5280 4.2.1.12). Returns why the path does not meet them, or undefined.
 */
export function extraConstraintProblem(tc: LimboTestcase, result: ChainResult): string | undefined {
  const algs = tc.signature_algorithms ?? [];
  if (algs.length > 0) {
    const allowed = new Set(algs.map((a) => SIGNATURE_ALGORITHMS[a]));
    for (const [i, cert] of result.chain.slice(0, -1).entries())
      if (!allowed.has(cert.signatureAlgorithm.oid))
        return `signature_algorithms: depth ${i} is signed with ${cert.signatureAlgorithm.name}`;
  }
  const leafEku = result.chain[0]?.extendedKeyUsage?.oids;
  const email = purposeFor(tc) === 'email'; // then certkit checked emailProtection itself
  for (const name of tc.extended_key_usage ?? []) {
    const checked = name === 'serverAuth' || name === 'clientAuth' || (name === 'emailProtection' && email);
    if (checked || leafEku === undefined) continue;
    if (!leafEku.includes(EKU_OIDS[name]!) && !leafEku.includes(ExtendedKeyUsageOid.anyExtendedKeyUsage))
      return `extended_key_usage: the leaf does not allow ${name}`;
  }
  return undefined;
}
