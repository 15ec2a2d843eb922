import type { StorageChange, StorageChangeListener, StorageWatch } from './storage.js';

interface Subscription {
  readonly prefix: string;
  readonly listener: StorageChangeListener;
}

/**
 * The watchers of one storage object in this process: writes made through it are reported to them at
 * once (other processes' writes come from the backend's own feed). A throwing listener does not stop
 * the others, nor the write that reported the change.
 */
export class ChangeHub {
  readonly #subs = new Set<Subscription>();

  /** Adds a watcher; the returned watch removes it. */
  add(prefix: string, listener: StorageChangeListener): StorageWatch {
    if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const sub: Subscription = { prefix, listener };
    this.#subs.add(sub);
    return {
      close: async () => {
        this.#subs.delete(sub);
      },
    };
  }

  /** Reports a change to every watcher whose prefix matches (all of them for `resync`). */
  publish(change: StorageChange): void {
    for (const sub of [...this.#subs]) {
      if (change.type !== 'resync' && !change.key.startsWith(sub.prefix)) continue;
      try {
        sub.listener(change);
      } catch {
        // A watcher's failure is its own: the change has been made and the others still hear of it.
      }
    }
  }

  /** Forgets every watcher. */
  clear(): void {
    this.#subs.clear();
  }
}
