import { StoreError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import { pollStorage } from '../../storage/poll-storage.js';
import type { Storage, StorageChange, StorageWatch } from '../../storage/storage.js';
import { Keystore } from '../keystore.js';
import { REFERENCE_PREFIX } from '../store-spec.js';
import { eventOf, replacedEvents } from './reference-changes.js';
import {
  decodeRef,
  decodeStore,
  encodeRef,
  encodeStore,
  REFS_PREFIX,
  REGISTRY_PREFIX,
  refKey,
  STORES_PREFIX,
  type StoreRecord,
  storeKey,
} from './registry-codec.js';
import { referenceChanged } from './registry-errors.js';
import type { RegistryKeySeal } from './registry-seal.js';
import type { RegistryState } from './registry-state.js';
import type { RefState, StoreChangeEvent } from './registry-types.js';

/** @internal What {@link RegistryStorage} needs from its registry. */
export interface RegistryStorageOptions {
  readonly storage: Storage;
  readonly view: RegistryState;
  /** Changes made elsewhere and now applied here. */
  readonly onRemoteEvents: (events: readonly StoreChangeEvent[]) => void;
  readonly onSyncError: (error: unknown) => void;
  /** Given by the caller, or undefined (the storage's own interval; 1,000 ms for a fallback poll). */
  readonly pollIntervalMs: number | undefined;
  /** Seals keys written and opens sealed keys read; undefined without a passphrase. */
  readonly seal: RegistryKeySeal | undefined;
  /** Without a seal, keystores may still be written with plain keys (an explicit opt-out). */
  readonly allowPlaintextKeys: boolean;
}

/**
 * @internal A registry's records in a `Storage`: reads them into the registry's view, writes changes
 * with compare-and-set, and follows other processes' changes (the storage's `watch`, or a poll),
 * turning each into the same `change` events a local change fires. Every read-apply and every write
 * runs in one queue, so a process's own write is never mistaken for another's.
 */
export class RegistryStorage {
  readonly #o: RegistryStorageOptions;
  #queue: Promise<unknown> = Promise.resolve();
  #feed: StorageWatch | undefined;

  constructor(options: RegistryStorageOptions) {
    this.#o = options;
  }

  get storage(): Storage {
    return this.#o.storage;
  }

  /** Runs `task` after every earlier task (writes and applies never interleave). */
  serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Reads every record (and forgets what is gone); returns the events of what changed. */
  async reload(): Promise<StoreChangeEvent[]> {
    const { storage, view } = this.#o;
    const events: StoreChangeEvent[] = [];
    const storeKeys = await storage.list(STORES_PREFIX);
    for (const key of storeKeys) events.push(...(await this.apply(key)));
    const refKeys = await storage.list(REFS_PREFIX);
    for (const key of refKeys) events.push(...(await this.apply(key)));
    const keep = new Set([...storeKeys, ...refKeys]);
    for (const name of [...view.stores.keys()]) if (!keep.has(storeKey(name))) view.stores.delete(name);
    for (const name of [...view.refs.keys()]) if (!keep.has(refKey(name))) view.refs.delete(name);
    return events;
  }

  /** Starts following other processes' changes. */
  async follow(): Promise<void> {
    const listener = (change: StorageChange) => {
      void this.serial(async () => {
        const events = change.type === 'resync' ? await this.reload() : await this.apply(change.key);
        this.#o.onRemoteEvents(events);
      }).catch((error: unknown) => this.#o.onSyncError(error));
    };
    const { storage, pollIntervalMs } = this.#o;
    const options = pollIntervalMs === undefined ? {} : { intervalMs: pollIntervalMs };
    this.#feed =
      storage.watch === undefined
        ? await pollStorage(storage, REGISTRY_PREFIX, listener, options)
        : await storage.watch(REGISTRY_PREFIX, listener, options);
    // Changes made between the first load and the start of the feed.
    listener({ type: 'resync' });
  }

  async close(): Promise<void> {
    await this.#feed?.close();
    this.#feed = undefined;
    await this.#queue;
  }

  /** Reads one record into the view when its version is new; returns the events that change means here. */
  async apply(key: string): Promise<StoreChangeEvent[]> {
    if (key.startsWith(STORES_PREFIX)) return this.#applyStore(key);
    if (key.startsWith(REFS_PREFIX)) return this.#applyRef(key);
    return [];
  }

  async #applyStore(key: string): Promise<StoreChangeEvent[]> {
    const { storage, view } = this.#o;
    const got = await storage.get(key);
    if (got === undefined) {
      for (const [name] of view.stores) if (storeKey(name) === key) view.stores.delete(name);
      return [];
    }
    const record = decodeStore(key, got.value, this.#o.seal);
    const known = view.stores.get(record.name);
    if (known !== undefined && known.version >= got.version) return [];
    view.stores.set(record.name, { store: record.store, version: got.version });
    if (known === undefined) return [];
    return replacedEvents(view, record.name, record.store, record.changed, record.changed.at);
  }

  async #applyRef(key: string): Promise<StoreChangeEvent[]> {
    const { storage, view } = this.#o;
    const got = await storage.get(key);
    if (got === undefined) {
      for (const [name] of view.refs) if (refKey(name) === key) view.refs.delete(name);
      return [];
    }
    const { name, state } = decodeRef(key, got.value);
    const known = view.refs.get(name);
    if (known !== undefined && known.version >= got.version) return [];
    if (!view.stores.has(state.target)) await this.#applyStore(storeKey(state.target));
    view.refs.set(name, { state, version: got.version });
    const last = state.history[state.history.length - 1];
    const store = view.stores.get(state.target)?.store;
    if (
      known === undefined ||
      known.state.target === state.target ||
      last === undefined ||
      store === undefined
    ) {
      return [];
    }
    return [{ ...eventOf(last, store), reference: REFERENCE_PREFIX + name, from: known.state.target }];
  }

  /** The reference's record as stored now (applied to the view first), or undefined. */
  async fresh(name: string): Promise<void> {
    this.#o.onRemoteEvents(await this.#applyRef(refKey(name)));
  }

  /** Applies the current record of a store (so checks run against what is stored). */
  async freshStore(name: string): Promise<void> {
    this.#o.onRemoteEvents(await this.#applyStore(storeKey(name)));
  }

  /** Writes a store record (compare-and-set against the version in the view); returns its version. */
  async writeStore(record: StoreRecord): Promise<number> {
    const { seal, allowPlaintextKeys } = this.#o;
    if (
      seal === undefined &&
      !allowPlaintextKeys &&
      record.store instanceof Keystore &&
      record.store.size > 0
    ) {
      throw new StoreError(
        'ERR_STORE_PASSPHRASE_REQUIRED',
        `The keystore "${record.name}" would be stored with its private keys unencrypted; open the registry with a passphrase (or allowPlaintextKeys).`,
        { details: { store: record.name, reason: 'plaintext-keys' } },
      );
    }
    const known = this.#o.view.stores.get(record.name);
    return this.#o.storage.put(storeKey(record.name), encodeStore(record, seal), {
      expectedVersion: known?.version ?? null,
      secret: true,
    });
  }

  async deleteStore(name: string): Promise<void> {
    const known = this.#o.view.stores.get(name);
    await this.#o.storage.delete(
      storeKey(name),
      known === undefined ? {} : { expectedVersion: known.version },
    );
  }

  /**
   * Writes a reference record with compare-and-set against the version this process read (`null`:
   * it must not exist); returns the new version.
   * @throws StoreError `ERR_STORE_REFERENCE_CHANGED` when another writer got there first.
   */
  async writeRef(name: string, next: RefState): Promise<number> {
    const known = this.#o.view.refs.get(name);
    try {
      return await this.#o.storage.put(refKey(name), encodeRef(name, next), {
        expectedVersion: known?.version ?? null,
      });
    } catch (error) {
      if (!isCertkitError(error) || error.code !== 'ERR_STORAGE_CONFLICT') throw error;
      await this.fresh(name).catch(() => undefined);
      const now = this.#o.view.refs.get(name)?.state.target;
      throw referenceChanged(REFERENCE_PREFIX + name, known?.state.target ?? '(undefined)', now);
    }
  }

  async deleteRef(name: string): Promise<void> {
    const known = this.#o.view.refs.get(name);
    await this.#o.storage.delete(refKey(name), known === undefined ? {} : { expectedVersion: known.version });
  }
}
