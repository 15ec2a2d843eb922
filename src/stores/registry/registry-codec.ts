import { createHash } from 'node:crypto';
import { StoreError } from '../../errors/area-errors.js';
import { exportPrivateKey, parsePrivateKey } from '../../keys/index.js';
import { parseCertificate } from '../../x509/index.js';
import { Keystore } from '../keystore.js';
import { Truststore } from '../truststore.js';
import type { RegistryKeySeal } from './registry-seal.js';
import type { ReferenceHistoryEntry, RefState, Store } from './registry-types.js';

/** @internal Where the registry keeps its records in a `Storage`. */
export const REGISTRY_PREFIX = 'registry/';
/** @internal The stores' records. */
export const STORES_PREFIX = `${REGISTRY_PREFIX}stores/`;
/** @internal The references' records. */
export const REFS_PREFIX = `${REGISTRY_PREFIX}refs/`;

/**
 * A store or reference name as one storage key segment: names allow `:` and `/`, keys do not, so
 * `_` `:` `/` are escaped as `_u` `_c` `_s`; a name too long for a key is named by its SHA-256 (`_h…`,
 * which no escaped name can start with). The name itself is inside the record.
 */
function segment(name: string): string {
  const escaped = name.replaceAll('_', '_u').replaceAll(':', '_c').replaceAll('/', '_s');
  return escaped.length <= 150 ? escaped : `_h${createHash('sha256').update(name).digest('hex')}`;
}

/** @internal The storage key of a store. */
export const storeKey = (name: string): string => STORES_PREFIX + segment(name);
/** @internal The storage key of a reference (its name without `ref://`). */
export const refKey = (name: string): string => REFS_PREFIX + segment(name);

/** What a store record says besides the store: its name and who put it. */
export interface StoreRecord {
  readonly name: string;
  readonly store: Store;
  readonly changed: {
    readonly actor: string | undefined;
    readonly reason: string | undefined;
    readonly at: Date;
  };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: unknown) => {
  if (typeof text !== 'string') throw new Error('expected base64 text');
  return new Uint8Array(Buffer.from(text, 'base64'));
};

/** @internal `ERR_STORE_RECORD_CORRUPT` for the registry record under `key`. */
export function corrupt(key: string, cause: unknown): StoreError {
  return new StoreError('ERR_STORE_RECORD_CORRUPT', `The registry record ${key} cannot be read.`, {
    cause,
    details: { storageKey: key },
  });
}

/**
 * @internal A store record as bytes: JSON with certificates as DER (base64) and each key as PKCS#8 DER,
 * sealed (`sealed`: AES-256-GCM, bound to the store and alias) when the registry has a passphrase,
 * else plain (`key`, base64).
 */
export function encodeStore(record: StoreRecord, seal?: RegistryKeySeal): Uint8Array {
  const { store } = record;
  const body =
    store instanceof Keystore
      ? {
          kind: 'keystore',
          keys: store.entries().map((e) => ({
            alias: e.alias,
            ...(seal === undefined
              ? { key: b64(exportPrivateKey(e.privateKey, { format: 'pkcs8-der' })) }
              : {
                  sealed: seal.seal(
                    exportPrivateKey(e.privateKey, { format: 'pkcs8-der' }),
                    record.name,
                    e.alias,
                  ),
                }),
            chain: e.chain.map((c) => b64(c.der)),
          })),
        }
      : {
          kind: 'truststore',
          trusted: store.entries().map((t) => ({ alias: t.alias, cert: b64(t.certificate.der) })),
        };
  const changed = {
    actor: record.changed.actor,
    reason: record.changed.reason,
    at: record.changed.at.toISOString(),
  };
  return new TextEncoder().encode(JSON.stringify({ v: 1, name: record.name, changed, ...body }));
}

/**
 * @internal Reads a store record back (without re-running the entry checks: they ran when it was put).
 * @throws StoreError `ERR_STORE_RECORD_CORRUPT`.
 */
export function decodeStore(key: string, bytes: Uint8Array, seal?: RegistryKeySeal): StoreRecord {
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (doc.v !== 1 || typeof doc.name !== 'string') throw new Error('not a version 1 store record');
    const changed = doc.changed as { actor?: string; reason?: string; at: string };
    const attribution = { actor: changed.actor, reason: changed.reason, at: new Date(changed.at) };
    if (doc.kind === 'keystore') {
      const name = doc.name;
      const keys = (doc.keys as { alias: string; key?: string; sealed?: string; chain: string[] }[]).map(
        (k) => ({
          alias: k.alias,
          privateKey: parsePrivateKey(
            k.sealed === undefined ? unb64(k.key) : unsealed(key, name, k.alias, k.sealed, seal),
          ),
          chain: k.chain.map((c) => parseCertificate(unb64(c))),
        }),
      );
      return { name: doc.name, store: Keystore.fromContents({ keys }), changed: attribution };
    }
    if (doc.kind === 'truststore') {
      const trusted = (doc.trusted as { alias: string; cert: string }[]).map((t) => ({
        alias: t.alias,
        certificate: parseCertificate(unb64(t.cert)),
      }));
      return { name: doc.name, store: Truststore.fromContents({ trusted }), changed: attribution };
    }
    throw new Error(`unknown kind ${String(doc.kind)}`);
  } catch (error) {
    if (error instanceof StoreError && error.code === 'ERR_STORE_PASSPHRASE_REQUIRED') throw error;
    throw corrupt(key, error);
  }
}

function unsealed(
  key: string,
  store: string,
  alias: string,
  text: string,
  seal: RegistryKeySeal | undefined,
): Uint8Array {
  if (seal === undefined) {
    throw new StoreError(
      'ERR_STORE_PASSPHRASE_REQUIRED',
      `The keystore "${store}" holds sealed keys; open the registry with its passphrase.`,
      { details: { storageKey: key, store, reason: 'sealed-key' } },
    );
  }
  const der = seal.unseal(text, store, alias);
  if (der === undefined) throw new Error(`the sealed key of "${alias}" does not open (altered or moved)`);
  return der;
}

/** @internal The kind a store record holds, read without decoding its contents. */
export function recordKind(key: string, bytes: Uint8Array): 'keystore' | 'truststore' {
  try {
    const kind = (JSON.parse(new TextDecoder().decode(bytes)) as { kind?: unknown }).kind;
    if (kind === 'keystore' || kind === 'truststore') return kind;
    throw new Error(`unknown kind ${String(kind)}`);
  } catch (error) {
    throw corrupt(key, error);
  }
}

/** @internal A reference record as bytes (JSON; dates as ISO text). */
export function encodeRef(name: string, state: RefState): Uint8Array {
  const history = state.history.map((h) => ({ ...h, at: h.at.toISOString() }));
  return new TextEncoder().encode(JSON.stringify({ v: 1, name, ...state, history }));
}

/**
 * @internal Reads a reference record back.
 * @throws StoreError `ERR_STORE_RECORD_CORRUPT`.
 */
export function decodeRef(
  key: string,
  bytes: Uint8Array,
): { readonly name: string; readonly state: RefState } {
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as {
      v: number;
      name: string;
      target: string;
      usage: RefState['usage'];
      previous: string[];
      history: (Omit<ReferenceHistoryEntry, 'at'> & { at: string })[];
    };
    if (doc.v !== 1 || typeof doc.name !== 'string' || typeof doc.target !== 'string') {
      throw new Error('not a version 1 reference record');
    }
    const history = doc.history.map(
      (h) => Object.freeze({ ...h, at: new Date(h.at) }) as ReferenceHistoryEntry,
    );
    return {
      name: doc.name,
      state: { target: doc.target, usage: doc.usage ?? {}, previous: [...doc.previous], history },
    };
  } catch (error) {
    throw corrupt(key, error);
  }
}
