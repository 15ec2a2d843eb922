/**
 * @internal certkit's one in-flight cache: concurrent requests for the same key share one promise
 * while it is pending (a CRL or an issuer certificate is fetched once however many chains ask for it
 * at the same time); the entry goes when the promise settles, so results are cached elsewhere.
 */
export interface InFlight<V> {
  /** The pending promise for `key`, or the one `start()` makes (kept until it settles). */
  run(key: string, start: () => Promise<V>): Promise<V>;
}

/** @internal A new {@link InFlight}. */
export function createInFlight<V>(): InFlight<V> {
  const pending = new Map<string, Promise<V>>();
  return {
    run(key, start) {
      const existing = pending.get(key);
      if (existing !== undefined) return existing;
      const p = start().finally(() => pending.delete(key));
      pending.set(key, p);
      return p;
    },
  };
}
