import { StoreError } from '../errors/area-errors.js';
import { Keystore } from './keystore.js';
import {
  checkKeystoreRotation,
  checkTruststoreRotation,
  type RotationReport,
  type StoreRole,
} from './rotation-check.js';
import { parseSpec, REFERENCE_PREFIX, referenceName, type StoreSpec, storeName } from './store-spec.js';
import { Truststore } from './truststore.js';

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

interface RefState {
  target: string;
  usage: ReferenceUsage;
  /** Earlier targets, most recent last (rollback pops). */
  previous: string[];
  history: ReferenceHistoryEntry[];
}

function kindOf(store: Store): StoreKind {
  return store instanceof Keystore ? 'keystore' : 'truststore';
}

/**
 * Named keystores and truststores, and references to them (`ref://name`), in memory. A TLS profile
 * holds a reference; `resolve` gives the store it points at now; `repoint` moves it to another store
 * atomically, after {@link checkKeystoreRotation} says the new store will work where the old one did
 * (blocking findings refuse the change unless `force`), records who/when/why in the history, and emits
 * a `change` event so live servers reload. `rollback` returns to the previous target.
 *
 * Stores are immutable values, so a resolved store never changes under its user; changes happen by
 * putting a new value under a name (`putKeystore`, which emits `store-replaced` for the references to
 * it) or by re-pointing a reference.
 *
 * @example
 * ```ts
 * import { StoreRegistry } from 'certkit/stores';
 * const registry = new StoreRegistry();
 * registry.putKeystore('api-2025', ks2025);
 * registry.putTruststore('corp-roots', roots);
 * registry.defineReference('ref://api-keystore', 'api-2025', { role: 'server', trustStore: 'corp-roots' });
 * registry.on('change', (e) => server.setSecureContext(contextFrom(e.store)));
 * registry.putKeystore('api-2026', ks2026);
 * registry.repoint('ref://api-keystore', 'api-2026', { actor: 'deploy-bot', reason: 'annual renewal' });
 * ```
 */
export class StoreRegistry {
  readonly #stores = new Map<string, Store>();
  readonly #refs = new Map<string, RefState>();
  readonly #listeners = new Set<(event: StoreChangeEvent) => void>();
  readonly #clock: () => Date;
  readonly #onListenerError: ((error: unknown, event: StoreChangeEvent) => void) | undefined;
  readonly #maxHistory: number;

  constructor(options: StoreRegistryOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    if (options.clock !== undefined && typeof options.clock !== 'function')
      throw new TypeError('clock must be a function');
    this.#clock = options.clock ?? (() => new Date());
    this.#onListenerError = options.onListenerError;
    const max = options.maxHistory ?? 1000;
    if (!Number.isInteger(max) || max < 1) throw new TypeError('maxHistory must be an integer ≥ 1');
    this.#maxHistory = max;
  }

  // ---- stores ----

  /**
   * Adds or replaces a keystore under `name`. Replacing one that references point at emits a
   * `store-replaced` event per reference (no rotation check: `repoint` is the checked path).
   * @throws StoreError `ERR_STORE_KIND_MISMATCH` when `name` holds a truststore; `ERR_STORE_REFERENCE_INVALID` for a bad name.
   * @throws TypeError when `keystore` is not a Keystore.
   * @example
   * ```ts
   * registry.putKeystore('api-2026', Keystore.fromPkcs12(bytes, { password }));
   * ```
   */
  putKeystore(name: string, keystore: Keystore, attribution: ChangeAttribution = {}): void {
    if (!(keystore instanceof Keystore)) throw new TypeError('putKeystore expects a Keystore');
    this.#put(name, keystore, attribution);
  }

  /**
   * Adds or replaces a truststore under `name` (see {@link StoreRegistry.putKeystore}).
   * @throws StoreError `ERR_STORE_KIND_MISMATCH` when `name` holds a keystore.
   * @throws TypeError when `truststore` is not a Truststore.
   * @example
   * ```ts
   * registry.putTruststore('corp-roots', Truststore.fromPemBundle(pem));
   * ```
   */
  putTruststore(name: string, truststore: Truststore, attribution: ChangeAttribution = {}): void {
    if (!(truststore instanceof Truststore)) throw new TypeError('putTruststore expects a Truststore');
    this.#put(name, truststore, attribution);
  }

  #put(name: string, store: Store, attribution: ChangeAttribution): void {
    const n = storeName(name);
    const existing = this.#stores.get(n);
    if (existing !== undefined && kindOf(existing) !== kindOf(store)) {
      throw kindMismatch(n, kindOf(store), kindOf(existing));
    }
    this.#stores.set(n, store);
    if (existing === undefined) return;
    const at = this.#clock();
    const events: StoreChangeEvent[] = [];
    for (const [ref, state] of this.#refs) {
      if (state.target !== n) continue;
      events.push({
        type: 'store-replaced',
        reference: REFERENCE_PREFIX + ref,
        from: n,
        to: n,
        store,
        actor: attribution.actor,
        reason: attribution.reason,
        at,
        forced: false,
      });
    }
    this.#emit(events);
  }

  /**
   * Deletes a store.
   * @throws StoreError `ERR_STORE_IN_USE` (with `details.references`) when a reference points at it or
   *   names it as its truststore; `ERR_STORE_NOT_FOUND`.
   * @example
   * ```ts
   * registry.deleteStore('api-2024');
   * ```
   */
  deleteStore(name: string): void {
    const n = storeName(name);
    this.#store(n);
    const users = this.referencesTo(n);
    if (users.length > 0) {
      throw new StoreError('ERR_STORE_IN_USE', `The store "${n}" is in use by ${users.join(', ')}.`, {
        details: { name: n, references: users },
      });
    }
    this.#stores.delete(n);
  }

  /** Whether a store of that name exists. */
  hasStore(name: string): boolean {
    return this.#stores.has(name);
  }

  /** The store names, in insertion order. */
  storeNames(): readonly string[] {
    return [...this.#stores.keys()];
  }

  /**
   * The references that point at the store, or name it as their truststore (`ref://name` forms).
   * @example
   * ```ts
   * console.log(registry.referencesTo('corp-roots'));
   * ```
   */
  referencesTo(name: string): readonly string[] {
    const out: string[] = [];
    for (const [ref, state] of this.#refs) {
      const trust = state.usage.trustStore;
      const trustName = trust !== undefined && !trust.startsWith(REFERENCE_PREFIX) ? trust : undefined;
      if (state.target === name || trustName === name) out.push(REFERENCE_PREFIX + ref);
    }
    return out;
  }

  #store(name: string): Store {
    const s = this.#stores.get(name);
    if (s === undefined) {
      throw new StoreError('ERR_STORE_NOT_FOUND', `No store "${name}" in the registry.`, {
        details: { name, stores: this.storeNames() },
      });
    }
    return s;
  }

  // ---- references ----

  /**
   * Defines a reference to a store, with how the TLS profile uses it (defaults for rotation checks).
   * Recorded in the history as `define`; no event.
   * @param reference `ref://name` or `name`.
   * @throws StoreError `ERR_STORE_REFERENCE_EXISTS`, `ERR_STORE_NOT_FOUND`, `ERR_STORE_REFERENCE_INVALID`.
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
    const ref = referenceName(reference);
    const target = storeName(storeName_);
    if (this.#refs.has(ref)) {
      throw new StoreError(
        'ERR_STORE_REFERENCE_EXISTS',
        `The reference ref://${ref} is already defined; use repoint.`,
        {
          details: { reference: REFERENCE_PREFIX + ref, target: this.#refs.get(ref)!.target },
        },
      );
    }
    this.#store(target);
    if (options.trustStore !== undefined) parseSpec(options.trustStore);
    const usage: ReferenceUsage = {
      ...(options.role === undefined ? {} : { role: options.role }),
      ...(options.keyAlias === undefined ? {} : { keyAlias: options.keyAlias }),
      ...(options.trustStore === undefined ? {} : { trustStore: options.trustStore }),
      ...(options.expiringWithinDays === undefined ? {} : { expiringWithinDays: options.expiringWithinDays }),
    };
    const state: RefState = { target, usage, previous: [], history: [] };
    state.history.push({
      reference: REFERENCE_PREFIX + ref,
      action: 'define',
      from: undefined,
      to: target,
      actor: options.actor,
      reason: options.reason,
      at: this.#clock(),
      forced: false,
      findings: [],
    });
    this.#refs.set(ref, state);
  }

  /**
   * Deletes a reference (its history goes with it).
   * @throws StoreError `ERR_STORE_REFERENCE_NOT_FOUND`; `ERR_STORE_IN_USE` when another reference
   *   names it as its truststore.
   * @example
   * ```ts
   * registry.deleteReference('ref://old-api');
   * ```
   */
  deleteReference(reference: string): void {
    const ref = referenceName(reference);
    this.#ref(ref);
    const users = [...this.#refs]
      .filter(([other, s]) => other !== ref && s.usage.trustStore === REFERENCE_PREFIX + ref)
      .map(([other]) => REFERENCE_PREFIX + other);
    if (users.length > 0) {
      throw new StoreError('ERR_STORE_IN_USE', `ref://${ref} is the truststore of ${users.join(', ')}.`, {
        details: { reference: REFERENCE_PREFIX + ref, references: users },
      });
    }
    this.#refs.delete(ref);
  }

  /** Every reference with its target and usage. */
  references(): readonly ReferenceInfo[] {
    return [...this.#refs].map(([ref, s]) => ({
      reference: REFERENCE_PREFIX + ref,
      target: s.target,
      kind: kindOf(this.#stores.get(s.target)!),
      usage: s.usage,
    }));
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
    return this.#ref(referenceName(reference)).target;
  }

  #ref(ref: string): RefState {
    const s = this.#refs.get(ref);
    if (s === undefined) {
      throw new StoreError('ERR_STORE_REFERENCE_NOT_FOUND', `No reference ref://${ref} is defined.`, {
        details: {
          reference: REFERENCE_PREFIX + ref,
          references: [...this.#refs.keys()].map((r) => REFERENCE_PREFIX + r),
        },
      });
    }
    return s;
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
    return this.#store(this.resolveName(spec, options));
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
    const name = this.resolveName(spec, options);
    const s = this.#store(name);
    if (!(s instanceof Keystore)) throw kindMismatch(name, 'keystore', 'truststore');
    return s;
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
    const name = this.resolveName(spec, options);
    const s = this.#store(name);
    if (!(s instanceof Truststore)) throw kindMismatch(name, 'truststore', 'keystore');
    return s;
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
    let p = parseSpec(spec);
    if (p.kind === 'variable') {
      const resolver = options.resolveVariable;
      if (resolver !== undefined && typeof resolver !== 'function')
        throw new TypeError('resolveVariable must be a function');
      const value = resolver?.(p.variable);
      if (typeof value !== 'string') {
        throw new StoreError(
          'ERR_STORE_VARIABLE_UNRESOLVED',
          resolver === undefined
            ? `The variable {${p.variable}} needs a resolveVariable function.`
            : `The variable {${p.variable}} resolved to nothing.`,
          { details: { variable: p.variable } },
        );
      }
      p = parseSpec(value);
      if (p.kind === 'variable') {
        throw new StoreError(
          'ERR_STORE_VARIABLE_UNRESOLVED',
          `A variable resolved to another variable (${value}).`,
          {
            details: { variable: p.variable },
          },
        );
      }
    }
    if (p.kind === 'reference') return this.#ref(p.name).target;
    return p.name;
  }

  // ---- rotation ----

  /**
   * Whether `candidate` will work where the reference's current store works (see
   * {@link checkKeystoreRotation}, {@link checkTruststoreRotation}); the reference's usage gives the
   * defaults for `role`, `keyAlias`, `trustStore` and `expiringWithinDays`. Changes nothing.
   * @throws StoreError `ERR_STORE_REFERENCE_NOT_FOUND`, `ERR_STORE_NOT_FOUND`, `ERR_STORE_KIND_MISMATCH`.
   * @example
   * ```ts
   * const report = registry.checkRotation('ref://api-keystore', 'api-2026', { role: 'server', expiringWithinDays: 45 });
   * ```
   */
  checkRotation(reference: string, candidate: string, options: CheckRotationOptions = {}): RotationReport {
    const ref = referenceName(reference);
    const state = this.#ref(ref);
    const to = storeName(candidate);
    const next = this.#store(to);
    const current = this.#stores.get(state.target);
    const base = { reference: REFERENCE_PREFIX + ref, from: state.target, to };
    const at = options.at ?? this.#clock();
    if (current !== undefined && kindOf(current) !== kindOf(next))
      throw kindMismatch(to, kindOf(current), kindOf(next));
    if (next instanceof Truststore) {
      return { ...checkTruststoreRotation(current as Truststore | undefined, next, { at }), ...base };
    }
    const u = state.usage;
    const trustSpec = options.trustStore ?? u.trustStore;
    const trustStore =
      trustSpec instanceof Truststore
        ? trustSpec
        : trustSpec === undefined
          ? undefined
          : this.resolveTruststore(trustSpec);
    const role = options.role ?? u.role;
    const keyAlias = options.keyAlias ?? u.keyAlias;
    const days = options.expiringWithinDays ?? u.expiringWithinDays;
    const report = checkKeystoreRotation(current as Keystore | undefined, next, {
      at,
      ...(role === undefined ? {} : { role }),
      ...(keyAlias === undefined ? {} : { keyAlias }),
      ...(trustStore === undefined ? {} : { trustStore }),
      ...(days === undefined ? {} : { expiringWithinDays: days }),
    });
    return { ...report, ...base };
  }

  /**
   * Points the reference at another store, atomically: the rotation check runs first and blocking
   * findings refuse the change (nothing changes) unless `force: true`; then the target, the history
   * (`actor`, `reason`, `at` from the clock, `forced`, finding codes) and the rollback stack are
   * updated together and a `repoint` event is emitted.
   * @throws StoreError `ERR_ROTATION_BLOCKED` with `details.findings`; those of `checkRotation`;
   *   `ERR_STORE_LISTENER_FAILED` after the change when a listener threw (without `onListenerError`).
   * @example
   * ```ts
   * const r = registry.repoint('ref://api-keystore', 'api-2026', { actor: 'alice', reason: 'CHG-1234' });
   * console.log(r.report.findings.filter((f) => f.severity === 'warning'));
   * ```
   */
  repoint(reference: string, candidate: string, options: RepointOptions = {}): RepointResult {
    const ref = referenceName(reference);
    const state = this.#ref(ref);
    const from = state.target;
    const to = storeName(candidate);
    const report = this.checkRotation(ref, to, options);
    const forced = !report.ok;
    if (forced && options.force !== true) {
      const blocking = report.findings.filter((f) => f.severity === 'blocking');
      throw new StoreError(
        'ERR_ROTATION_BLOCKED',
        `ref://${ref} was not re-pointed from "${from}" to "${to}": ${blocking.map((f) => f.code).join(', ')}.`,
        {
          details: {
            reference: REFERENCE_PREFIX + ref,
            from,
            to,
            codes: blocking.map((f) => f.code),
            findings: report.findings,
          },
        },
      );
    }
    const base = { reference: REFERENCE_PREFIX + ref, from, to, forced, report };
    if (from === to) return { ...base, changed: false };
    const at = this.#clock();
    state.previous.push(from);
    state.target = to;
    this.#record(state, {
      reference: REFERENCE_PREFIX + ref,
      action: 'repoint',
      from,
      to,
      actor: options.actor,
      reason: options.reason,
      at,
      forced,
      findings: report.findings.map((f) => f.code),
    });
    this.#emit([
      {
        type: 'repoint',
        reference: REFERENCE_PREFIX + ref,
        from,
        to,
        store: this.#stores.get(to)!,
        actor: options.actor,
        reason: options.reason,
        at,
        forced,
      },
    ]);
    return { ...base, changed: true };
  }

  /**
   * Points the reference back at the store it pointed at before its last re-point (repeatable: each
   * rollback goes one step further back). Not checked: it restores a configuration that worked.
   * @throws StoreError `ERR_STORE_NO_ROLLBACK`, `ERR_STORE_NOT_FOUND` (the earlier store was deleted),
   *   `ERR_STORE_REFERENCE_NOT_FOUND`.
   * @example
   * ```ts
   * registry.rollback('ref://api-keystore', { actor: 'oncall', reason: 'clients fail after rotation' });
   * ```
   */
  rollback(reference: string, attribution: ChangeAttribution = {}): ReferenceHistoryEntry {
    const ref = referenceName(reference);
    const state = this.#ref(ref);
    const to = state.previous[state.previous.length - 1];
    if (to === undefined) {
      throw new StoreError('ERR_STORE_NO_ROLLBACK', `ref://${ref} has no earlier target to roll back to.`, {
        details: { reference: REFERENCE_PREFIX + ref, target: state.target },
      });
    }
    const store = this.#store(to);
    const from = state.target;
    state.previous.pop();
    state.target = to;
    const entry: ReferenceHistoryEntry = {
      reference: REFERENCE_PREFIX + ref,
      action: 'rollback',
      from,
      to,
      actor: attribution.actor,
      reason: attribution.reason,
      at: this.#clock(),
      forced: false,
      findings: [],
    };
    this.#record(state, entry);
    this.#emit([
      {
        type: 'rollback',
        reference: entry.reference,
        from,
        to,
        store,
        actor: entry.actor,
        reason: entry.reason,
        at: entry.at,
        forced: false,
      },
    ]);
    return entry;
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
    if (reference !== undefined) return [...this.#ref(referenceName(reference)).history];
    return [...this.#refs.values()].flatMap((s) => s.history).sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  #record(state: RefState, entry: ReferenceHistoryEntry): void {
    state.history.push(Object.freeze(entry));
    if (state.history.length > this.#maxHistory)
      state.history.splice(0, state.history.length - this.#maxHistory);
  }

  // ---- events ----

  /**
   * Listens for changes; returns a function that stops listening.
   * @example
   * ```ts
   * const stop = registry.on('change', (e) => console.log(e.reference, e.from, '->', e.to));
   * ```
   */
  on(event: 'change', listener: (event: StoreChangeEvent) => void): () => void {
    if (event !== 'change') throw new TypeError(`unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    this.#listeners.add(listener);
    return () => this.off(event, listener);
  }

  /** Stops a listener. */
  off(event: 'change', listener: (event: StoreChangeEvent) => void): void {
    if (event !== 'change') throw new TypeError(`unknown event ${String(event)}`);
    this.#listeners.delete(listener);
  }

  #emit(events: readonly StoreChangeEvent[]): void {
    let first: { error: unknown; event: StoreChangeEvent } | undefined;
    let failures = 0;
    for (const e of events) {
      const event = Object.freeze(e);
      for (const l of [...this.#listeners]) {
        try {
          l(event);
        } catch (error) {
          if (this.#onListenerError !== undefined) this.#onListenerError(error, event);
          else {
            failures++;
            first ??= { error, event };
          }
        }
      }
    }
    if (first !== undefined) {
      throw new StoreError(
        'ERR_STORE_LISTENER_FAILED',
        `${failures} change listener call(s) threw; the change was made.`,
        {
          cause: first.error,
          details: { failures, reference: first.event.reference, type: first.event.type },
        },
      );
    }
  }
}

function kindMismatch(name: string, expected: StoreKind, found: StoreKind): StoreError {
  return new StoreError('ERR_STORE_KIND_MISMATCH', `"${name}" is a ${found}, not a ${expected}.`, {
    details: { name, expected, found },
  });
}
