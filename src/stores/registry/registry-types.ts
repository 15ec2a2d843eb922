import type { Storage } from '../../storage/storage.js';
import type { Keystore } from '../keystore.js';
import type { RotationReport, StoreRole } from '../rotation-check.js';
import type { Truststore } from '../truststore.js';

/**
 * A keystore or a truststore.
 *
 * @example
 * ```ts
 * import { Keystore, type Store } from 'certkit/stores';
 * const store: Store = registry.resolve('ref://api-keystore');
 * if (store instanceof Keystore) console.log(store.aliases);
 * ```
 */
export type Store = Keystore | Truststore;

/**
 * Which kind of store.
 *
 * @example
 * ```ts
 * import type { StoreKind } from 'certkit/stores';
 * const kind: StoreKind = 'truststore';
 * ```
 */
export type StoreKind = 'keystore' | 'truststore';

/**
 * How the TLS profile behind a reference uses its store; `checkRotation` and `repoint` use it as
 * their defaults.
 *
 * @example
 * ```ts
 * registry.defineReference('ref://partner-mtls', 'partner-2025', { role: 'client', keyAlias: 'client', trustStore: 'partner-roots' });
 * ```
 */
export interface ReferenceUsage {
  /** `server` (default) or `client` (mTLS client certificate). Keystores only. */
  readonly role?: StoreRole;
  /** The key alias the profile uses. Default: the only entry. */
  readonly keyAlias?: string;
  /** The truststore the profile uses: a store name or `ref://` reference. Default none. */
  readonly trustStore?: string;
  /** Expiry warning threshold in days. Default 30. */
  readonly expiringWithinDays?: number;
}

/**
 * Who made a change and why (recorded in the history and the change event).
 *
 * @example
 * ```ts
 * registry.repoint('ref://api-keystore', 'api-2026', { actor: 'deploy-bot', reason: 'CHG-1234' });
 * ```
 */
export interface ChangeAttribution {
  /** Who (a user, a deploy job). Default `undefined`. */
  readonly actor?: string;
  /** Why (a ticket, a comment). Default `undefined`. */
  readonly reason?: string;
}

/**
 * Options of `StoreRegistry.checkRotation`: the reference's usage, overridden field by field.
 *
 * @example
 * ```ts
 * const report = registry.checkRotation('ref://api-keystore', 'api-2026', { role: 'server', at: new Date('2026-12-01') });
 * ```
 * @see RFC 5280 section 6.1
 */
export interface CheckRotationOptions {
  readonly role?: StoreRole;
  readonly keyAlias?: string;
  /** A store name, `ref://` reference, or a `Truststore` value. */
  readonly trustStore?: string | Truststore;
  /** The time of the check. Default the registry's clock. */
  readonly at?: Date;
  readonly expiringWithinDays?: number;
}

/**
 * Options of `StoreRegistry.repoint`.
 *
 * @example
 * ```ts
 * registry.repoint('ref://api-keystore', 'api-2026', { actor: 'alice', reason: 'outage', force: true });
 * ```
 * @see RFC 5280 section 6.1
 */
export interface RepointOptions extends CheckRotationOptions, ChangeAttribution {
  /** Re-point despite blocking findings (recorded as forced in the history and the event). Default `false`. */
  readonly force?: boolean;
}

/**
 * One line of a reference's history.
 *
 * @example
 * ```ts
 * import type { ReferenceHistoryEntry } from 'certkit/stores';
 * const last: ReferenceHistoryEntry | undefined = registry.history('ref://api-keystore').at(-1);
 * ```
 */
export interface ReferenceHistoryEntry {
  readonly reference: string;
  readonly action: 'define' | 'repoint' | 'rollback';
  /** The store before (undefined for `define`). */
  readonly from: string | undefined;
  readonly to: string;
  readonly actor: string | undefined;
  readonly reason: string | undefined;
  /** From the registry's clock. */
  readonly at: Date;
  /** True when blocking findings were overridden with `force`. */
  readonly forced: boolean;
  /** Codes of the rotation findings at the time (blocking and warnings). */
  readonly findings: readonly string[];
}

/**
 * A change live servers should react to (reload their TLS context): a reference re-pointed or rolled
 * back, or the contents of the store it points at replaced. One event per reference concerned.
 *
 * @example
 * ```ts
 * import type { StoreChangeEvent } from 'certkit/stores';
 * registry.on('change', (e: StoreChangeEvent) => console.log(e.type, e.reference, e.from, '->', e.to, e.actor));
 * ```
 */
export interface StoreChangeEvent {
  readonly type: 'repoint' | 'rollback' | 'store-replaced';
  /** `ref://name`. */
  readonly reference: string;
  /** The store name before. */
  readonly from: string;
  /** The store name now (equal to `from` for `store-replaced`). */
  readonly to: string;
  /** The store the reference resolves to now. */
  readonly store: Store;
  readonly actor: string | undefined;
  readonly reason: string | undefined;
  readonly at: Date;
  readonly forced: boolean;
}

/**
 * What `repoint` did.
 *
 * @example
 * ```ts
 * const { from, to, forced, report } = registry.repoint('ref://api-keystore', 'api-2026');
 * ```
 * @see RFC 5280 section 6.1
 */
export interface RepointResult {
  readonly reference: string;
  readonly from: string;
  readonly to: string;
  /** False when the reference already pointed at `to` (nothing recorded, no event). */
  readonly changed: boolean;
  readonly forced: boolean;
  readonly report: RotationReport;
}

/**
 * A reference as listed by `StoreRegistry.references`.
 *
 * @example
 * ```ts
 * for (const r of registry.references()) console.log(r.reference, '->', r.target, r.usage.role);
 * ```
 */
export interface ReferenceInfo {
  /** `ref://name`. */
  readonly reference: string;
  readonly target: string;
  readonly kind: StoreKind;
  readonly usage: ReferenceUsage;
}

/**
 * Options of the {@link StoreRegistry} constructor.
 *
 * @example
 * ```ts
 * import { StoreRegistry } from 'certkit/stores';
 * const registry = new StoreRegistry({ clock: () => new Date('2026-06-01T00:00:00Z'), onListenerError: (e) => log.error(e) });
 * ```
 */
export interface StoreRegistryOptions {
  /** The clock for history and events. Default `() => new Date()`. */
  readonly clock?: () => Date;
  /**
   * Handles a change listener that throws (the change has been made). Default: after every listener
   * ran, the call that made the change throws `ERR_STORE_LISTENER_FAILED` with the first error as `cause`.
   */
  readonly onListenerError?: (error: unknown, event: StoreChangeEvent) => void;
  /** History lines kept per reference (oldest dropped first). Default 1,000. */
  readonly maxHistory?: number;
}

/**
 * Options of `StoreRegistry.open`: a registry kept in a `Storage` and shared by every process that
 * opens one on it.
 *
 * @example
 * ```ts
 * import { PostgresStorage } from 'certkit/storage';
 * import { StoreRegistry } from 'certkit/stores';
 * const registry = await StoreRegistry.open({ storage: new PostgresStorage({ connectionString: url }) });
 * ```
 */
export interface OpenStoreRegistryOptions extends StoreRegistryOptions {
  /** Where the stores, references and history live (`certkit/storage`). */
  readonly storage: Storage;
  /**
   * Follow changes made by other processes (re-points reach this one's `resolve` and `change`
   * listeners). `false` for a one-shot tool that reads, writes once and exits. Default `true`.
   */
  readonly watch?: boolean;
  /**
   * How often to look for other processes' changes when the storage polls (files) or has no change
   * feed, in milliseconds. Default: the storage's own (`FileStorage` `watchIntervalMs`, 1,000), or
   * 1,000 for a storage without `watch`. PostgreSQL pushes changes (`LISTEN/NOTIFY`) and ignores it.
   */
  readonly pollIntervalMs?: number;
  /**
   * Handles a change made elsewhere that this process could not read (a damaged record); the
   * registry keeps its last good view. Default: `process.emitWarning`.
   */
  readonly onSyncError?: (error: unknown) => void;
  /**
   * Seals the keystores' private keys at rest: each is stored encrypted (AES-256-GCM, bound to its
   * store and alias) under a key derived once from this passphrase (PBKDF2-HMAC-SHA256; salt and
   * iteration count in the storage). The first process to open the storage with a passphrase seals it;
   * afterwards every process must give the same one (`ERR_STORE_PASSPHRASE_WRONG`,
   * `ERR_STORE_PASSPHRASE_REQUIRED`). Keys stored plain before the seal stay readable and are sealed
   * when their keystore is next put.
   */
  readonly passphrase?: string;
  /** PBKDF2 iterations when this open creates the seal. Default 600,000. */
  readonly keyIterations?: number;
  /**
   * Write keystores with their private keys unencrypted when there is no passphrase (the storage's
   * own protection only: mode 0600 files, database access control). Default `false`: such a write is
   * refused with `ERR_STORE_PASSPHRASE_REQUIRED`.
   */
  readonly allowPlaintextKeys?: boolean;
}

/**
 * Options of `StoreRegistry.resolve`.
 *
 * @example
 * ```ts
 * const ks = registry.resolve('{request.keystore}', { resolveVariable: (name) => request.vars[name] });
 * ```
 */
export interface ResolveOptions {
  /** Resolves a per-request variable (`{request.keystore}`) to a store name or `ref://` reference. */
  readonly resolveVariable?: (variable: string) => string | undefined;
}

/** @internal The state of one reference (a value: changes make a new one). */
export interface RefState {
  readonly target: string;
  readonly usage: ReferenceUsage;
  /** Earlier targets, most recent last (rollback pops). */
  readonly previous: readonly string[];
  readonly history: readonly ReferenceHistoryEntry[];
}
