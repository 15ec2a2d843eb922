import { buildChain } from '../../chain/build-chain.js';
import type { ChainProfile } from '../../chain/options.js';
import { summariseProblems } from '../../chain/problem.js';
import { ExtendedKeyUsageOid } from '../../internal/oids.js';
import { keyMatchesCertificate } from '../../keys/key-match.js';
import type { Certificate } from '../../x509/certificate.js';
import { extendedKeyUsageName } from '../../x509/extensions/extended-key-usage.js';
import type { KeystoreEntry } from '../keystore-entry.js';
import { subjectOf } from '../store-finding.js';
import type { Truststore } from '../truststore.js';
import { rotationFinding as f, type RotationFinding, safe } from './rotation-finding.js';

const DAY_MS = 86_400_000;

/** @internal The EKU OIDs of a certificate, undefined without the extension (or when unreadable). */
export function ekuOids(cert: Certificate): readonly string[] | undefined {
  return safe(() => cert.extendedKeyUsage?.oids, undefined);
}

/** @internal A readable EKU name. */
export function ekuLabel(oid: string): string {
  return safe(() => extendedKeyUsageName(oid), undefined) ?? oid;
}

/** @internal Check "key match": the entry's private key belongs to its certificate. */
export function keyMatches(entry: KeystoreEntry): RotationFinding[] {
  const match = keyMatchesCertificate(entry.privateKey, entry.leaf);
  if (match.matches) return [];
  return [
    f(
      'ERR_ROTATION_KEY_MISMATCH',
      'blocking',
      `The private key of "${entry.alias}" does not belong to its certificate (${match.reason}).`,
      {
        depth: 0,
        cert: entry.leaf,
        details: {
          reason: match.reason,
          keyPublicKeySha256: match.keyPublicKeySha256,
          certificatePublicKeySha256: match.certificatePublicKeySha256,
        },
      },
    ),
  ];
}

/** @internal Check "validity": not expired, not yet valid (blocking), or expiring within `days` (a warning). */
export function leafCurrent(leaf: Certificate, at: Date, days: number): RotationFinding[] {
  const status = leaf.status({ at, expiringWithinDays: days });
  if (status.status === 'expired') {
    return [
      f(
        'ERR_ROTATION_EXPIRED',
        'blocking',
        `The candidate certificate expired on ${leaf.notAfter.toISOString()}.`,
        {
          depth: 0,
          cert: leaf,
          details: { notAfter: leaf.notAfter.toISOString(), at: at.toISOString() },
        },
      ),
    ];
  }
  if (status.status === 'not-yet-valid') {
    return [
      f(
        'ERR_ROTATION_NOT_YET_VALID',
        'blocking',
        `The candidate certificate is not valid before ${leaf.notBefore.toISOString()}.`,
        { depth: 0, cert: leaf, details: { notBefore: leaf.notBefore.toISOString(), at: at.toISOString() } },
      ),
    ];
  }
  if (status.status === 'expiring') {
    return [
      f(
        'ERR_ROTATION_EXPIRING',
        'warning',
        `The candidate certificate expires in ${status.daysRemaining} day(s), within ${days}.`,
        {
          depth: 0,
          cert: leaf,
          details: {
            notAfter: leaf.notAfter.toISOString(),
            daysRemaining: status.daysRemaining,
            expiringWithinDays: days,
          },
        },
      ),
    ];
  }
  return [];
}

/**
 * @internal Check "trust": the candidate chain validates to a root of the profile's truststore
 * (`ERR_ROTATION_UNTRUSTED`), or a warning that it could not be checked. Answers the anchor reached.
 */
export function chainTrusted(
  entry: KeystoreEntry,
  trustStore: Truststore | undefined,
  at: Date,
  profile: ChainProfile,
): { findings: RotationFinding[]; anchor?: Certificate } {
  if (trustStore === undefined) {
    return {
      findings: [
        f(
          'ERR_ROTATION_TRUST_NOT_CHECKED',
          'warning',
          'No truststore is known for this profile: the chain was not validated.',
        ),
      ],
    };
  }
  const result = buildChain(entry.leaf, {
    intermediates: entry.chain.slice(1),
    trust: trustStore.anchors,
    at,
    purpose: 'any',
    profile,
  });
  const anchor = result.anchor === undefined ? {} : { anchor: result.anchor };
  const problems = result.problems.filter(
    (p) => !(p.depth === 0 && (p.code === 'ERR_CHAIN_EXPIRED' || p.code === 'ERR_CHAIN_NOT_YET_VALID')),
  );
  if (problems.length === 0) return { findings: [], ...anchor };
  return {
    findings: [
      f(
        'ERR_ROTATION_UNTRUSTED',
        'blocking',
        `The candidate chain does not validate to a root of the truststore: ${problems[0]!.code}: ${problems[0]!.message}.`,
        { depth: 0, cert: entry.leaf, details: { problems: summariseProblems(problems) } },
      ),
    ],
    ...anchor,
  };
}

/** @internal Check "intermediates outlive the leaf": each CA above it (and the anchor) ends after it (warnings). */
export function intermediatesOutliveLeaf(
  entry: KeystoreEntry,
  anchor: Certificate | undefined,
): RotationFinding[] {
  const leaf = entry.leaf;
  const above = [...entry.chain.slice(1)];
  if (anchor !== undefined && !above.some((c) => c.sha256Fingerprint === anchor.sha256Fingerprint))
    above.push(anchor);
  const findings: RotationFinding[] = [];
  above.forEach((c, i) => {
    if (c.notAfter.getTime() >= leaf.notAfter.getTime()) return;
    findings.push(
      f(
        'ERR_ROTATION_INTERMEDIATE_EXPIRES_FIRST',
        'warning',
        `"${subjectOf(c) ?? '?'}" expires on ${c.notAfter.toISOString()}, before the leaf (${leaf.notAfter.toISOString()}).`,
        {
          depth: i + 1,
          cert: c,
          details: {
            notAfter: c.notAfter.toISOString(),
            leafNotAfter: leaf.notAfter.toISOString(),
            daysBeforeLeaf: Math.floor((leaf.notAfter.getTime() - c.notAfter.getTime()) / DAY_MS),
          },
        },
      ),
    );
  });
  return findings;
}

/**
 * @internal Check "purpose for the role": clientAuth for an mTLS client store (a warning without any
 * EKU), serverAuth for a server store when the certificate restricts its EKU.
 */
export function purposeForRole(leaf: Certificate, role: 'server' | 'client'): RotationFinding[] {
  const eku = ekuOids(leaf);
  const anyEku = eku?.includes(ExtendedKeyUsageOid.anyExtendedKeyUsage) ?? false;
  if (role === 'client') {
    if (eku === undefined) {
      return [
        f(
          'ERR_ROTATION_CLIENT_AUTH_MISSING',
          'warning',
          'The candidate certificate has no extendedKeyUsage; stricter servers want clientAuth for mTLS.',
          { depth: 0, cert: leaf },
        ),
      ];
    }
    if (anyEku || eku.includes(ExtendedKeyUsageOid.clientAuth)) return [];
    return [
      f(
        'ERR_ROTATION_CLIENT_AUTH_MISSING',
        'blocking',
        'The candidate is used for client authentication but its extendedKeyUsage lacks clientAuth.',
        { depth: 0, cert: leaf, details: { extendedKeyUsage: eku.map(ekuLabel) } },
      ),
    ];
  }
  if (eku === undefined || anyEku || eku.includes(ExtendedKeyUsageOid.serverAuth)) return [];
  return [
    f(
      'ERR_ROTATION_SERVER_AUTH_MISSING',
      'blocking',
      'The candidate is used by a TLS server but its extendedKeyUsage lacks serverAuth.',
      { depth: 0, cert: leaf, details: { extendedKeyUsage: eku.map(ekuLabel) } },
    ),
  ];
}
