import { buildChain } from '../chain/build-chain.js';
import { matchesHostname, matchesIpAddress } from '../chain/hostname.js';
import type { ChainProfile } from '../chain/options.js';
import { summariseProblems } from '../chain/problem.js';
import { ExtendedKeyUsageOid } from '../internal/oids.js';
import { keyMatchesCertificate } from '../keys/key-match.js';
import type { Certificate } from '../x509/certificate.js';
import { DEFAULT_EXPIRING_WITHIN_DAYS } from '../x509/certificate-status.js';
import { extendedKeyUsageName } from '../x509/extensions/extended-key-usage.js';
import { isDowngrade, keyStrength } from './key-strength.js';
import type { Keystore } from './keystore.js';
import type { KeystoreEntry } from './keystore-entry.js';
import {
  type FindingSeverity,
  hasBlocking,
  makeFinding,
  type StoreFinding,
  subjectOf,
} from './store-finding.js';
import type { Truststore } from './truststore.js';

/**
 * The codes a rotation check may report.
 *
 * @example
 * ```ts
 * import type { RotationFindingCode } from 'certkit/stores';
 * const code: RotationFindingCode = 'ERR_ROTATION_HOSTNAME_DROPPED';
 * ```
 * @see RFC 5280 section 6.1
 */
export type RotationFindingCode =
  | 'ERR_ROTATION_ALIAS_MISSING'
  | 'ERR_ROTATION_ALIAS_AMBIGUOUS'
  | 'ERR_ROTATION_KEY_MISMATCH'
  | 'ERR_ROTATION_UNTRUSTED'
  | 'ERR_ROTATION_TRUST_NOT_CHECKED'
  | 'ERR_ROTATION_HOSTNAME_DROPPED'
  | 'ERR_ROTATION_KEY_DOWNGRADE'
  | 'ERR_ROTATION_KEY_USAGE_LOST'
  | 'ERR_ROTATION_EKU_LOST'
  | 'ERR_ROTATION_CLIENT_AUTH_MISSING'
  | 'ERR_ROTATION_SERVER_AUTH_MISSING'
  | 'ERR_ROTATION_INTERMEDIATE_EXPIRES_FIRST'
  | 'ERR_ROTATION_EXPIRED'
  | 'ERR_ROTATION_NOT_YET_VALID'
  | 'ERR_ROTATION_EXPIRING'
  | 'ERR_ROTATION_ANCHOR_REMOVED';

/**
 * One finding of a rotation check.
 *
 * @example
 * ```ts
 * import type { RotationFinding } from 'certkit/stores';
 * const blocking: RotationFinding[] = report.findings.filter((f) => f.severity === 'blocking');
 * ```
 * @see RFC 5280 section 6.1
 */
export type RotationFinding = StoreFinding<RotationFindingCode>;

/**
 * How a TLS profile uses a keystore: as a server's certificate, or as a client certificate in mTLS.
 *
 * @example
 * ```ts
 * import type { StoreRole } from 'certkit/stores';
 * const role: StoreRole = 'client'; // the keystore holds an mTLS client certificate
 * ```
 * @see RFC 5280 section 4.2.1.12
 */
export type StoreRole = 'server' | 'client';

/**
 * Options of {@link checkKeystoreRotation}.
 *
 * @example
 * ```ts
 * import { checkKeystoreRotation, type KeystoreRotationOptions } from 'certkit/stores';
 * const options: KeystoreRotationOptions = { role: 'server', keyAlias: 'api', trustStore, expiringWithinDays: 45 };
 * checkKeystoreRotation(current, candidate, options);
 * ```
 * @see RFC 5280 section 6.1
 */
export interface KeystoreRotationOptions {
  /** `server`: the certificate a TLS server presents (needs serverAuth when it has an EKU); `client`: mTLS client authentication (needs clientAuth). Default `'server'`. */
  readonly role?: StoreRole;
  /** The key alias the TLS profile uses. Default: the only entry of the keystore. */
  readonly keyAlias?: string;
  /** The truststore the TLS profile uses: the candidate's chain must validate to one of its roots. Default none (a warning says the chain was not checked). */
  readonly trustStore?: Truststore;
  /** The time of the check. Default now. */
  readonly at?: Date;
  /** A certificate ending within this many days is `ERR_ROTATION_EXPIRING` (a warning). Default 30. */
  readonly expiringWithinDays?: number;
  /** The chain validation rules for the trust check. Default `'rfc5280'`. */
  readonly chainProfile?: ChainProfile;
}

/**
 * What a rotation check found: `ok` when no finding is blocking.
 *
 * @example
 * ```ts
 * import type { RotationReport } from 'certkit/stores';
 * const report: RotationReport = registry.checkRotation('ref://api-keystore', 'api-2026', { role: 'server' });
 * for (const f of report.findings) console.log(f.severity, f.code, f.message);
 * ```
 * @see RFC 5280 section 6.1
 */
export interface RotationReport {
  readonly ok: boolean;
  readonly kind: 'keystore' | 'truststore';
  /** Every finding, blocking and warning. */
  readonly findings: readonly RotationFinding[];
  /** The key alias checked (keystores), when it could be chosen. */
  readonly keyAlias?: string;
  /** The reference checked (set by `StoreRegistry.checkRotation`). */
  readonly reference?: string;
  /** The store the reference points at now. */
  readonly from?: string;
  /** The candidate store. */
  readonly to?: string;
  /** The time of the check. */
  readonly at: Date;
}

const DAY_MS = 86_400_000;

function f(
  code: RotationFindingCode,
  severity: FindingSeverity,
  message: string,
  extra: { depth?: number; cert?: Certificate; details?: Record<string, unknown> } = {},
): RotationFinding {
  return makeFinding(code, severity, message, extra);
}

function pickEntry(
  ks: Keystore,
  alias: string | undefined,
): { entry?: KeystoreEntry; problem?: 'missing' | 'ambiguous' } {
  if (alias !== undefined) {
    const entry = ks.get(alias);
    return entry === undefined ? { problem: 'missing' } : { entry };
  }
  const all = ks.entries();
  if (all.length === 1) return { entry: all[0]! };
  return { problem: all.length === 0 ? 'missing' : 'ambiguous' };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** The DNS names and IP addresses a certificate is valid for (SANs; the CN only when there is no SAN). */
function namesOf(cert: Certificate): { dns: string[]; ip: string[] } {
  const sans = safe(() => cert.subjectAltNames, []);
  const dns = sans.filter((n) => n.type === 'dns').map((n) => String(n.value).toLowerCase());
  const ip = sans.filter((n) => n.type === 'ip').map((n) => String(n.value));
  if (sans.length === 0) {
    for (const cn of safe(() => cert.subject.get('CN'), [] as string[])) {
      if (/^[*a-z0-9.-]+$/i.test(cn) && cn.includes('.')) dns.push(cn.toLowerCase());
    }
  }
  return { dns, ip };
}

function covers(next: Certificate, name: string, nextNames: { dns: string[] }): boolean {
  if (name.startsWith('*.')) return nextNames.dns.includes(name);
  return safe(() => matchesHostname(next, name, { allowCommonNameFallback: true }), false);
}

function ekuOids(cert: Certificate): readonly string[] | undefined {
  return safe(() => cert.extendedKeyUsage?.oids, undefined);
}

function ekuLabel(oid: string): string {
  return safe(() => extendedKeyUsageName(oid), undefined) ?? oid;
}

/** Key usage bits that only make sense for some key types: not "lost" when the new key cannot use them. */
function applicable(bit: string, algorithm: string): boolean {
  const rsa = algorithm === 'rsa' || algorithm === 'rsa-pss';
  if (bit === 'keyEncipherment' || bit === 'dataEncipherment') return rsa;
  if (bit === 'keyAgreement' || bit === 'encipherOnly' || bit === 'decipherOnly') return !rsa;
  return true;
}

/**
 * Whether `candidate` will work where `current` works, for a keystore used by a TLS profile. Each
 * finding has its own code: the alias exists (`ERR_ROTATION_ALIAS_MISSING` / `_AMBIGUOUS`), the key
 * matches the certificate, the chain validates to a root of `trustStore` (`ERR_ROTATION_UNTRUSTED`),
 * every DNS/IP name of the current certificate is still covered (`ERR_ROTATION_HOSTNAME_DROPPED`),
 * the key does not get weaker (`ERR_ROTATION_KEY_DOWNGRADE`: RSA 3072 → 2048, P-384 → P-256; RSA 3072
 * → P-256 is equal strength and fine), no key usage or EKU is lost, clientAuth for `role: 'client'`,
 * serverAuth for `role: 'server'`, intermediates do not expire before the leaf, and the leaf is not
 * expired, not yet valid, or expiring within `expiringWithinDays`. With no current keystore (a first
 * deployment) only the candidate's own checks run.
 *
 * @throws TypeError on a wrong argument type.
 * @example
 * ```ts
 * import { checkKeystoreRotation } from 'certkit/stores';
 * const report = checkKeystoreRotation(current, candidate, { role: 'client', trustStore, keyAlias: 'mtls' });
 * if (!report.ok) throw new Error(report.findings.map((x) => x.code).join(', '));
 * ```
 * @see RFC 5280 sections 4.2.1.3, 4.2.1.6, 4.2.1.12 and 6.1; NIST SP 800-57 part 1 section 5.6.1
 */
export function checkKeystoreRotation(
  current: Keystore | undefined,
  candidate: Keystore,
  options: KeystoreRotationOptions = {},
): RotationReport {
  const at = options.at ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new TypeError('at must be a valid Date');
  const role = options.role ?? 'server';
  if (role !== 'server' && role !== 'client') throw new TypeError(`role must be 'server' or 'client'`);
  const days = options.expiringWithinDays ?? DEFAULT_EXPIRING_WITHIN_DAYS;
  if (typeof days !== 'number' || !(days >= 0))
    throw new TypeError('expiringWithinDays must be a number ≥ 0');
  const findings: RotationFinding[] = [];
  const done = (keyAlias?: string): RotationReport => ({
    ok: !hasBlocking(findings),
    kind: 'keystore',
    findings,
    ...(keyAlias === undefined ? {} : { keyAlias }),
    at,
  });

  const picked = pickEntry(candidate, options.keyAlias);
  if (picked.entry === undefined) {
    if (picked.problem === 'ambiguous') {
      findings.push(
        f(
          'ERR_ROTATION_ALIAS_AMBIGUOUS',
          'blocking',
          'No key alias was given and the candidate keystore holds several entries.',
          {
            details: { aliases: candidate.aliases },
          },
        ),
      );
    } else {
      findings.push(
        f(
          'ERR_ROTATION_ALIAS_MISSING',
          'blocking',
          options.keyAlias === undefined
            ? 'The candidate keystore holds no key entry.'
            : `The candidate keystore has no entry "${options.keyAlias}".`,
          { details: { alias: options.keyAlias, aliases: candidate.aliases } },
        ),
      );
    }
    return done(options.keyAlias);
  }
  const entry = picked.entry;
  const leaf = entry.leaf;
  const old = current === undefined ? undefined : pickEntry(current, options.keyAlias ?? entry.alias).entry;
  const oldLeaf = old?.leaf;

  // The entry itself.
  const match = keyMatchesCertificate(entry.privateKey, leaf);
  if (!match.matches) {
    findings.push(
      f(
        'ERR_ROTATION_KEY_MISMATCH',
        'blocking',
        `The private key of "${entry.alias}" does not belong to its certificate (${match.reason}).`,
        {
          depth: 0,
          cert: leaf,
          details: {
            reason: match.reason,
            keyPublicKeySha256: match.keyPublicKeySha256,
            certificatePublicKeySha256: match.certificatePublicKeySha256,
          },
        },
      ),
    );
  }

  // Validity.
  const status = leaf.status({ at, expiringWithinDays: days });
  if (status.status === 'expired') {
    findings.push(
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
    );
  } else if (status.status === 'not-yet-valid') {
    findings.push(
      f(
        'ERR_ROTATION_NOT_YET_VALID',
        'blocking',
        `The candidate certificate is not valid before ${leaf.notBefore.toISOString()}.`,
        {
          depth: 0,
          cert: leaf,
          details: { notBefore: leaf.notBefore.toISOString(), at: at.toISOString() },
        },
      ),
    );
  } else if (status.status === 'expiring') {
    findings.push(
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
    );
  }

  // Trust.
  let anchor: Certificate | undefined;
  if (options.trustStore === undefined) {
    findings.push(
      f(
        'ERR_ROTATION_TRUST_NOT_CHECKED',
        'warning',
        'No truststore is known for this profile: the chain was not validated.',
      ),
    );
  } else {
    const result = buildChain(leaf, {
      intermediates: entry.chain.slice(1),
      trust: options.trustStore.anchors,
      at,
      purpose: 'any',
      profile: options.chainProfile ?? 'rfc5280',
    });
    anchor = result.anchor;
    const problems = result.problems.filter(
      (p) => !(p.depth === 0 && (p.code === 'ERR_CHAIN_EXPIRED' || p.code === 'ERR_CHAIN_NOT_YET_VALID')),
    );
    if (problems.length > 0) {
      findings.push(
        f(
          'ERR_ROTATION_UNTRUSTED',
          'blocking',
          `The candidate chain does not validate to a root of the truststore: ${problems[0]!.code}: ${problems[0]!.message}.`,
          {
            depth: 0,
            cert: leaf,
            details: {
              problems: summariseProblems(problems),
            },
          },
        ),
      );
    }
  }

  // Intermediates (and the anchor reached) expiring before the leaf.
  const above = [...entry.chain.slice(1)];
  if (anchor !== undefined && !above.some((c) => c.sha256Fingerprint === anchor!.sha256Fingerprint))
    above.push(anchor);
  above.forEach((c, i) => {
    if (c.notAfter.getTime() < leaf.notAfter.getTime()) {
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
    }
  });

  // Purpose for the role.
  const eku = ekuOids(leaf);
  const anyEku = eku?.includes(ExtendedKeyUsageOid.anyExtendedKeyUsage) ?? false;
  if (role === 'client') {
    if (eku === undefined) {
      findings.push(
        f(
          'ERR_ROTATION_CLIENT_AUTH_MISSING',
          'warning',
          'The candidate certificate has no extendedKeyUsage; stricter servers want clientAuth for mTLS.',
          {
            depth: 0,
            cert: leaf,
          },
        ),
      );
    } else if (!anyEku && !eku.includes(ExtendedKeyUsageOid.clientAuth)) {
      findings.push(
        f(
          'ERR_ROTATION_CLIENT_AUTH_MISSING',
          'blocking',
          'The candidate is used for client authentication but its extendedKeyUsage lacks clientAuth.',
          {
            depth: 0,
            cert: leaf,
            details: { extendedKeyUsage: eku.map(ekuLabel) },
          },
        ),
      );
    }
  } else if (eku !== undefined && !anyEku && !eku.includes(ExtendedKeyUsageOid.serverAuth)) {
    findings.push(
      f(
        'ERR_ROTATION_SERVER_AUTH_MISSING',
        'blocking',
        'The candidate is used by a TLS server but its extendedKeyUsage lacks serverAuth.',
        {
          depth: 0,
          cert: leaf,
          details: { extendedKeyUsage: eku.map(ekuLabel) },
        },
      ),
    );
  }

  if (oldLeaf === undefined || old === undefined) return done(entry.alias);

  // Compared with the current certificate.
  const before = namesOf(oldLeaf);
  const afterNames = namesOf(leaf);
  const dropped = [
    ...before.dns.filter((n) => !covers(leaf, n, afterNames)),
    ...before.ip.filter((ip) => !safe(() => matchesIpAddress(leaf, ip), false)),
  ];
  if (dropped.length > 0) {
    findings.push(
      f(
        'ERR_ROTATION_HOSTNAME_DROPPED',
        'blocking',
        `The candidate certificate does not cover ${dropped.join(', ')}, which the current one does.`,
        {
          depth: 0,
          cert: leaf,
          details: {
            dropped,
            before: [...before.dns, ...before.ip],
            after: [...afterNames.dns, ...afterNames.ip],
          },
        },
      ),
    );
  }

  const was = keyStrength(oldLeaf.publicKey);
  const now = keyStrength(leaf.publicKey);
  if (isDowngrade(was, now)) {
    findings.push(
      f(
        'ERR_ROTATION_KEY_DOWNGRADE',
        'blocking',
        `The key drops from ${was.label} (${was.securityBits}-bit strength) to ${now.label} (${now.securityBits}-bit).`,
        {
          depth: 0,
          cert: leaf,
          details: { before: was, after: now },
        },
      ),
    );
  }

  const oldKu = safe(() => oldLeaf.keyUsage, undefined);
  const newKu = safe(() => leaf.keyUsage, undefined);
  if (oldKu !== undefined && newKu !== undefined) {
    const lost = oldKu.names.filter((n) => !newKu.names.includes(n) && applicable(n, now.algorithm));
    if (lost.length > 0) {
      findings.push(
        f(
          'ERR_ROTATION_KEY_USAGE_LOST',
          'blocking',
          `The candidate certificate lacks key usage ${lost.join(', ')}.`,
          {
            depth: 0,
            cert: leaf,
            details: { lost, before: oldKu.names, after: newKu.names },
          },
        ),
      );
    }
  }

  const oldEku = ekuOids(oldLeaf);
  if (eku !== undefined && !anyEku) {
    if (oldEku === undefined) {
      findings.push(
        f(
          'ERR_ROTATION_EKU_LOST',
          'warning',
          'The current certificate has no EKU (any purpose); the candidate restricts it.',
          {
            depth: 0,
            cert: leaf,
            details: { lost: ['(unrestricted)'], after: eku.map(ekuLabel) },
          },
        ),
      );
    } else {
      const lost = oldEku.filter((o) => !eku.includes(o));
      if (lost.length > 0) {
        findings.push(
          f(
            'ERR_ROTATION_EKU_LOST',
            'blocking',
            `The candidate certificate lacks extended key usage ${lost.map(ekuLabel).join(', ')}.`,
            {
              depth: 0,
              cert: leaf,
              details: { lost: lost.map(ekuLabel), before: oldEku.map(ekuLabel), after: eku.map(ekuLabel) },
            },
          ),
        );
      }
    }
  }
  return done(entry.alias);
}

/**
 * Whether `candidate` can replace `current` as a truststore: every certificate the current one trusts
 * and the candidate does not is `ERR_ROTATION_ANCHOR_REMOVED`, blocking (peers whose chains end there
 * will be refused, so `repoint` needs `force`).
 *
 * @example
 * ```ts
 * import { checkTruststoreRotation } from 'certkit/stores';
 * const report = checkTruststoreRotation(currentTrust, candidateTrust);
 * ```
 * @see RFC 5280 section 6.1.1
 */
export function checkTruststoreRotation(
  current: Truststore | undefined,
  candidate: Truststore,
  options: { readonly at?: Date } = {},
): RotationReport {
  const at = options.at ?? new Date();
  const findings: RotationFinding[] = [];
  for (const e of current?.entries() ?? []) {
    if (!candidate.contains(e.certificate)) {
      findings.push(
        f(
          'ERR_ROTATION_ANCHOR_REMOVED',
          'blocking',
          `The candidate truststore no longer trusts "${subjectOf(e.certificate) ?? e.alias}": peers whose chains end there will be refused.`,
          {
            cert: e.certificate,
            details: { alias: e.alias, sha256Fingerprint: e.certificate.sha256Fingerprint },
          },
        ),
      );
    }
  }
  return { ok: !hasBlocking(findings), kind: 'truststore', findings, at };
}
