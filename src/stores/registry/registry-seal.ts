import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { StoreError } from '../../errors/area-errors.js';
import type { Storage } from '../../storage/storage.js';
import { corrupt, REGISTRY_PREFIX } from './registry-codec.js';

const pbkdf2Async = promisify(pbkdf2);

/** @internal Where a sealed registry keeps its salt, iteration count and passphrase check. */
export const SEAL_KEY = `${REGISTRY_PREFIX}seal`;

/** PBKDF2-HMAC-SHA256 iterations for a new seal (OWASP 2023 figure for SHA-256). */
export const DEFAULT_SEAL_ITERATIONS = 600_000;

const CHECK_TEXT = 'certkit registry seal v1';
const TAG = 'aes-256-gcm:';

interface SealRecord {
  readonly v: 1;
  readonly kdf: 'pbkdf2-sha256';
  readonly iterations: number;
  readonly salt: string;
  readonly check: string;
}

function encrypt(kek: Buffer, plain: Uint8Array, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return TAG + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/** undefined when the text was not sealed with this key and context (wrong passphrase, moved, altered). */
function decrypt(kek: Buffer, text: string, context: string): Uint8Array | undefined {
  if (!text.startsWith(TAG)) return undefined;
  const raw = Buffer.from(text.slice(TAG.length), 'base64');
  if (raw.length < 12 + 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return new Uint8Array(
      Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]),
    );
  } catch {
    return undefined;
  }
}

function readRecord(bytes: Uint8Array): SealRecord {
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as SealRecord;
    if (
      doc.v !== 1 ||
      doc.kdf !== 'pbkdf2-sha256' ||
      typeof doc.salt !== 'string' ||
      typeof doc.check !== 'string'
    )
      throw new Error('not a version 1 seal record');
    if (!Number.isSafeInteger(doc.iterations) || doc.iterations < 1 || doc.iterations > 10_000_000)
      throw new Error(`iterations out of range: ${String(doc.iterations)}`);
    return doc;
  } catch (error) {
    throw corrupt(SEAL_KEY, error);
  }
}

/**
 * @internal A registry's key-encryption key: the private keys of its keystores are stored encrypted
 * with AES-256-GCM under a key derived once from the passphrase (PBKDF2-HMAC-SHA256, salt and
 * iteration count in `registry/seal`), each bound to its store and alias, so a sealed key cannot be
 * read without the passphrase nor moved to another entry. One derivation per process, not per key,
 * so a fleet replica opens a registry of many keystores quickly.
 */
export class RegistryKeySeal {
  readonly #kek: Buffer;

  private constructor(kek: Buffer) {
    this.#kek = kek;
  }

  /**
   * Opens the seal of `storage` with `passphrase`, creating it on first use.
   * @throws StoreError `ERR_STORE_PASSPHRASE_WRONG`, `ERR_STORE_RECORD_CORRUPT`; storage errors.
   */
  static async open(storage: Storage, passphrase: string, iterations: number): Promise<RegistryKeySeal> {
    let got = await storage.get(SEAL_KEY);
    if (got === undefined) {
      const salt = randomBytes(16);
      const kek = await pbkdf2Async(passphrase, salt, iterations, 32, 'sha256');
      const record: SealRecord = {
        v: 1,
        kdf: 'pbkdf2-sha256',
        iterations,
        salt: salt.toString('base64'),
        check: encrypt(kek, Buffer.from(CHECK_TEXT), SEAL_KEY),
      };
      try {
        await storage.put(SEAL_KEY, new TextEncoder().encode(JSON.stringify(record)), {
          expectedVersion: null,
        });
        return new RegistryKeySeal(kek);
      } catch (error) {
        got = await storage.get(SEAL_KEY); // another process sealed it first: use theirs
        if (got === undefined) throw error;
      }
    }
    const record = readRecord(got.value);
    const kek = await pbkdf2Async(
      passphrase,
      Buffer.from(record.salt, 'base64'),
      record.iterations,
      32,
      'sha256',
    );
    const check = decrypt(kek, record.check, SEAL_KEY);
    if (check === undefined || Buffer.from(check).toString() !== CHECK_TEXT) {
      throw new StoreError(
        'ERR_STORE_PASSPHRASE_WRONG',
        'The passphrase does not open this registry’s keys.',
        {
          details: { storageKey: SEAL_KEY },
        },
      );
    }
    return new RegistryKeySeal(kek);
  }

  /** Whether `storage` holds a sealed registry (opening it needs the passphrase). */
  static async isSealed(storage: Storage): Promise<boolean> {
    return (await storage.get(SEAL_KEY)) !== undefined;
  }

  /** A private key (PKCS#8 DER) sealed for one store entry. */
  seal(pkcs8: Uint8Array, store: string, alias: string): string {
    return encrypt(this.#kek, pkcs8, entryContext(store, alias));
  }

  /** The PKCS#8 DER of a sealed key, or undefined when it was sealed for another entry or altered. */
  unseal(text: string, store: string, alias: string): Uint8Array | undefined {
    return decrypt(this.#kek, text, entryContext(store, alias));
  }

  toJSON(): string {
    return '[RegistryKeySeal]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'RegistryKeySeal { [REDACTED] }';
  }
}

function entryContext(store: string, alias: string): string {
  return JSON.stringify(['certkit registry key', store, alias]);
}
