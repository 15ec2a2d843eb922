import type { ChainProfile } from '../chain/options.js';
import { DEFAULT_EXPIRING_WITHIN_DAYS } from '../x509/certificate-status.js';
import type { Keystore } from './keystore.js';
import type { KeystoreEntry } from './keystore-entry.js';
import {
  chainTrusted,
  intermediatesOutliveLeaf,
  keyMatches,
  leafCurrent,
  purposeForRole,
} from './rotation-checks/candidate-checks.js';
import {
  anchorsKept,
  ekuKept,
  keyUsageKept,
  namesKept,
  strengthKept,
} from './rotation-checks/kept-checks.js';
import { rotationFinding as f, type RotationFinding } from './rotation-checks/rotation-finding.js';
import { hasBlocking } from './store-finding.js';
import type { Truststore } from './truststore.js';

export type { RotationFinding, RotationFindingCode } from './rotation-checks/rotation-finding.js';

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

/** Check "alias chosen": the key alias exists in the candidate, or is the only entry. */
function aliasChosen(
  candidate: Keystore,
  alias: string | undefined,
): { entry?: KeystoreEntry; findings: RotationFinding[] } {
  const picked = pickEntry(candidate, alias);
  if (picked.entry !== undefined) return { entry: picked.entry, findings: [] };
  if (picked.problem === 'ambiguous') {
    return {
      findings: [
        f(
          'ERR_ROTATION_ALIAS_AMBIGUOUS',
          'blocking',
          'No key alias was given and the candidate keystore holds several entries.',
          {
            details: { aliases: candidate.aliases },
          },
        ),
      ],
    };
  }
  return {
    findings: [
      f(
        'ERR_ROTATION_ALIAS_MISSING',
        'blocking',
        alias === undefined
          ? 'The candidate keystore holds no key entry.'
          : `The candidate keystore has no entry "${alias}".`,
        { details: { alias, aliases: candidate.aliases } },
      ),
    ],
  };
}

function checkedOptions(options: KeystoreRotationOptions): { at: Date; role: StoreRole; days: number } {
  const at = options.at ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new TypeError('at must be a valid Date');
  const role = options.role ?? 'server';
  if (role !== 'server' && role !== 'client') throw new TypeError(`role must be 'server' or 'client'`);
  const days = options.expiringWithinDays ?? DEFAULT_EXPIRING_WITHIN_DAYS;
  if (typeof days !== 'number' || !(days >= 0))
    throw new TypeError('expiringWithinDays must be a number ≥ 0');
  return { at, role, days };
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
  const { at, role, days } = checkedOptions(options);
  const chosen = aliasChosen(candidate, options.keyAlias);
  const findings = [...chosen.findings];
  const report = (keyAlias: string | undefined): RotationReport => ({
    ok: !hasBlocking(findings),
    kind: 'keystore',
    findings,
    ...(keyAlias === undefined ? {} : { keyAlias }),
    at,
  });
  const entry = chosen.entry;
  if (entry === undefined) return report(options.keyAlias);
  const leaf = entry.leaf;
  const trust = chainTrusted(entry, options.trustStore, at, options.chainProfile ?? 'rfc5280');
  findings.push(
    ...keyMatches(entry),
    ...leafCurrent(leaf, at, days),
    ...trust.findings,
    ...intermediatesOutliveLeaf(entry, trust.anchor),
    ...purposeForRole(leaf, role),
  );
  const before =
    current === undefined ? undefined : pickEntry(current, options.keyAlias ?? entry.alias).entry?.leaf;
  if (before !== undefined) {
    findings.push(
      ...namesKept(before, leaf),
      ...strengthKept(before, leaf),
      ...keyUsageKept(before, leaf),
      ...ekuKept(before, leaf),
    );
  }
  return report(entry.alias);
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
  const findings = anchorsKept(current, candidate);
  return { ok: !hasBlocking(findings), kind: 'truststore', findings, at: options.at ?? new Date() };
}
