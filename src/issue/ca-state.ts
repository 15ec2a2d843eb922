import { IssueError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { exportPrivateKey } from '../keys/export-private-key.js';
import { parsePrivateKey } from '../keys/parse-private-key.js';
import type { PrivateKey } from '../keys/private-key.js';
import type { Storage } from '../storage/storage.js';

/** @internal One revoked serial in the CA's state. */
export interface StoredRevocation {
  readonly serialNumber: string;
  readonly revokedAt: string;
  readonly reason: string;
}

/** @internal The CA's state as stored (JSON), beside its sealed key and the certificates it issued. */
export interface StoredCaState {
  readonly format: 1;
  /** The issuing CA certificate first, then its issuers up to the root (PEM). */
  readonly chain: readonly string[];
  /** The number the next CRL gets (RFC 5280 section 5.2.3). */
  readonly nextCrlNumber: number;
  readonly revoked: readonly StoredRevocation[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** @internal The storage keys of one CA. */
export function caKeys(name: string): {
  state: string;
  key: string;
  rootKey: string;
  issued: (serial: string) => string;
} {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name) || name === '.' || name === '..') {
    throw new TypeError(`CA name must be 1-64 characters of A-Z a-z 0-9 . _ - (got ${JSON.stringify(name)})`);
  }
  const prefix = `ca/${name}`;
  return {
    state: `${prefix}/state.json`,
    key: `${prefix}/key.pem`,
    rootKey: `${prefix}/root-key.pem`,
    issued: (serial) => `${prefix}/issued/${serial}.pem`,
  };
}

/** @internal Reads the state and its version. */
export async function readState(
  storage: Storage,
  key: string,
): Promise<{ state: StoredCaState; version: number } | undefined> {
  const got = await storage.get(key);
  if (got === undefined) return undefined;
  return { state: JSON.parse(decoder.decode(got.value)) as StoredCaState, version: got.version };
}

/** @internal Writes the state with compare-and-swap. */
export function writeState(
  storage: Storage,
  key: string,
  state: StoredCaState,
  expectedVersion: number | null,
): Promise<number> {
  return storage.put(key, encoder.encode(JSON.stringify(state)), { expectedVersion });
}

/** @internal Updates the state with compare-and-swap, retrying when another writer got there first. */
export async function updateState<T>(
  storage: Storage,
  key: string,
  change: (state: StoredCaState) => { state: StoredCaState; result: T },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const current = await readState(storage, key);
    if (current === undefined) throw caNotFound(key);
    const { state, result } = change(current.state);
    try {
      await writeState(storage, key, state, current.version);
      return result;
    } catch (e) {
      if (!isCertkitError(e, 'ERR_STORAGE_CONFLICT') || attempt >= 20) throw e;
    }
  }
}

/** @internal */
export function caNotFound(key: string): IssueError {
  return new IssueError('ERR_ISSUE_CA_NOT_FOUND', `No certificate authority is stored at ${key}.`, {
    details: { key },
  });
}

/** @internal Seals a key as the inventory does: PKCS#8, encrypted with the passphrase when there is one. */
export function sealKey(
  key: PrivateKey,
  passphrase: string | undefined,
  iterations: number | undefined,
): Uint8Array {
  const pem =
    passphrase === undefined
      ? exportPrivateKey(key, { format: 'pkcs8-pem' })
      : exportPrivateKey(key, {
          format: 'pkcs8-pem',
          password: passphrase,
          ...(iterations === undefined ? {} : { iterations }),
        });
  return encoder.encode(pem);
}

/** @internal Opens a sealed key. @throws IssueError `ERR_ISSUE_CA_KEY_UNAVAILABLE` */
export async function openKey(
  storage: Storage,
  key: string,
  passphrase: string | undefined,
): Promise<PrivateKey> {
  const got = await storage.get(key);
  if (got === undefined) {
    throw new IssueError('ERR_ISSUE_CA_KEY_UNAVAILABLE', `The CA key ${key} is missing from the storage.`, {
      details: { key, reason: 'missing' },
    });
  }
  try {
    return parsePrivateKey(got.value, passphrase === undefined ? {} : { password: passphrase });
  } catch (cause) {
    if (!isCertkitError(cause)) throw cause;
    throw new IssueError(
      'ERR_ISSUE_CA_KEY_UNAVAILABLE',
      `The CA key ${key} cannot be opened${passphrase === undefined ? ' without a passphrase' : ' with this passphrase'}.`,
      { cause, details: { key, reason: cause.code } },
    );
  }
}
