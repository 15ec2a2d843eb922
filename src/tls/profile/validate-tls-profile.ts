import type { TlsErrorCode } from '../../errors/catalogue/index.js';
import { isCertkitError, TlsError } from '../../errors/index.js';
import type { Keystore, StoreRegistry, Truststore } from '../../stores/index.js';
import type { TlsProfile } from './tls-profile.js';

/** Which end of the connection a profile configures. */
export type TlsRole = 'client' | 'server';

/** One thing {@link validateTlsProfile} found. */
export interface TlsProfileFinding {
  /** Stable code (see `docs/errors.md`). */
  readonly code: TlsErrorCode;
  /** `error` makes the profile unusable; `warning` is reported and the profile works. */
  readonly severity: 'error' | 'warning';
  /** The profile field concerned. */
  readonly field: keyof TlsProfile;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What {@link validateTlsProfile} says. */
export interface TlsProfileReport {
  /** No finding of severity `error`. */
  readonly ok: boolean;
  readonly findings: readonly TlsProfileFinding[];
}

/** Options of {@link validateTlsProfile}. */
export interface ValidateTlsProfileOptions {
  /** The end the profile configures. */
  readonly role: TlsRole;
  /**
   * Resolves `{variable}` store names. Without it a variable store is not checked (it is only known
   * per request).
   */
  readonly resolveVariable?: (variable: string) => string | undefined;
}

const LEGACY = new Set(['TLSv1', 'TLSv1.1']);

function isVariable(spec: string): boolean {
  return /^\{.*\}$/.test(spec.trim());
}

/**
 * Checks a profile against the rules and the stores it names: client auth without a keystore
 * (client role) or without a truststore (server role), a server without a keystore, an alias missing
 * from the keystore, a store that does not exist, protocol versions below TLS 1.2 unless
 * `allowLegacyProtocols`, and contradictory fields (warnings: `enforce` with `ignoreValidationErrors`,
 * `enabled: false` with other TLS fields; error: `keyAlias` without `keyStore`).
 *
 * @returns every finding; `ok` when none is an error. Use {@link assertTlsProfile} to throw.
 * @throws TypeError for a missing registry or role.
 * @example
 * ```ts
 * import { validateTlsProfile } from 'certkit/tls';
 * const report = validateTlsProfile(profile, registry, { role: 'server' });
 * for (const f of report.findings) console.log(f.severity, f.code, f.message);
 * ```
 * @see RFC 8996 (deprecating TLS 1.0 and 1.1)
 */
export function validateTlsProfile(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: ValidateTlsProfileOptions,
): TlsProfileReport {
  if (typeof profile !== 'object' || profile === null) throw new TypeError('profile must be a TlsProfile');
  if (typeof registry?.resolve !== 'function') throw new TypeError('registry must be a StoreRegistry');
  if (options?.role !== 'client' && options?.role !== 'server') {
    throw new TypeError("options.role must be 'client' or 'server'");
  }
  const findings: TlsProfileFinding[] = [];
  const add = (f: TlsProfileFinding): void => {
    findings.push(f);
  };
  const { role } = options;

  if (!profile.enabled) {
    const set = (
      [
        'clientAuthEnabled',
        'keyStore',
        'keyAlias',
        'trustStore',
        'enforce',
        'ignoreValidationErrors',
        'protocols',
        'ciphers',
        'serverName',
      ] as const
    ).filter((k) => profile[k] !== undefined && profile[k] !== false);
    if (set.length > 0) {
      add({
        code: 'ERR_TLS_DISABLED_WITH_SETTINGS',
        severity: 'warning',
        field: 'enabled',
        message: `TLS is disabled; ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} not used.`,
        details: { fields: set },
      });
    }
    return { ok: true, findings };
  }

  if (profile.enforce === true && profile.ignoreValidationErrors === true) {
    add({
      code: 'ERR_TLS_IGNORE_IGNORED',
      severity: 'warning',
      field: 'ignoreValidationErrors',
      message: 'enforce is true, so ignoreValidationErrors is ignored: invalid peers fail.',
    });
  }
  const legacy = (profile.protocols ?? []).filter((p) => LEGACY.has(p));
  if (legacy.length > 0 && profile.allowLegacyProtocols !== true) {
    add({
      code: 'ERR_TLS_LEGACY_PROTOCOL',
      severity: 'error',
      field: 'protocols',
      message: `${legacy.join(', ')} ${legacy.length === 1 ? 'is' : 'are'} below TLS 1.2; set allowLegacyProtocols to allow.`,
      details: { protocols: legacy },
    });
  }
  if (profile.keyAlias !== undefined && profile.keyStore === undefined) {
    add({
      code: 'ERR_TLS_ALIAS_WITHOUT_KEYSTORE',
      severity: 'error',
      field: 'keyAlias',
      message: 'keyAlias is set but keyStore is not.',
    });
  }
  if (profile.keyStore === undefined && (role === 'server' || profile.clientAuthEnabled === true)) {
    add({
      code: 'ERR_TLS_NO_KEYSTORE',
      severity: 'error',
      field: 'keyStore',
      message:
        role === 'server'
          ? 'A server profile needs a keystore for its certificate.'
          : 'Client auth is enabled but there is no keystore to present a certificate from.',
    });
  }
  if (role === 'server' && profile.clientAuthEnabled === true && profile.trustStore === undefined) {
    add({
      code: 'ERR_TLS_NO_TRUSTSTORE',
      severity: 'error',
      field: 'trustStore',
      message: 'Client auth is enabled but there is no truststore to verify client certificates against.',
    });
  }

  const resolveOpts =
    options.resolveVariable === undefined ? {} : { resolveVariable: options.resolveVariable };
  const canResolve = (spec: string): boolean => !isVariable(spec) || options.resolveVariable !== undefined;
  if (profile.keyStore !== undefined && canResolve(profile.keyStore)) {
    let ks: Keystore | undefined;
    try {
      ks = registry.resolveKeystore(profile.keyStore, resolveOpts);
    } catch (e) {
      add(storeMissing('keyStore', profile.keyStore, e));
    }
    if (ks !== undefined) {
      const problem = aliasProblem(ks, profile.keyAlias);
      if (problem !== undefined) add(problem);
    }
  }
  if (profile.trustStore !== undefined && canResolve(profile.trustStore)) {
    let ts: Truststore | undefined;
    try {
      ts = registry.resolveTruststore(profile.trustStore, resolveOpts);
    } catch (e) {
      add(storeMissing('trustStore', profile.trustStore, e));
    }
    void ts;
  }
  return { ok: !findings.some((f) => f.severity === 'error'), findings };
}

function storeMissing(field: 'keyStore' | 'trustStore', spec: string, e: unknown): TlsProfileFinding {
  if (!isCertkitError(e)) throw e;
  return {
    code: 'ERR_TLS_STORE_NOT_FOUND',
    severity: 'error',
    field,
    message: `${field} "${spec}" cannot be used: ${e.message}`,
    details: { spec, cause: e.code },
  };
}

function aliasProblem(ks: Keystore, alias: string | undefined): TlsProfileFinding | undefined {
  if (alias === undefined ? ks.size === 1 : ks.has(alias)) return undefined;
  return {
    code: 'ERR_TLS_ALIAS_NOT_FOUND',
    severity: 'error',
    field: 'keyAlias',
    message:
      alias === undefined
        ? `The keystore holds ${ks.size} entries; keyAlias must name one.`
        : `The keystore has no entry "${alias}".`,
    details: { alias: alias ?? null, aliases: ks.aliases },
  };
}

/**
 * Like {@link validateTlsProfile}, but throws when the profile has an error.
 * @returns the warnings.
 * @throws TlsError `ERR_TLS_PROFILE_REJECTED` with `details.findings` and `details.codes`.
 * @example
 * ```ts
 * import { assertTlsProfile } from 'certkit/tls';
 * const warnings = assertTlsProfile(profile, registry, { role: 'client' });
 * ```
 * @see RFC 8996
 */
export function assertTlsProfile(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: ValidateTlsProfileOptions,
): readonly TlsProfileFinding[] {
  const report = validateTlsProfile(profile, registry, options);
  if (!report.ok) {
    const errors = report.findings.filter((f) => f.severity === 'error');
    throw new TlsError(
      'ERR_TLS_PROFILE_REJECTED',
      `The TLS profile (${options.role}) is not usable: ${errors.map((f) => f.message).join(' ')}`,
      { details: { codes: errors.map((f) => f.code), findings: report.findings } },
    );
  }
  return report.findings;
}
