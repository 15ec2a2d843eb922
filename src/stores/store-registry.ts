import { StoreError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import type { Storage } from '../storage/storage.js';
import { Keystore } from './keystore.js';
import { ChangeEmitter } from './registry/change-emitter.js';
import {
  checkRotation,
  planDefine,
  planRepoint,
  planRollback,
  type RefChange,
  replacedEvents,
} from './registry/reference-changes.js';
import { inUse, kindMismatch, referenceExists } from './registry/registry-errors.js';
import { DEFAULT_SEAL_ITERATIONS, RegistryKeySeal } from './registry/registry-seal.js';
import { kindOf, RegistryState } from './registry/registry-state.js';
import { RegistryStorage } from './registry/registry-storage.js';
import type {
  ChangeAttribution,
  CheckRotationOptions,
  OpenStoreRegistryOptions,
  ReferenceHistoryEntry,
  ReferenceInfo,
  ReferenceUsage,
  RepointOptions,
  RepointResult,
  ResolveOptions,
  Store,
  StoreChangeEvent,
  StoreRegistryOptions,
} from './registry/registry-types.js';
import type { RotationReport } from './rotation-check.js';
import { REFERENCE_PREFIX, referenceName, type StoreSpec, storeName } from './store-spec.js';
import { Truststore } from './truststore.js';

export type {
  ChangeAttribution,
  CheckRotationOptions,
  OpenStoreRegistryOptions,
  ReferenceHistoryEntry,
  ReferenceInfo,
  ReferenceUsage,
  RepointOptions,
  RepointResult,
  ResolveOptions,
  Store,
  StoreChangeEvent,
  StoreKind,
  StoreRegistryOptions,
} from './registry/registry-types.js';

/**
 * Named keystores and truststores, and references to them (`ref://name`). A TLS profile holds a
 * reference; `resolve` gives the store it points at now; `repoint` moves it to another store
 * atomically, after `checkKeystoreRotation` (certkit/stores) says the new store will work where the old one did
 * (blocking findings refuse the change unless `force`), records who/when/why in the history, and emits
 * a `change` event so live servers reload. `rollback` returns to the previous target.
 *
 * `new StoreRegistry()` keeps everything in this process's memory, with synchronous changes.
 * `await StoreRegistry.open({ storage })` keeps it in a `Storage` (files, PostgreSQL) shared by
 * every process that opens it: changes are made with the `…Async` methods (written with
 * compare-and-set: of two processes re-pointing one reference at once, one wins and the other gets
 * `ERR_STORE_REFERENCE_CHANGED`), and every other process sees them within a bounded time (at once
 * with PostgreSQL `LISTEN/NOTIFY`, within `pollIntervalMs` with files), with the same `change` events,
 * so its TLS servers serve the new certificate without a restart. The rotation check runs once, in the
 * process that writes the re-point. Reads (`resolve`, `target`, `history`) are synchronous on both.
 *
 * Stores are immutable values, so a resolved store never changes under its user.
 *
 * @example
 * ```ts
 * import { StoreRegistry } from 'certkit/stores';
 * import { FileStorage } from 'certkit/storage';
 * const registry = await StoreRegistry.open({ storage: new FileStorage({ dir: '/var/lib/certkit' }) });
 * registry.on('change', (e) => server.setSecureContext(contextFrom(e.store)));
 * await registry.putKeystoreAsync('api-2026', ks2026);
 * await registry.repointAsync('ref://api-keystore', 'api-2026', { actor: 'deploy-bot', reason: 'annual renewal' });
 * ```
 */
/** The seal of a registry opened with a passphrase; refuses a sealed registry opened without one. */
async function openSeal(
  storage: Storage,
  options: OpenStoreRegistryOptions,
): Promise<RegistryKeySeal | undefined> {
  const { passphrase, keyIterations } = options;
  if (passphrase !== undefined && (typeof passphrase !== 'string' || passphrase === '')) {
    throw new TypeError('passphrase must be a non-empty string');
  }
  if (keyIterations !== undefined && (!Number.isSafeInteger(keyIterations) || keyIterations < 1)) {
    throw new TypeError('keyIterations must be a positive integer');
  }
  if (passphrase !== undefined) {
    return RegistryKeySeal.open(storage, passphrase, keyIterations ?? DEFAULT_SEAL_ITERATIONS);
  }
  if (await RegistryKeySeal.isSealed(storage)) {
    throw new StoreError(
      'ERR_STORE_PASSPHRASE_REQUIRED',
      'This registry’s keys are sealed; open it with its passphrase.',
      {
        details: { reason: 'sealed-registry' },
      },
    );
  }
  return undefined;
}

export class StoreRegistry {
  readonly #view = new RegistryState();
  readonly #events: ChangeEmitter;
  readonly #clock: () => Date;
  readonly #maxHistory: number;
  #persisted: RegistryStorage | undefined;

  constructor(options: StoreRegistryOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    if (options.clock !== undefined && typeof options.clock !== 'function')
      throw new TypeError('clock must be a function');
    this.#clock = options.clock ?? (() => new Date());
    this.#events = new ChangeEmitter(options.onListenerError);
    const max = options.maxHistory ?? 1000;
    if (!Number.isInteger(max) || max < 1) throw new TypeError('maxHistory must be an integer ≥ 1');
    this.#maxHistory = max;
  }

  /**
   * A registry kept in a `Storage`: reads every store and reference in it, then (unless `watch:
   * false`) follows the changes other processes make. Close it with {@link StoreRegistry.close}.
   * With `passphrase`, keystores' private keys are sealed at rest; without it (and without
   * `allowPlaintextKeys`) putting a keystore is refused.
   * @throws StoreError `ERR_STORE_RECORD_CORRUPT`, `ERR_STORE_PASSPHRASE_WRONG`,
   *   `ERR_STORE_PASSPHRASE_REQUIRED` (a sealed registry opened without its passphrase);
   *   InventoryError `ERR_STORAGE_*` from the storage.
   * @throws TypeError without a storage.
   * @example
   * ```ts
   * import { PostgresStorage } from 'certkit/storage';
   * import { StoreRegistry } from 'certkit/stores';
   * const registry = await StoreRegistry.open({
   *   storage: new PostgresStorage({ connectionString: process.env.DATABASE_URL ?? '' }),
   *   passphrase: process.env.CERTKIT_STORE_PASSPHRASE,
   * });
   * const server = createTlsServer(registry, profile); // re-points made anywhere reach it
   * ```
   */
  static async open(options: OpenStoreRegistryOptions): Promise<StoreRegistry> {
    const storage = options?.storage;
    if (storage === null || typeof storage !== 'object' || typeof storage.get !== 'function') {
      throw new TypeError('StoreRegistry.open needs { storage }');
    }
    const pollIntervalMs = options.pollIntervalMs;
    if (pollIntervalMs !== undefined && (typeof pollIntervalMs !== 'number' || !(pollIntervalMs > 0))) {
      throw new TypeError('pollIntervalMs must be a positive number of milliseconds');
    }
    const seal = await openSeal(storage, options);
    const registry = new StoreRegistry(options);
    const onSyncError =
      options.onSyncError ??
      ((error: unknown) =>
        process.emitWarning(`certkit registry: ${String((error as Error)?.message ?? error)}`));
    const persisted = new RegistryStorage({
      storage,
      view: registry.#view,
      pollIntervalMs,
      onSyncError,
      seal,
      allowPlaintextKeys: options.allowPlaintextKeys === true,
      onRemoteEvents: (events) => {
        try {
          registry.#events.emit(events);
        } catch (error) {
          onSyncError(error);
        }
      },
    });
    await persisted.serial(() => persisted.reload());
    if (options.watch !== false) await persisted.follow();
    registry.#persisted = persisted;
    return registry;
  }

  /** The storage of a registry made with `open`; undefined for an in-memory one. */
  get storage(): Storage | undefined {
    return this.#persisted?.storage;
  }

  /**
   * Stops following changes (the storage itself is left open: close it yourself). No-op in memory.
   * @example
   * ```ts
   * await registry.close(); await storage.close();
   * ```
   */
  async close(): Promise<void> {
    await this.#persisted?.close();
  }

  /**
   * Reads the storage again now (without waiting for the change feed); fires the events of what
   * changed. No-op in memory.
   * @throws StoreError `ERR_STORE_RECORD_CORRUPT`; InventoryError `ERR_STORAGE_*`.
   * @example
   * ```ts
   * await registry.refresh();
   * ```
   */
  async refresh(): Promise<void> {
    const p = this.#persisted;
    if (p === undefined) return;
    this.#events.emit(await p.serial(() => p.reload()));
  }

  #memoryOnly(method: string): void {
    if (this.#persisted !== undefined) {
      throw new TypeError(
        `This StoreRegistry is kept in a Storage: use await ${method}Async(…), which writes the change before it counts.`,
      );
    }
  }

  // ---- stores ----

  /**
   * Adds or replaces a keystore under `name` (in-memory registry). Replacing one that references point
   * at emits a `store-replaced` event per reference (no rotation check: `repoint` is the checked path).
   * @throws StoreError `ERR_STORE_KIND_MISMATCH` when `name` holds a truststore; `ERR_STORE_REFERENCE_INVALID` for a bad name.
   * @throws TypeError when `keystore` is not a Keystore, or on a registry kept in a Storage.
   * @example
   * ```ts
   * registry.putKeystore('api-2026', Keystore.fromPkcs12(bytes, { password }));
   * ```
   */
  putKeystore(name: string, keystore: Keystore, attribution: ChangeAttribution = {}): void {
    if (!(keystore instanceof Keystore)) throw new TypeError('putKeystore expects a Keystore');
    this.#memoryOnly('putKeystore');
    this.#putNow(storeName(name), keystore, attribution, 0);
  }

  /**
   * Adds or replaces a truststore under `name` (see {@link StoreRegistry.putKeystore}).
   * @throws StoreError `ERR_STORE_KIND_MISMATCH` when `name` holds a keystore.
   * @throws TypeError when `truststore` is not a Truststore, or on a registry kept in a Storage.
   * @example
   * ```ts
   * registry.putTruststore('corp-roots', Truststore.fromPemBundle(pem));
   * ```
   */
  putTruststore(name: string, truststore: Truststore, attribution: ChangeAttribution = {}): void {
    if (!(truststore instanceof Truststore)) throw new TypeError('putTruststore expects a Truststore');
    this.#memoryOnly('putTruststore');
    this.#putNow(storeName(name), truststore, attribution, 0);
  }

  /**
   * Adds or replaces a keystore, written to the storage first (in memory: as `putKeystore`).
   * @throws StoreError as `putKeystore`; InventoryError `ERR_STORAGE_*` from the storage.
   * @throws TypeError when `keystore` is not a Keystore.
   * @example
   * ```ts
   * await registry.putKeystoreAsync('api-2026', Keystore.fromPkcs12(bytes, { password }), { actor: 'ci' });
   * ```
   */
  async putKeystoreAsync(
    name: string,
    keystore: Keystore,
    attribution: ChangeAttribution = {},
  ): Promise<void> {
    if (!(keystore instanceof Keystore)) throw new TypeError('putKeystoreAsync expects a Keystore');
    await this.#putPersisted(storeName(name), keystore, attribution);
  }

  /**
   * Adds or replaces a truststore, written to the storage first (in memory: as `putTruststore`).
   * @throws StoreError as `putTruststore`; InventoryError `ERR_STORAGE_*` from the storage.
   * @throws TypeError when `truststore` is not a Truststore.
   * @example
   * ```ts
   * await registry.putTruststoreAsync('corp-roots', Truststore.fromPemBundle(pem));
   * ```
   */
  async putTruststoreAsync(
    name: string,
    truststore: Truststore,
    attribution: ChangeAttribution = {},
  ): Promise<void> {
    if (!(truststore instanceof Truststore)) throw new TypeError('putTruststoreAsync expects a Truststore');
    await this.#putPersisted(storeName(name), truststore, attribution);
  }

  async #putPersisted(name: string, store: Store, attribution: ChangeAttribution): Promise<void> {
    const p = this.#persisted;
    if (p === undefined) return this.#putNow(name, store, attribution, 0);
    await p.serial(async () => {
      for (let attempt = 0; ; attempt++) {
        await p.freshStore(name);
        this.#assertKind(name, store);
        const at = this.#clock();
        try {
          const version = await p.writeStore({
            name,
            store,
            changed: { actor: attribution.actor, reason: attribution.reason, at },
          });
          return this.#putNow(name, store, attribution, version, at);
        } catch (error) {
          // Another process put the same name meanwhile: read it again (kinds may differ) and retry.
          if (!isCertkitError(error) || error.code !== 'ERR_STORAGE_CONFLICT' || attempt >= 3) throw error;
        }
      }
    });
  }

  #assertKind(name: string, store: Store): void {
    const existing = this.#view.stores.get(name)?.store;
    if (existing !== undefined && kindOf(existing) !== kindOf(store)) {
      throw kindMismatch(name, kindOf(store), kindOf(existing));
    }
  }

  #putNow(name: string, store: Store, attribution: ChangeAttribution, version: number, at?: Date): void {
    this.#assertKind(name, store);
    const existed = this.#view.stores.has(name);
    this.#view.stores.set(name, { store, version });
    if (!existed) return;
    this.#events.emit(replacedEvents(this.#view, name, store, attribution, at ?? this.#clock()));
  }

  /**
   * Deletes a store (in-memory registry).
   * @throws StoreError `ERR_STORE_IN_USE` (with `details.references`) when a reference points at it or
   *   names it as its truststore; `ERR_STORE_NOT_FOUND`.
   * @throws TypeError on a registry kept in a Storage.
   * @example
   * ```ts
   * registry.deleteStore('api-2024');
   * ```
   */
  deleteStore(name: string): void {
    this.#memoryOnly('deleteStore');
    this.#assertDeletable(storeName(name));
    this.#view.stores.delete(storeName(name));
  }

  /**
   * Deletes a store from the storage (in memory: as `deleteStore`), after reading the references again.
   * @throws StoreError as `deleteStore`; InventoryError `ERR_STORAGE_CONFLICT` when it changed meanwhile.
   * @example
   * ```ts
   * await registry.deleteStoreAsync('api-2024');
   * ```
   */
  async deleteStoreAsync(name: string): Promise<void> {
    const n = storeName(name);
    const p = this.#persisted;
    if (p === undefined) return this.deleteStore(n);
    await p.serial(async () => {
      this.#events.emit(await p.reload());
      this.#assertDeletable(n);
      await p.deleteStore(n);
      this.#view.stores.delete(n);
    });
  }

  #assertDeletable(n: string): void {
    this.#view.store(n);
    const users = this.#view.referencesTo(n);
    if (users.length > 0) {
      throw inUse(`The store "${n}" is in use by ${users.join(', ')}.`, { name: n, references: users });
    }
  }

  /** Whether a store of that name exists. */
  hasStore(name: string): boolean {
    return this.#view.stores.has(name);
  }

  /** The store names, in insertion order. */
  storeNames(): readonly string[] {
    return this.#view.storeNames();
  }

  /**
   * The references that point at the store, or name it as their truststore (`ref://name` forms).
   * @example
   * ```ts
   * console.log(registry.referencesTo('corp-roots'));
   * ```
   */
  referencesTo(name: string): readonly string[] {
    return this.#view.referencesTo(name);
  }

  // ---- references ----

  /**
   * Defines a reference to a store (in-memory registry), with how the TLS profile uses it (defaults for
   * rotation checks). Recorded in the history as `define`; no event.
   * @param reference `ref://name` or `name`.
   * @throws StoreError `ERR_STORE_REFERENCE_EXISTS`, `ERR_STORE_NOT_FOUND`, `ERR_STORE_REFERENCE_INVALID`.
   * @throws TypeError on a registry kept in a Storage.
   * @example
   * ```ts
   * registry.defineReference('ref://partner-mtls', 'partner-2025', { role: 'client', keyAlias: 'client', trustStore: 'ref://partner-roots' });
   * ```
   */
  defineReference(
    reference: string,
    storeName_: string,
    options: ReferenceUsage & ChangeAttribution = {},
  ): void {
    this.#memoryOnly('defineReference');
    this.#commit(
      planDefine(this.#view, referenceName(reference), storeName(storeName_), options, this.#clock()),
      0,
    );
  }

  /**
   * Defines a reference, written to the storage (in memory: as `defineReference`). Of two processes
   * defining one name at once, one wins; the other gets `ERR_STORE_REFERENCE_EXISTS`.
   * @throws StoreError as `defineReference`; InventoryError `ERR_STORAGE_*`.
   * @example
   * ```ts
   * await registry.defineReferenceAsync('ref://api-keystore', 'api-2025', { role: 'server' });
   * ```
   */
  async defineReferenceAsync(
    reference: string,
    storeName_: string,
    options: ReferenceUsage & ChangeAttribution = {},
  ): Promise<void> {
    const ref = referenceName(reference);
    const target = storeName(storeName_);
    const p = this.#persisted;
    if (p === undefined) return this.defineReference(ref, target, options);
    await p.serial(async () => {
      await p.fresh(ref);
      await p.freshStore(target);
      const change = planDefine(this.#view, ref, target, options, this.#clock());
      try {
        this.#commit(change, await p.writeRef(ref, change.next));
      } catch (error) {
        if (isCertkitError(error) && error.code === 'ERR_STORE_REFERENCE_CHANGED') {
          throw referenceExists(REFERENCE_PREFIX + ref, this.#view.refs.get(ref)?.state.target);
        }
        throw error;
      }
    });
  }

  /**
   * Deletes a reference (in-memory registry; its history goes with it).
   * @throws StoreError `ERR_STORE_REFERENCE_NOT_FOUND`; `ERR_STORE_IN_USE` when another reference
   *   names it as its truststore.
   * @throws TypeError on a registry kept in a Storage.
   * @example
   * ```ts
   * registry.deleteReference('ref://old-api');
   * ```
   */
  deleteReference(reference: string): void {
    this.#memoryOnly('deleteReference');
    const ref = referenceName(reference);
    this.#assertRefDeletable(ref);
    this.#view.refs.delete(ref);
  }

  /**
   * Deletes a reference from the storage (in memory: as `deleteReference`).
   * @throws StoreError as `deleteReference`; InventoryError `ERR_STORAGE_CONFLICT` when it changed meanwhile.
   * @example
   * ```ts
   * await registry.deleteReferenceAsync('ref://old-api');
   * ```
   */
  async deleteReferenceAsync(reference: string): Promise<void> {
    const ref = referenceName(reference);
    const p = this.#persisted;
    if (p === undefined) return this.deleteReference(ref);
    await p.serial(async () => {
      this.#events.emit(await p.reload());
      this.#assertRefDeletable(ref);
      await p.deleteRef(ref);
      this.#view.refs.delete(ref);
    });
  }

  #assertRefDeletable(ref: string): void {
    this.#view.ref(ref);
    const users = this.#view.trustUsersOf(ref);
    if (users.length > 0) {
      throw inUse(`ref://${ref} is the truststore of ${users.join(', ')}.`, {
        reference: REFERENCE_PREFIX + ref,
        references: users,
      });
    }
  }

  /** Every reference with its target and usage. */
  references(): readonly ReferenceInfo[] {
    return this.#view.references();
  }

  /**
   * The store name a reference points at now.
   * @throws StoreError `ERR_STORE_REFERENCE_NOT_FOUND`.
   * @example
   * ```ts
   * registry.target('ref://api-keystore'); // 'api-2026'
   * ```
   */
  target(reference: string): string {
    return this.#view.ref(referenceName(reference)).target;
  }

  // ---- resolution ----

  /**
   * The store a spec names now: `ref://name` through the reference, `name` directly, `{variable}` (or
   * `{ variable }`) through `options.resolveVariable`, whose answer is a name or a reference.
   * @throws StoreError `ERR_STORE_NOT_FOUND`, `ERR_STORE_REFERENCE_NOT_FOUND`, `ERR_STORE_REFERENCE_INVALID`,
   *   `ERR_STORE_VARIABLE_UNRESOLVED`.
   * @example
   * ```ts
   * const ks = registry.resolve('{request.keystore}', { resolveVariable: (v) => tenantKeystore(req, v) });
   * ```
   */
  resolve(spec: StoreSpec, options: ResolveOptions = {}): Store {
    return this.#view.store(this.#view.resolveName(spec, options));
  }

  /**
   * Like {@link StoreRegistry.resolve}, and the store must be a keystore.
   * @throws StoreError as `resolve`, and `ERR_STORE_KIND_MISMATCH`.
   * @example
   * ```ts
   * const ks = registry.resolveKeystore('ref://api-keystore');
   * ```
   */
  resolveKeystore(spec: StoreSpec, options: ResolveOptions = {}): Keystore {
    return this.#view.resolveKeystore(spec, options);
  }

  /**
   * Like {@link StoreRegistry.resolve}, and the store must be a truststore.
   * @throws StoreError as `resolve`, and `ERR_STORE_KIND_MISMATCH`.
   * @example
   * ```ts
   * const ts = registry.resolveTruststore('ref://corp-roots');
   * ```
   */
  resolveTruststore(spec: StoreSpec, options: ResolveOptions = {}): Truststore {
    return this.#view.resolveTruststore(spec, options);
  }

  /**
   * The store name a spec resolves to now (without fetching the store).
   * @throws StoreError as `resolve`.
   * @example
   * ```ts
   * registry.resolveName('ref://api-keystore'); // 'api-2026'
   * ```
   */
  resolveName(spec: StoreSpec, options: ResolveOptions = {}): string {
    return this.#view.resolveName(spec, options);
  }

  // ---- rotation ----

  /**
   * Whether `candidate` will work where the reference's current store works (see
   * `checkKeystoreRotation`, `checkTruststoreRotation`); the reference's usage gives the
   * defaults for `role`, `keyAlias`, `trustStore` and `expiringWithinDays`. Changes nothing.
   * @throws StoreError `ERR_STORE_REFERENCE_NOT_FOUND`, `ERR_STORE_NOT_FOUND`, `ERR_STORE_KIND_MISMATCH`.
   * @example
   * ```ts
   * const report = registry.checkRotation('ref://api-keystore', 'api-2026', { role: 'server', expiringWithinDays: 45 });
   * ```
   */
  checkRotation(reference: string, candidate: string, options: CheckRotationOptions = {}): RotationReport {
    const at = options.at ?? this.#clock();
    return checkRotation(this.#view, referenceName(reference), storeName(candidate), options, at);
  }

  /**
   * Points the reference at another store, atomically (in-memory registry): the rotation check runs
   * first and blocking findings refuse the change (nothing changes) unless `force: true`; then the
   * target, the history (`actor`, `reason`, `at` from the clock, `forced`, finding codes) and the
   * rollback stack are updated together and a `repoint` event is emitted.
   * @throws StoreError `ERR_ROTATION_BLOCKED` with `details.findings`; those of `checkRotation`;
   *   `ERR_STORE_LISTENER_FAILED` after the change when a listener threw (without `onListenerError`).
   * @throws TypeError on a registry kept in a Storage.
   * @example
   * ```ts
   * const r = registry.repoint('ref://api-keystore', 'api-2026', { actor: 'alice', reason: 'CHG-1234' });
   * console.log(r.report.findings.filter((f) => f.severity === 'warning'));
   * ```
   */
  repoint(reference: string, candidate: string, options: RepointOptions = {}): RepointResult {
    this.#memoryOnly('repoint');
    const plan = planRepoint(
      this.#view,
      referenceName(reference),
      storeName(candidate),
      options,
      this.#clock,
      this.#maxHistory,
    );
    if (plan.change !== undefined) this.#commit(plan.change, 0);
    return plan.result;
  }

  /**
   * Re-points the reference in the storage (in memory: as `repoint`): reads the reference and both
   * stores as stored now, runs the rotation check (here, once), then writes with compare-and-set on
   * the version it read. Every process following the storage then fires the `repoint` event.
   * @throws StoreError as `repoint`; `ERR_STORE_REFERENCE_CHANGED` when another writer changed the
   *   reference meanwhile (nothing written); InventoryError `ERR_STORAGE_*`.
   * @example
   * ```ts
   * const r = await registry.repointAsync('ref://api-keystore', 'api-2026', { actor: 'alice', reason: 'CHG-1234' });
   * ```
   */
  async repointAsync(
    reference: string,
    candidate: string,
    options: RepointOptions = {},
  ): Promise<RepointResult> {
    const ref = referenceName(reference);
    const to = storeName(candidate);
    const p = this.#persisted;
    if (p === undefined) return this.repoint(ref, to, options);
    return p.serial(async () => {
      await p.fresh(ref);
      await p.freshStore(to);
      await p.freshStore(this.#view.ref(ref).target);
      const plan = planRepoint(this.#view, ref, to, options, this.#clock, this.#maxHistory);
      if (plan.change !== undefined) this.#commit(plan.change, await p.writeRef(ref, plan.change.next));
      return plan.result;
    });
  }

  /**
   * Points the reference back at the store it pointed at before its last re-point (in-memory registry;
   * repeatable: each rollback goes one step further back). Not checked: it restores a configuration
   * that worked.
   * @throws StoreError `ERR_STORE_NO_ROLLBACK`, `ERR_STORE_NOT_FOUND` (the earlier store was deleted),
   *   `ERR_STORE_REFERENCE_NOT_FOUND`.
   * @throws TypeError on a registry kept in a Storage.
   * @example
   * ```ts
   * registry.rollback('ref://api-keystore', { actor: 'oncall', reason: 'clients fail after rotation' });
   * ```
   */
  rollback(reference: string, attribution: ChangeAttribution = {}): ReferenceHistoryEntry {
    this.#memoryOnly('rollback');
    const change = planRollback(
      this.#view,
      referenceName(reference),
      attribution,
      this.#clock(),
      this.#maxHistory,
    );
    this.#commit(change, 0);
    return change.entry;
  }

  /**
   * Rolls the reference back in the storage (in memory: as `rollback`), with compare-and-set.
   * @throws StoreError as `rollback`; `ERR_STORE_REFERENCE_CHANGED`; InventoryError `ERR_STORAGE_*`.
   * @example
   * ```ts
   * await registry.rollbackAsync('ref://api-keystore', { actor: 'oncall' });
   * ```
   */
  async rollbackAsync(
    reference: string,
    attribution: ChangeAttribution = {},
  ): Promise<ReferenceHistoryEntry> {
    const ref = referenceName(reference);
    const p = this.#persisted;
    if (p === undefined) return this.rollback(ref, attribution);
    return p.serial(async () => {
      await p.fresh(ref);
      const previous = this.#view.ref(ref).previous.at(-1);
      if (previous !== undefined) await p.freshStore(previous);
      const change = planRollback(this.#view, ref, attribution, this.#clock(), this.#maxHistory);
      this.#commit(change, await p.writeRef(ref, change.next));
      return change.entry;
    });
  }

  /**
   * The history of one reference, or of all (oldest first).
   * @throws StoreError `ERR_STORE_REFERENCE_NOT_FOUND`.
   * @example
   * ```ts
   * for (const h of registry.history('ref://api-keystore')) console.log(h.at, h.actor, h.from, '->', h.to, h.forced);
   * ```
   */
  history(reference?: string): readonly ReferenceHistoryEntry[] {
    if (reference !== undefined) return [...this.#view.ref(referenceName(reference)).history];
    return [...this.#view.refs.values()]
      .flatMap((r) => r.state.history)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  #commit(change: RefChange, version: number): void {
    this.#view.refs.set(change.name, { state: change.next, version });
    this.#events.emit(change.events);
  }

  // ---- events ----

  /**
   * Listens for changes (made here, or, on a registry kept in a Storage, by another process); returns
   * a function that stops listening.
   * @example
   * ```ts
   * const stop = registry.on('change', (e) => console.log(e.reference, e.from, '->', e.to));
   * ```
   */
  on(event: 'change', listener: (event: StoreChangeEvent) => void): () => void {
    if (event !== 'change') throw new TypeError(`unknown event ${String(event)}`);
    this.#events.add(listener);
    return () => this.off(event, listener);
  }

  /** Stops a listener. */
  off(event: 'change', listener: (event: StoreChangeEvent) => void): void {
    if (event !== 'change') throw new TypeError(`unknown event ${String(event)}`);
    this.#events.delete(listener);
  }
}
