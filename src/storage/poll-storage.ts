import type { Storage, StorageChangeListener, StorageWatch } from './storage.js';

/**
 * Options of {@link pollStorage}.
 *
 * @example
 * ```ts
 * import { pollStorage } from 'certkit/storage';
 * const feed = await pollStorage(storage, 'registry/', onChange, { intervalMs: 500 });
 * ```
 */
export interface PollStorageOptions {
  /** How often to compare, in milliseconds. Default 1,000. */
  readonly intervalMs?: number;
  /**
   * Reads the versions of the keys under a prefix. Default: `list`, then `get` of each key (backends
   * with a cheaper way pass their own).
   */
  readonly versions?: (prefix: string) => Promise<Map<string, number>>;
  /** Called when one poll fails (the next one still runs). Default: ignored. */
  readonly onError?: (error: unknown) => void;
}

/** The versions of the keys under `prefix`, read with `list` and `get`. */
export async function readVersions(storage: Storage, prefix: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const key of await storage.list(prefix)) {
    const got = await storage.get(key);
    if (got !== undefined) out.set(key, got.version);
  }
  return out;
}

/**
 * A change feed for any {@link Storage}: compares the versions of the keys under `prefix` every
 * `intervalMs` and reports each key written or deleted since the last look. Used by backends without
 * a push feed (files), and by consumers of a storage that has no `watch`. The timer does not keep the
 * process alive.
 *
 * @throws InventoryError from the first read (`ERR_STORAGE_*`): the feed is not started.
 * @throws TypeError for an interval that is not a positive number.
 * @example
 * ```ts
 * import { FileStorage, pollStorage } from 'certkit/storage';
 * const feed = await pollStorage(new FileStorage({ dir }), 'registry/', (c) => console.log(c));
 * await feed.close();
 * ```
 */
export async function pollStorage(
  storage: Storage,
  prefix: string,
  listener: StorageChangeListener,
  options: PollStorageOptions = {},
): Promise<StorageWatch> {
  const intervalMs = options.intervalMs ?? 1000;
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new TypeError('intervalMs must be a positive number of milliseconds');
  }
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  const read = options.versions ?? ((p: string) => readVersions(storage, p));
  let known = await read(prefix);
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    try {
      const now = await read(prefix);
      if (closed) return;
      for (const [key, version] of now) {
        if (known.get(key) !== version) listener({ type: 'put', key, version });
      }
      for (const key of known.keys()) if (!now.has(key)) listener({ type: 'delete', key, version: null });
      known = now;
    } catch (error) {
      options.onError?.(error);
    } finally {
      if (!closed) schedule();
    }
  };
  const schedule = () => {
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref();
  };
  schedule();
  return {
    close: async () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
