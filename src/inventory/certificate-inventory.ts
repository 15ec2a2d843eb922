import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import type { RevocationChecker } from '../chain/revocation-checker.js';
import { InventoryError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { exportPrivateKey } from '../keys/export-private-key.js';
import { parsePrivateKey } from '../keys/parse-private-key.js';
import type { PrivateKey } from '../keys/private-key.js';
import {
  checkKeyEntryAsync,
  entryRejected,
  type KeyEntryFinding,
  type TrustSource,
} from '../stores/key-entry-checks.js';
import type { Certificate } from '../x509/certificate.js';
import { parseCertificates } from '../x509/parse-certificate.js';
import { type AlertPolicy, checkPolicy, expiringSlot, windowOf } from './alert-schedule.js';
import {
  type CertificateFacts,
  type Consumer,
  factsOf,
  type RecordStatus,
  type RevocationState,
  type StoredRecord,
  type StoredVersion,
  type VersionStatus,
} from './record.js';
import type { Storage } from './storage/storage.js';
import { getJson, getText, isConflict, putText, toBytes, updateJson } from './storage-json.js';

const DAY = 86_400_000;
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/**
 * Options of {@link CertificateInventory}.
 *
 * @example
 * ```ts
 * import { CertificateInventory, type InventoryOptions } from 'certkit/inventory';
 * const options: InventoryOptions = { passphrase: process.env.INVENTORY_PASSPHRASE ?? '', alerts: { leadTimeDays: 30 } };
 * ```
 * @see RFC 5958 section 3
 */
export interface InventoryOptions {
  /** Master passphrase: private keys are stored as encrypted PKCS#8 (PBES2). Never stored or printed. */
  readonly passphrase?: string;
  /** Store keys unencrypted (mode 0600) when there is no passphrase. Default `false`: such keys are refused. */
  readonly allowPlaintextKeys?: boolean;
  /** PBKDF2 iterations for key encryption. Default 600000. */
  readonly keyIterations?: number;
  /** The clock. Default `() => new Date()`. */
  readonly clock?: () => Date;
  /** Storage key prefix. Default `inventory`. */
  readonly prefix?: string;
  /** When `expiring` starts and how often it repeats. */
  readonly alerts?: AlertPolicy;
  /** Revocation checker used on import and for the (at most daily) revocation alerts. Default none. */
  readonly revocation?: RevocationChecker;
  /** Minimum time between two revocation checks of a version, in ms. Default one day. */
  readonly revocationCheckIntervalMs?: number;
  /** Roots and intermediates that may complete chains on import. Default none. */
  readonly trust?: TrustSource;
  /** Allow several environments of the same kind in a project. Default `false`. */
  readonly multipleEnvironmentsPerKind?: boolean;
}

/**
 * What {@link CertificateInventory.import} takes: a certificate (or a bundle, leaf first) and
 * optionally its private key.
 *
 * @example
 * ```ts
 * import type { ImportInput } from 'certkit/inventory';
 * const input: ImportInput = { chain: chainPem, privateKey: keyPem };
 * ```
 * @see RFC 7468
 */
export type ImportInput = (
  | { readonly certificate: Certificate | string | Uint8Array; readonly chain?: undefined }
  | { readonly chain: readonly Certificate[] | string | Uint8Array; readonly certificate?: undefined }
) & {
  /** The private key: PEM / DER, or a `PrivateKey`. */
  readonly privateKey?: PrivateKey | string | Uint8Array;
  /** Password of an encrypted `privateKey`. Used once, never stored. */
  readonly password?: string;
};

/**
 * Options of {@link CertificateInventory.import}.
 *
 * @example
 * ```ts
 * import type { ImportOptions } from 'certkit/inventory';
 * const options: ImportOptions = { newVersion: true, refuseSelfSigned: true };
 * ```
 * @see RFC 5280 section 6.1
 */
export interface ImportOptions {
  /** Add the certificate as the new current version of an existing name. Default `false`. */
  readonly newVersion?: boolean;
  /** Use a name whose record was deleted. Default `false` (`ERR_INVENTORY_DELETED`). */
  readonly reuseDeletedName?: boolean;
  /** Refuse a self-signed leaf (`ERR_KEYSTORE_SELF_SIGNED`). Default `false`. */
  readonly refuseSelfSigned?: boolean;
  /** Trust that may complete the chain; default the inventory's `trust`. */
  readonly trust?: TrustSource;
  /** Accept a chain that does not reach a root. Default `false`. */
  readonly allowIncompleteChain?: boolean;
  /** Revocation checker for this import; default the inventory's. */
  readonly revocation?: RevocationChecker;
}

/**
 * One version of a record as shown to callers.
 *
 * @example
 * ```ts
 * import type { VersionView } from 'certkit/inventory';
 * const line = (v: VersionView) => `${v.version} ${v.status} ${v.daysLeft}`;
 * ```
 * @see RFC 5280 section 4.1
 */
export interface VersionView extends CertificateFacts {
  readonly version: number;
  readonly status: VersionStatus;
  /** Whole days until `notAfter` (negative once expired). */
  readonly daysLeft: number;
  readonly importedAt: string;
  readonly hasKey: boolean;
  readonly keyEncrypted: boolean;
  readonly revocation?: RevocationState;
}

/**
 * A certificate record as shown to callers (JSON-safe; never holds key material).
 *
 * @example
 * ```ts
 * import type { CertificateRecord } from 'certkit/inventory';
 * const show = (r: CertificateRecord) => `${r.name} ${r.status} ${r.current?.notAfter}`;
 * ```
 * @see RFC 5280 section 4.1
 */
export interface CertificateRecord {
  readonly name: string;
  readonly status: RecordStatus;
  /** The current version; absent for a `failed` record. */
  readonly current?: VersionView;
  readonly versions: readonly VersionView[];
  readonly bindings: readonly Consumer[];
  /** Why the last import of this name was refused (for `failed`). */
  readonly failure?: { readonly code: string; readonly message: string; readonly at: string };
}

/**
 * An alert that is due.
 *
 * @example
 * ```ts
 * import type { InventoryAlert } from 'certkit/inventory';
 * const text = (a: InventoryAlert) => `${a.name}: ${a.kind} (${a.daysLeft} days left)`;
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export interface InventoryAlert {
  /** Stable identity: record, version, kind and slot. Each id is sent once. */
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly kind: 'expiring' | 'expired' | 'revoked';
  /** For `expiring`: 0 at the start of the renewal window, then one per interval. */
  readonly slot: number;
  readonly primaryDomain: string;
  readonly sha256Fingerprint: string;
  readonly notAfter: string;
  readonly daysLeft: number;
}

/**
 * An environment's deployment state: `deployed` (the chosen version is deployed), `deploying`, or
 * `needs-deploy` (the chosen version is not the deployed one).
 *
 * @example
 * ```ts
 * import type { DeploymentState } from 'certkit/inventory';
 * const s: DeploymentState = 'needs-deploy';
 * ```
 * @see RFC 8446 section 4.4.2
 */
export type DeploymentState = 'deployed' | 'deploying' | 'needs-deploy';

/**
 * An environment (development, staging, production…) and the certificate version it points at.
 *
 * @example
 * ```ts
 * import type { EnvironmentView } from 'certkit/inventory';
 * const line = (e: EnvironmentView) => `${e.name} ${e.record}@${e.version} ${e.state}`;
 * ```
 * @see RFC 8446 section 4.4.2
 */
export interface EnvironmentView {
  readonly name: string;
  readonly kind: string;
  readonly project: string;
  readonly record?: string;
  readonly version?: number;
  readonly deployedRecord?: string;
  readonly deployedVersion?: number;
  readonly state: DeploymentState;
  /** The status of the chosen version (`obsolete` when an older version is chosen). */
  readonly versionStatus?: VersionStatus;
}

interface StoredEnvironment {
  readonly name: string;
  readonly kind: string;
  readonly project: string;
  readonly record?: string;
  readonly version?: number;
  readonly deployedRecord?: string;
  readonly deployedVersion?: number;
  readonly deploying: boolean;
}

/** A function that delivers an alert (mail, chat, pager). */
export type AlertSender = (alert: InventoryAlert) => void | Promise<void>;

let throwaway: PrivateKey | undefined;
/** A key used only to run the upload checks on key-less imports (its mismatch finding is dropped). */
function throwawayKey(): PrivateKey {
  throwaway ??= parsePrivateKey(
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  return throwaway;
}

function checkName(name: string, what = 'record'): void {
  if (typeof name !== 'string') throw new TypeError(`the ${what} name must be a string`);
  if (!NAME.test(name)) {
    throw new InventoryError('ERR_INVENTORY_INVALID_NAME', `"${name}" is not a valid ${what} name.`, {
      details: { name, what },
    });
  }
}

function notFound(name: string, version?: number): InventoryError {
  return new InventoryError(
    'ERR_INVENTORY_NOT_FOUND',
    version === undefined
      ? `No certificate record is named "${name}".`
      : `The record "${name}" has no version ${version}.`,
    { details: version === undefined ? { name } : { name, version } },
  );
}

function sameConsumer(a: Consumer, b: Consumer): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/**
 * A certificate inventory over a {@link Storage}: records with status, versions, environments,
 * bindings with delete protection, and expiry / revocation alerts sent once even across processes.
 * Every write is a compare-and-swap, so processes sharing a storage never lose an update.
 *
 * @throws InventoryError `ERR_INVENTORY_*`; StoreError `ERR_KEYSTORE_*` when an import is refused.
 * @example
 * ```ts
 * import { CertificateInventory, MemoryStorage } from 'certkit/inventory';
 * const inventory = new CertificateInventory(new MemoryStorage(), { passphrase: 'master secret' });
 * await inventory.import('api', { chain: chainPem, privateKey: keyPem });
 * for (const alert of await inventory.dueAlerts()) console.log(alert.name, alert.kind);
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export class CertificateInventory {
  readonly #storage: Storage;
  readonly #passphrase: string | undefined;
  readonly #options: InventoryOptions;
  readonly #clock: () => Date;
  readonly #p: string;
  readonly #listeners = new Set<(alert: InventoryAlert) => void>();

  constructor(storage: Storage, options: InventoryOptions = {}) {
    if (storage === null || typeof storage !== 'object' || typeof storage.get !== 'function')
      throw new TypeError('storage must implement Storage');
    if (
      options.passphrase !== undefined &&
      (typeof options.passphrase !== 'string' || options.passphrase === '')
    )
      throw new TypeError('passphrase must be a non-empty string');
    checkPolicy(options.alerts ?? {});
    this.#storage = storage;
    this.#passphrase = options.passphrase;
    const { passphrase: _omit, ...rest } = options;
    this.#options = rest;
    this.#clock = options.clock ?? (() => new Date());
    this.#p = options.prefix ?? 'inventory';
  }

  #key(kind: string, ...parts: (string | number)[]): string {
    return [this.#p, kind, ...parts].join('/');
  }

  #now(at?: Date): Date {
    const d = at ?? this.#clock();
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError('at must be a valid Date');
    return d;
  }

  /**
   * Imports a certificate (with chain and optional key) under `name` after the upload checks.
   * A refused import throws the exact code and leaves a `failed` record when the name was free.
   *
   * @throws StoreError `ERR_KEYSTORE_KEY_MISMATCH`, `ERR_KEYSTORE_CHAIN_UNREADABLE` (malformed PEM),
   *   `ERR_KEYSTORE_CERT_EXPIRED`, `ERR_KEYSTORE_CERT_REVOKED`, `ERR_KEYSTORE_KEY_ENCRYPTED`,
   *   `ERR_KEYSTORE_CHAIN_INCOMPLETE`, `ERR_KEYSTORE_SELF_SIGNED`, …
   * @throws InventoryError `ERR_INVENTORY_NAME_EXISTS`, `ERR_INVENTORY_DELETED`,
   *   `ERR_INVENTORY_PLAINTEXT_KEY`, `ERR_INVENTORY_INVALID_NAME`
   * @example
   * ```ts
   * import { CertificateInventory, MemoryStorage } from 'certkit/inventory';
   * const inv = new CertificateInventory(new MemoryStorage(), { passphrase: 's3cret' });
   * const record = await inv.import('api', { chain: pem, privateKey: keyPem }, { trust: [root] });
   * ```
   * @see RFC 5280 section 6.1
   */
  async import(name: string, input: ImportInput, options: ImportOptions = {}): Promise<CertificateRecord> {
    checkName(name);
    if (input === null || typeof input !== 'object') throw new TypeError('input must be an object');
    const source = input.chain ?? input.certificate;
    if (source === undefined) throw new TypeError('input needs certificate or chain');
    const hasKey = input.privateKey !== undefined;
    if (hasKey && this.#passphrase === undefined && this.#options.allowPlaintextKeys !== true) {
      throw new InventoryError(
        'ERR_INVENTORY_PLAINTEXT_KEY',
        `The key of "${name}" would be stored unencrypted: the inventory has no passphrase.`,
        { details: { name } },
      );
    }
    const at = this.#now();
    const existing = await getJson<StoredRecord>(this.#storage, this.#key('records', name));
    if (existing === undefined && options.reuseDeletedName !== true) {
      if ((await this.#storage.get(this.#key('tombstones', name))) !== undefined) {
        throw new InventoryError(
          'ERR_INVENTORY_DELETED',
          `"${name}" belonged to a deleted record; pass reuseDeletedName to use it again.`,
          { details: { name } },
        );
      }
    }
    if (existing !== undefined && existing.value.versions.length > 0 && options.newVersion !== true) {
      throw new InventoryError('ERR_INVENTORY_NAME_EXISTS', `A record named "${name}" already exists.`, {
        details: { name, currentVersion: existing.value.current },
      });
    }

    const chainInput =
      source instanceof Uint8Array || typeof source === 'string'
        ? source
        : Array.isArray(source)
          ? (source as readonly Certificate[])
          : [source as Certificate];
    const trust = options.trust ?? this.#options.trust;
    const revocation = options.revocation ?? this.#options.revocation;
    const checked = await checkKeyEntryAsync(
      {
        privateKey: input.privateKey ?? throwawayKey(),
        chain: chainInput,
        ...(input.password === undefined ? {} : { password: input.password }),
      },
      {
        at,
        ...(trust === undefined ? {} : { trust }),
        ...(revocation === undefined ? {} : { revocation }),
        ...(options.refuseSelfSigned === undefined ? {} : { refuseSelfSigned: options.refuseSelfSigned }),
        ...(options.allowIncompleteChain === undefined
          ? {}
          : { allowIncompleteChain: options.allowIncompleteChain }),
      },
    );
    const findings: KeyEntryFinding[] = hasKey
      ? [...checked.findings]
      : checked.findings.filter((f) => f.code !== 'ERR_KEYSTORE_KEY_MISMATCH');
    if (findings.some((f) => f.severity === 'blocking')) {
      const error = entryRejected(name, findings);
      await this.#recordFailure(name, error.code, error.message, at);
      throw error;
    }

    const leaf = checked.chain[0]!;
    const chainPem = checked.chain.map((c) => c.pem).join('');
    let keyPem: string | undefined;
    if (hasKey && checked.privateKey !== undefined) {
      keyPem =
        this.#passphrase === undefined
          ? exportPrivateKey(checked.privateKey, { format: 'pkcs8-pem' })
          : exportPrivateKey(checked.privateKey, {
              format: 'pkcs8-pem',
              password: this.#passphrase,
              ...(this.#options.keyIterations === undefined
                ? {}
                : { iterations: this.#options.keyIterations }),
            });
    }
    const unknown = findings.find((f) => f.code === 'ERR_KEYSTORE_REVOCATION_UNKNOWN');
    const revocationState: RevocationState | undefined =
      revocation === undefined
        ? undefined
        : unknown === undefined
          ? { status: 'good', checkedAt: at.toISOString() }
          : { status: 'unknown', checkedAt: at.toISOString(), reason: unknown.message };

    // Claim a version number: the certificate key is created with CAS, so two importers never share one.
    let version = 0;
    for (let attempt = 0; ; attempt++) {
      const cur = await getJson<StoredRecord>(this.#storage, this.#key('records', name));
      const max = Math.max(0, ...(cur?.value.versions.map((v) => v.version) ?? []));
      version = Math.max(version + 1, max + 1);
      try {
        await putText(this.#storage, this.#key('certs', name, version), chainPem, { expectedVersion: null });
        break;
      } catch (e) {
        if (!isConflict(e) || attempt > 50) throw e;
      }
    }
    if (keyPem !== undefined) {
      await putText(this.#storage, this.#key('keys', name, version), keyPem, { secret: true });
    }
    const stored: StoredVersion = {
      version,
      facts: factsOf(leaf),
      importedAt: at.toISOString(),
      hasKey: keyPem !== undefined,
      keyEncrypted: keyPem !== undefined && this.#passphrase !== undefined,
      ...(revocationState === undefined ? {} : { revocation: revocationState }),
    };
    const record = await updateJson<StoredRecord, StoredRecord>(
      this.#storage,
      this.#key('records', name),
      (cur) => {
        if (cur !== undefined && cur.versions.length > 0 && options.newVersion !== true) {
          throw new InventoryError('ERR_INVENTORY_NAME_EXISTS', `A record named "${name}" already exists.`, {
            details: { name, currentVersion: cur.current },
          });
        }
        const versions = [...(cur?.versions ?? []), stored].sort((a, b) => a.version - b.version);
        const value: StoredRecord = {
          name,
          current: Math.max(version, cur?.current ?? 0),
          versions,
          bindings: cur?.bindings ?? [],
        };
        return { value, result: value };
      },
    );
    if (options.reuseDeletedName === true) await this.#storage.delete(this.#key('tombstones', name));
    return this.#view(record, at);
  }

  async #recordFailure(name: string, code: string, message: string, at: Date): Promise<void> {
    await updateJson<StoredRecord, undefined>(this.#storage, this.#key('records', name), (cur) => {
      if (cur !== undefined && cur.versions.length > 0) return { result: undefined };
      return {
        value: {
          name,
          current: 0,
          versions: [],
          bindings: cur?.bindings ?? [],
          failure: { code, message, at: at.toISOString() },
        },
        result: undefined,
      };
    });
  }

  #windowStart(v: StoredVersion): number {
    return windowOf(this.#options.alerts ?? {}, Date.parse(v.facts.notBefore), Date.parse(v.facts.notAfter))
      .start;
  }

  #versionStatus(r: StoredRecord, v: StoredVersion, at: number): VersionStatus {
    const notAfter = Date.parse(v.facts.notAfter);
    if (v.revocation?.status === 'revoked') return 'revoked';
    if (notAfter < at) return 'expired';
    if (v.version !== r.current) return 'obsolete';
    if (at >= this.#windowStart(v)) return 'expiring';
    if (v.revocation?.status === 'unknown') return 'unknown';
    return 'valid';
  }

  #view(r: StoredRecord, atDate: Date): CertificateRecord {
    const at = atDate.getTime();
    const versions: VersionView[] = r.versions.map((v) => ({
      version: v.version,
      status: this.#versionStatus(r, v, at),
      ...v.facts,
      daysLeft: Math.floor((Date.parse(v.facts.notAfter) - at) / DAY),
      importedAt: v.importedAt,
      hasKey: v.hasKey,
      keyEncrypted: v.keyEncrypted,
      ...(v.revocation === undefined ? {} : { revocation: v.revocation }),
    }));
    const current = versions.find((v) => v.version === r.current);
    return {
      name: r.name,
      status: current === undefined ? 'failed' : (current.status as RecordStatus),
      ...(current === undefined ? {} : { current }),
      versions,
      bindings: r.bindings,
      ...(r.failure === undefined || current !== undefined ? {} : { failure: r.failure }),
    };
  }

  async #record(name: string): Promise<StoredRecord> {
    checkName(name);
    const r = await getJson<StoredRecord>(this.#storage, this.#key('records', name));
    if (r === undefined) throw notFound(name);
    return r.value;
  }

  /**
   * The record `name` with its status at `at`.
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * const r = await inventory.get('api');
   * console.log(r.status, r.current?.daysLeft);
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async get(name: string, at?: Date): Promise<CertificateRecord> {
    return this.#view(await this.#record(name), this.#now(at));
  }

  /**
   * Every record, sorted by name, with its status at `at`.
   *
   * @example
   * ```ts
   * for (const r of await inventory.list()) console.log(r.name, r.status);
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async list(at?: Date): Promise<CertificateRecord[]> {
    const when = this.#now(at);
    return (await this.#records()).map((r) => this.#view(r, when));
  }

  async #records(): Promise<StoredRecord[]> {
    const prefix = this.#key('records', '');
    const keys = await this.#storage.list(prefix);
    const out: StoredRecord[] = [];
    const batch = 64;
    for (let i = 0; i < keys.length; i += batch) {
      const got = await Promise.all(
        keys.slice(i, i + batch).map((k) => getJson<StoredRecord>(this.#storage, k)),
      );
      for (const g of got) if (g !== undefined) out.push(g.value);
    }
    return out;
  }

  /**
   * The certificate chain of a version (default the current one), leaf first.
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * const [leaf] = await inventory.chain('api');
   * ```
   * @see RFC 5280 section 6.1
   */
  async chain(name: string, version?: number): Promise<Certificate[]> {
    const r = await this.#record(name);
    const v = version ?? r.current;
    const pem = await getText(this.#storage, this.#key('certs', name, v));
    if (pem === undefined || !r.versions.some((x) => x.version === v)) throw notFound(name, v);
    return parseCertificates(pem);
  }

  /**
   * The private key of a version (default the current one), decrypted with the master passphrase.
   *
   * @throws InventoryError `ERR_INVENTORY_KEY_UNAVAILABLE` (no key, or wrong / missing passphrase), `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * const key = await inventory.privateKey('api');
   * ```
   * @see RFC 5958 section 3
   */
  async privateKey(name: string, version?: number): Promise<PrivateKey> {
    const r = await this.#record(name);
    const v = version ?? r.current;
    if (!r.versions.some((x) => x.version === v)) throw notFound(name, v);
    const pem = await getText(this.#storage, this.#key('keys', name, v));
    if (pem === undefined) {
      throw new InventoryError(
        'ERR_INVENTORY_KEY_UNAVAILABLE',
        `Version ${v} of "${name}" has no stored key.`,
        {
          details: { name, version: v, reason: 'no-key' },
        },
      );
    }
    try {
      return parsePrivateKey(pem, this.#passphrase === undefined ? {} : { password: this.#passphrase });
    } catch (cause) {
      if (!isCertkitError(cause)) throw cause;
      throw new InventoryError(
        'ERR_INVENTORY_KEY_UNAVAILABLE',
        `The key of "${name}" version ${v} cannot be decrypted with the inventory passphrase.`,
        { cause, details: { name, version: v, reason: cause.code } },
      );
    }
  }

  /**
   * Records that `consumer` uses the certificate `name` (idempotent).
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * await inventory.bind('api', { kind: 'tls-profile', id: 'public-api' });
   * ```
   * @see RFC 8446 section 4.4.2
   */
  async bind(name: string, consumer: Consumer): Promise<void> {
    checkName(name);
    checkConsumer(consumer);
    await updateJson<StoredRecord, undefined>(this.#storage, this.#key('records', name), (cur) => {
      if (cur === undefined) throw notFound(name);
      if (cur.bindings.some((b) => sameConsumer(b, consumer))) return { result: undefined };
      return {
        value: { ...cur, bindings: [...cur.bindings, { kind: consumer.kind, id: consumer.id }] },
        result: undefined,
      };
    });
  }

  /**
   * Removes a binding; false when it was not there.
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * await inventory.unbind('api', { kind: 'tls-profile', id: 'public-api' });
   * ```
   * @see RFC 8446 section 4.4.2
   */
  async unbind(name: string, consumer: Consumer): Promise<boolean> {
    checkName(name);
    checkConsumer(consumer);
    return updateJson<StoredRecord, boolean>(this.#storage, this.#key('records', name), (cur) => {
      if (cur === undefined) throw notFound(name);
      const bindings = cur.bindings.filter((b) => !sameConsumer(b, consumer));
      if (bindings.length === cur.bindings.length) return { result: false };
      return { value: { ...cur, bindings }, result: true };
    });
  }

  /**
   * The consumers bound to `name`.
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * const users = await inventory.inUse('api');
   * ```
   * @see RFC 8446 section 4.4.2
   */
  async inUse(name: string): Promise<Consumer[]> {
    return [...(await this.#record(name)).bindings];
  }

  /**
   * Deletes a record (all versions and keys), refusing while it is in use. The name is kept as a
   * tombstone: importing it again needs `reuseDeletedName`.
   *
   * @throws InventoryError `ERR_INVENTORY_IN_USE` (with `consumers`), `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * await inventory.delete('old-api');
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async delete(name: string): Promise<void> {
    checkName(name);
    const key = this.#key('records', name);
    for (let attempt = 0; attempt < 50; attempt++) {
      const cur = await getJson<StoredRecord>(this.#storage, key);
      if (cur === undefined) throw notFound(name);
      if (cur.value.bindings.length > 0) {
        const consumers = cur.value.bindings.map((b) => `${b.kind}:${b.id}`);
        throw new InventoryError(
          'ERR_INVENTORY_IN_USE',
          `"${name}" is in use by ${consumers.join(', ')} and cannot be deleted.`,
          { details: { name, consumers: cur.value.bindings } },
        );
      }
      await this.#storage.put(
        this.#key('tombstones', name),
        toBytes({ name, deletedAt: this.#now().toISOString() }),
      );
      try {
        await this.#storage.delete(key, { expectedVersion: cur.version });
      } catch (e) {
        if (isConflict(e)) continue; // someone bound or imported meanwhile: look again
        throw e;
      }
      for (const v of cur.value.versions) {
        await this.#storage.delete(this.#key('certs', name, v.version));
        await this.#storage.delete(this.#key('keys', name, v.version));
      }
      return;
    }
    throw new InventoryError('ERR_INVENTORY_CONTENTION', `The delete of "${name}" kept losing its race.`, {
      details: { name },
    });
  }

  // ---------------------------------------------------------------- environments

  /**
   * Creates an environment of a kind (at most one per kind and project unless configured).
   *
   * @throws InventoryError `ERR_INVENTORY_ENVIRONMENT_EXISTS`, `ERR_INVENTORY_INVALID_NAME`
   * @example
   * ```ts
   * await inventory.addEnvironment('prod', { kind: 'production' });
   * ```
   * @see RFC 8446 section 4.4.2
   */
  async addEnvironment(name: string, options: { kind: string; project?: string }): Promise<EnvironmentView> {
    checkName(name, 'environment');
    checkName(options.kind, 'environment kind');
    const project = options.project ?? 'default';
    checkName(project, 'project');
    if (this.#options.multipleEnvironmentsPerKind !== true) {
      const claim = this.#key('environment-kinds', project, options.kind);
      try {
        await this.#storage.put(claim, toBytes({ environment: name }), { expectedVersion: null });
      } catch (e) {
        if (!isConflict(e)) throw e;
        const holder = await getJson<{ environment: string }>(this.#storage, claim);
        throw new InventoryError(
          'ERR_INVENTORY_ENVIRONMENT_EXISTS',
          `Project "${project}" already has a "${options.kind}" environment.`,
          { details: { name, kind: options.kind, project, existing: holder?.value.environment } },
        );
      }
    }
    const env: StoredEnvironment = { name, kind: options.kind, project, deploying: false };
    try {
      await this.#storage.put(this.#key('environments', name), toBytes(env), { expectedVersion: null });
    } catch (e) {
      if (!isConflict(e)) throw e;
      throw new InventoryError('ERR_INVENTORY_ENVIRONMENT_EXISTS', `The environment "${name}" exists.`, {
        details: { name, existing: name },
      });
    }
    return this.#envView(env, undefined);
  }

  #envView(e: StoredEnvironment, r: StoredRecord | undefined, at = this.#now()): EnvironmentView {
    const selected = e.record !== undefined && e.version !== undefined;
    const deployed = selected && e.deployedRecord === e.record && e.deployedVersion === e.version;
    const state: DeploymentState = e.deploying ? 'deploying' : deployed ? 'deployed' : 'needs-deploy';
    const v = r?.versions.find((x) => x.version === e.version);
    return {
      name: e.name,
      kind: e.kind,
      project: e.project,
      ...(e.record === undefined ? {} : { record: e.record }),
      ...(e.version === undefined ? {} : { version: e.version }),
      ...(e.deployedRecord === undefined ? {} : { deployedRecord: e.deployedRecord }),
      ...(e.deployedVersion === undefined ? {} : { deployedVersion: e.deployedVersion }),
      state,
      ...(r === undefined || v === undefined
        ? {}
        : { versionStatus: this.#versionStatus(r, v, at.getTime()) }),
    };
  }

  /**
   * An environment with its deployment state.
   *
   * @throws InventoryError `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`
   * @example
   * ```ts
   * const prod = await inventory.environment('prod');
   * if (prod.state === 'needs-deploy') await deploy(prod.record, prod.version);
   * ```
   * @see RFC 8446 section 4.4.2
   */
  async environment(name: string, at?: Date): Promise<EnvironmentView> {
    const e = await this.#env(name);
    const r =
      e.record === undefined
        ? undefined
        : (await getJson<StoredRecord>(this.#storage, this.#key('records', e.record)))?.value;
    return this.#envView(e, r, this.#now(at));
  }

  async #env(name: string): Promise<StoredEnvironment> {
    checkName(name, 'environment');
    const e = await getJson<StoredEnvironment>(this.#storage, this.#key('environments', name));
    if (e === undefined) throw unknownEnv(name);
    return e.value;
  }

  /**
   * Points an environment at a version of a record (default its current version); the environment
   * becomes a consumer of the record. An obsolete version may be chosen; the state is `needs-deploy`
   * until {@link markDeployed}.
   *
   * @throws InventoryError `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`, `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * await inventory.selectVersion('prod', 'api', 3);
   * ```
   * @see RFC 8446 section 4.4.2
   */
  async selectVersion(env: string, name: string, version?: number): Promise<EnvironmentView> {
    const r = await this.#record(name);
    const v = version ?? r.current;
    if (!r.versions.some((x) => x.version === v)) throw notFound(name, v);
    await this.bind(name, { kind: 'environment', id: env });
    let previous: string | undefined;
    const e = await updateJson<StoredEnvironment, StoredEnvironment>(
      this.#storage,
      this.#key('environments', env),
      (cur) => {
        if (cur === undefined) throw unknownEnv(env);
        previous = cur.record;
        const value: StoredEnvironment = { ...cur, record: name, version: v, deploying: false };
        return { value, result: value };
      },
    );
    if (previous !== undefined && previous !== name) {
      await this.unbind(previous, { kind: 'environment', id: env }).catch(() => false);
    }
    return this.#envView(e, r);
  }

  /**
   * Marks the chosen version of an environment as being deployed.
   *
   * @throws InventoryError `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`
   * @example
   * ```ts
   * await inventory.markDeploying('prod');
   * ```
   * @see RFC 8446 section 4.4.2
   */
  async markDeploying(env: string): Promise<EnvironmentView> {
    return this.#setEnv(env, (cur) => ({ ...cur, deploying: true }));
  }

  /**
   * Marks the chosen version of an environment as deployed.
   *
   * @throws InventoryError `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`
   * @example
   * ```ts
   * await inventory.markDeployed('prod');
   * ```
   * @see RFC 8446 section 4.4.2
   */
  async markDeployed(env: string): Promise<EnvironmentView> {
    return this.#setEnv(env, (cur) => {
      const { deployedRecord: _r, deployedVersion: _v, ...rest } = cur;
      return {
        ...rest,
        deploying: false,
        ...(cur.record === undefined ? {} : { deployedRecord: cur.record }),
        ...(cur.version === undefined ? {} : { deployedVersion: cur.version }),
      };
    });
  }

  async #setEnv(env: string, f: (cur: StoredEnvironment) => StoredEnvironment): Promise<EnvironmentView> {
    checkName(env, 'environment');
    const e = await updateJson<StoredEnvironment, StoredEnvironment>(
      this.#storage,
      this.#key('environments', env),
      (cur) => {
        if (cur === undefined) throw unknownEnv(env);
        const value = f(cur);
        return { value, result: value };
      },
    );
    const r =
      e.record === undefined
        ? undefined
        : (await getJson<StoredRecord>(this.#storage, this.#key('records', e.record)))?.value;
    return this.#envView(e, r);
  }

  // ---------------------------------------------------------------- alerts

  /**
   * Re-checks revocation of current versions whose last check is older than the interval (default a
   * day). Needs the `revocation` option; answers how many versions were checked.
   *
   * @example
   * ```ts
   * await inventory.checkRevocation();
   * ```
   * @see RFC 5280 section 6.3
   */
  async checkRevocation(at?: Date): Promise<number> {
    const checker = this.#options.revocation;
    if (checker === undefined) return 0;
    const when = this.#now(at);
    const every = this.#options.revocationCheckIntervalMs ?? DAY;
    let checked = 0;
    for (const r of await this.#records()) {
      const v = r.versions.find((x) => x.version === r.current);
      if (v === undefined || v.revocation?.status === 'revoked') continue;
      if (Date.parse(v.facts.notAfter) < when.getTime()) continue;
      if (v.revocation !== undefined && when.getTime() - Date.parse(v.revocation.checkedAt) < every) continue;
      const chain = await this.chain(r.name, v.version);
      const trust = this.#options.trust;
      const extra =
        trust === undefined
          ? []
          : Array.isArray(trust)
            ? (trust as readonly Certificate[])
            : (trust as { certificates: readonly Certificate[] }).certificates;
      const leaf = chain[0]!;
      const issuer =
        chain[1] ??
        extra.find(
          (c) => c.subject.toString() === leaf.issuer.toString() && leaf.verifySignature(c.publicKey).ok,
        );
      let state: RevocationState;
      if (issuer === undefined) {
        state = {
          status: 'unknown',
          checkedAt: when.toISOString(),
          reason: 'the issuer is not in the stored chain',
        };
      } else {
        const s = await checker.check(leaf, issuer, { at: when, depth: 0 });
        state =
          s.status === 'revoked'
            ? {
                status: 'revoked',
                checkedAt: when.toISOString(),
                revokedAt: s.revokedAt.toISOString(),
                ...(s.reason === undefined ? {} : { reason: s.reason }),
              }
            : s.status === 'good'
              ? { status: 'good', checkedAt: when.toISOString() }
              : { status: 'unknown', checkedAt: when.toISOString(), reason: s.reason };
      }
      checked++;
      await updateJson<StoredRecord, undefined>(this.#storage, this.#key('records', r.name), (cur) => {
        if (cur === undefined) return { result: undefined };
        return {
          value: {
            ...cur,
            versions: cur.versions.map((x) => (x.version === v.version ? { ...x, revocation: state } : x)),
          },
          result: undefined,
        };
      });
    }
    return checked;
  }

  /**
   * The alerts due at `at` and not sent yet: `expiring` (from the lead time or renewal fraction, then
   * every interval; only the latest missed slot), `expired`, `revoked`, for the current version of
   * each record and for any version an environment has chosen or deployed. Reads the stored facts only
   * (no certificate is parsed), plus a revocation re-check when a checker is configured.
   *
   * @example
   * ```ts
   * for (const a of await inventory.dueAlerts()) console.log(a.name, a.kind, a.daysLeft);
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async dueAlerts(at?: Date): Promise<InventoryAlert[]> {
    const when = this.#now(at);
    if (this.#options.revocation !== undefined) await this.checkRevocation(when);
    const t = when.getTime();
    const sentPrefix = this.#key('alerts', '');
    const sent = new Set((await this.#storage.list(sentPrefix)).map((k) => k.slice(sentPrefix.length)));
    const policy = this.#options.alerts ?? {};
    const out: InventoryAlert[] = [];
    // Versions environments point at (chosen or deployed) are watched too, even when obsolete.
    const inEnvironments = new Map<string, Set<number>>();
    for (const key of await this.#storage.list(this.#key('environments', ''))) {
      const e = (await getJson<StoredEnvironment>(this.#storage, key))?.value;
      if (e === undefined) continue;
      for (const [rec, ver] of [
        [e.record, e.version],
        [e.deployedRecord, e.deployedVersion],
      ] as const) {
        if (rec === undefined || ver === undefined) continue;
        const set = inEnvironments.get(rec) ?? new Set<number>();
        set.add(ver);
        inEnvironments.set(rec, set);
      }
    }
    for (const r of await this.#records()) {
      const watched = inEnvironments.get(r.name);
      for (const v of r.versions) {
        if (v.version !== r.current && watched?.has(v.version) !== true) continue;
        const notAfter = Date.parse(v.facts.notAfter);
        let kind: InventoryAlert['kind'] | undefined;
        let slot = 0;
        if (v.revocation?.status === 'revoked') kind = 'revoked';
        else if (t >= notAfter) kind = 'expired';
        else {
          const s = expiringSlot(windowOf(policy, Date.parse(v.facts.notBefore), notAfter), notAfter, t);
          if (s !== undefined) {
            kind = 'expiring';
            slot = s;
          }
        }
        if (kind === undefined) continue;
        const id = `${r.name}/${v.version}/${kind}-${slot}`;
        if (sent.has(id)) continue;
        out.push({
          id,
          name: r.name,
          version: v.version,
          kind,
          slot,
          primaryDomain: v.facts.primaryDomain,
          sha256Fingerprint: v.facts.sha256Fingerprint,
          notAfter: v.facts.notAfter,
          daysLeft: Math.floor((notAfter - t) / DAY),
        });
      }
    }
    return out;
  }

  /**
   * Sends each due alert once: the alert is claimed in storage with compare-and-swap before
   * `sender` runs, so a restart or another process sharing the storage never sends it again. An alert
   * whose sender throws is released (sent again next time) and the first error is rethrown at the end.
   * Every alert sent is also emitted as an `alert` event.
   *
   * @example
   * ```ts
   * await inventory.sendDueAlerts(async (a) => mailer.send(`${a.name} ${a.kind}`));
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async sendDueAlerts(sender?: AlertSender, at?: Date): Promise<InventoryAlert[]> {
    const when = this.#now(at);
    const sent: InventoryAlert[] = [];
    let failure: unknown;
    for (const alert of await this.dueAlerts(when)) {
      const key = this.#key('alerts', alert.id);
      let claimed: number;
      try {
        claimed = await this.#storage.put(key, toBytes({ sentAt: when.toISOString() }), {
          expectedVersion: null,
        });
      } catch (e) {
        if (isConflict(e)) continue; // another process sent it
        throw e;
      }
      try {
        if (sender !== undefined) await sender(alert);
      } catch (e) {
        await this.#storage.delete(key, { expectedVersion: claimed }).catch(() => false);
        failure ??= e;
        continue;
      }
      sent.push(alert);
      for (const l of this.#listeners) l(alert);
    }
    if (failure !== undefined) throw failure;
    return sent;
  }

  /**
   * Listens to alerts as {@link sendDueAlerts} sends them.
   *
   * @example
   * ```ts
   * inventory.on('alert', (a) => console.log(a.name, a.kind));
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  on(event: 'alert', listener: (alert: InventoryAlert) => void): this {
    if (event !== 'alert') throw new TypeError(`unknown event ${String(event)}`);
    this.#listeners.add(listener);
    return this;
  }

  /**
   * Stops listening.
   *
   * @example
   * ```ts
   * inventory.off('alert', listener);
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  off(event: 'alert', listener: (alert: InventoryAlert) => void): this {
    if (event === 'alert') this.#listeners.delete(listener);
    return this;
  }

  /**
   * A JSON view without secrets: the passphrase shows as `[REDACTED]`.
   *
   * @example
   * ```ts
   * JSON.stringify(inventory); // {"prefix":"inventory","passphrase":"[REDACTED]"}
   * ```
   * @see RFC 5958 section 3
   */
  toJSON(): { prefix: string; passphrase: string | undefined } {
    return { prefix: this.#p, passphrase: this.#passphrase === undefined ? undefined : '[REDACTED]' };
  }

  /** `util.inspect` view without secrets. */
  [inspect.custom](): string {
    return `CertificateInventory { prefix: '${this.#p}', passphrase: ${this.#passphrase === undefined ? 'none' : '[REDACTED]'} }`;
  }
}

function unknownEnv(name: string): InventoryError {
  return new InventoryError('ERR_INVENTORY_UNKNOWN_ENVIRONMENT', `No environment is named "${name}".`, {
    details: { name },
  });
}

function checkConsumer(c: Consumer): void {
  const kinds = ['reference', 'tls-profile', 'gateway-listener', 'environment', 'other'];
  if (
    c === null ||
    typeof c !== 'object' ||
    !kinds.includes(c.kind) ||
    typeof c.id !== 'string' ||
    c.id === ''
  )
    throw new TypeError(`consumer must be { kind: ${kinds.join(' | ')}, id: string }`);
}
