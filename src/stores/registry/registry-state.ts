import { StoreError } from '../../errors/area-errors.js';
import { Keystore } from '../keystore.js';
import { parseSpec, REFERENCE_PREFIX, type StoreSpec } from '../store-spec.js';
import { Truststore } from '../truststore.js';
import { kindMismatch, referenceNotFound, storeNotFound } from './registry-errors.js';
import type { ReferenceInfo, RefState, ResolveOptions, Store, StoreKind } from './registry-types.js';

/** @internal Which kind a store is. */
export function kindOf(store: Store): StoreKind {
  return store instanceof Keystore ? 'keystore' : 'truststore';
}

/**
 * @internal What a registry knows now: stores by name and references by name (without `ref://`),
 * with the storage version each was read at (0 when the registry keeps no storage). Lookups and
 * resolution are synchronous, so a TLS handshake never waits on storage.
 */
export class RegistryState {
  readonly stores = new Map<string, { readonly store: Store; readonly version: number }>();
  readonly refs = new Map<string, { readonly state: RefState; readonly version: number }>();

  storeNames(): readonly string[] {
    return [...this.stores.keys()];
  }

  /** @throws StoreError `ERR_STORE_NOT_FOUND`. */
  store(name: string): Store {
    const s = this.stores.get(name);
    if (s === undefined) throw storeNotFound(name, this.storeNames());
    return s.store;
  }

  /** @throws StoreError `ERR_STORE_REFERENCE_NOT_FOUND`. */
  ref(name: string): RefState {
    const r = this.refs.get(name);
    if (r === undefined) {
      throw referenceNotFound(
        REFERENCE_PREFIX + name,
        [...this.refs.keys()].map((n) => REFERENCE_PREFIX + n),
      );
    }
    return r.state;
  }

  /** The references that point at the store, or name it as their truststore. */
  referencesTo(name: string): readonly string[] {
    const out: string[] = [];
    for (const [ref, { state }] of this.refs) {
      const trust = state.usage.trustStore;
      const trustName = trust !== undefined && !trust.startsWith(REFERENCE_PREFIX) ? trust : undefined;
      if (state.target === name || trustName === name) out.push(REFERENCE_PREFIX + ref);
    }
    return out;
  }

  /** The references that name `ref://name` as their truststore. */
  trustUsersOf(name: string): readonly string[] {
    return [...this.refs]
      .filter(([other, { state }]) => other !== name && state.usage.trustStore === REFERENCE_PREFIX + name)
      .map(([other]) => REFERENCE_PREFIX + other);
  }

  references(): readonly ReferenceInfo[] {
    return [...this.refs].map(([ref, { state }]) => {
      const target = this.stores.get(state.target)?.store;
      return {
        reference: REFERENCE_PREFIX + ref,
        target: state.target,
        kind: target === undefined ? 'keystore' : kindOf(target),
        usage: state.usage,
      };
    });
  }

  /** @throws StoreError as `StoreRegistry.resolve`. */
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
    if (p.kind === 'reference') return this.ref(p.name).target;
    return p.name;
  }

  /** @throws StoreError as `resolveName`, and `ERR_STORE_KIND_MISMATCH`. */
  resolveKeystore(spec: StoreSpec, options: ResolveOptions = {}): Keystore {
    const name = this.resolveName(spec, options);
    const s = this.store(name);
    if (!(s instanceof Keystore)) throw kindMismatch(name, 'keystore', 'truststore');
    return s;
  }

  /** @throws StoreError as `resolveName`, and `ERR_STORE_KIND_MISMATCH`. */
  resolveTruststore(spec: StoreSpec, options: ResolveOptions = {}): Truststore {
    const name = this.resolveName(spec, options);
    const s = this.store(name);
    if (!(s instanceof Truststore)) throw kindMismatch(name, 'truststore', 'keystore');
    return s;
  }
}
