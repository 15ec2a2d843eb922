import type { Storage } from '../storage/storage.js';
import type { InventoryOptions } from './inventory-options.js';

/** @internal What every inventory operation works on: the storage, its key layout, options and clock. */
export interface InventoryContext {
  readonly storage: Storage;
  /** The master passphrase (never stored or printed). */
  readonly passphrase: string | undefined;
  /** The options without the passphrase. */
  readonly options: InventoryOptions;
  /** The storage key prefix. */
  readonly prefix: string;
  /** The storage key `<prefix>/<kind>/<parts…>`. */
  key(kind: string, ...parts: (string | number)[]): string;
  /** `at`, or the clock's time (TypeError for an invalid Date). */
  now(at?: Date): Date;
}

/** @internal Checks the constructor arguments and builds the context (TypeError for misuse). */
export function createContext(storage: Storage, options: InventoryOptions): InventoryContext {
  if (storage === null || typeof storage !== 'object' || typeof storage.get !== 'function')
    throw new TypeError('storage must implement Storage');
  if (
    options.passphrase !== undefined &&
    (typeof options.passphrase !== 'string' || options.passphrase === '')
  )
    throw new TypeError('passphrase must be a non-empty string');
  const { passphrase: _omit, ...rest } = options;
  const clock = options.clock ?? (() => new Date());
  const prefix = options.prefix ?? 'inventory';
  return {
    storage,
    passphrase: options.passphrase,
    options: rest,
    prefix,
    key: (kind, ...parts) => [prefix, kind, ...parts].join('/'),
    now: (at) => {
      const d = at ?? clock();
      if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError('at must be a valid Date');
      return d;
    },
  };
}
