import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { AcmeError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import { exportPrivateKey } from '../../keys/export-private-key.js';
import { parsePrivateKey } from '../../keys/parse-private-key.js';
import { PrivateKey } from '../../keys/private-key.js';

const generate = promisify(generateKeyPair);

/**
 * The kind of key certkit generates (for an account or a certificate). Default everywhere: EC P-256.
 *
 * @example
 * ```ts
 * import type { KeySpec } from 'certkit/acme';
 * const key: KeySpec = { type: 'rsa', bits: 3072 };
 * ```
 */
export type KeySpec =
  | { readonly type: 'ec'; readonly curve?: 'P-256' | 'P-384' }
  | { readonly type: 'rsa'; readonly bits?: 2048 | 3072 | 4096 };

/** Generates a key and returns it as unencrypted PKCS#8 PEM. */
export async function generateKeyPem(spec: KeySpec = { type: 'ec' }): Promise<string> {
  if (spec.type === 'rsa') {
    const { privateKey } = await generate('rsa', { modulusLength: spec.bits ?? 2048 });
    return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  if (spec.type === 'ec') {
    const { privateKey } = await generate('ec', { namedCurve: spec.curve ?? 'P-256' });
    return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  throw new TypeError(`Unknown key type ${(spec as { type: unknown }).type}`);
}

/**
 * Any private key the caller gives (PEM or DER; PKCS#8, PKCS#1 or SEC1; or a parsed `PrivateKey`) as
 * unencrypted PKCS#8 PEM, the form acme-client signs with. Bad input throws the `ERR_KEY_*` codes of
 * `parsePrivateKey`.
 */
export function toPkcs8Pem(input: string | Uint8Array | PrivateKey): string {
  const key = input instanceof PrivateKey ? input : parsePrivateKey(input);
  return key.toKeyObject().export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * A key as it is kept in storage: encrypted PKCS#8 with a passphrase, sealed by `exportPrivateKey` as
 * the inventory seals its keys (PBES2, PBKDF2-HMAC-SHA256 600,000 iterations, AES-256-CBC); plain
 * PKCS#8 otherwise (the record is then written as a secret: mode 0600 on FileStorage).
 */
export function sealKeyPem(pem: string, passphrase: string | undefined): string {
  if (passphrase === undefined) return pem;
  return exportPrivateKey(parsePrivateKey(pem), { format: 'pkcs8-pem', password: passphrase });
}

/** Opens a stored key; `ERR_ACME_ACCOUNT_KEY_MISSING` when it cannot be read with this passphrase. */
export function openKeyPem(stored: string, passphrase: string | undefined, what: string): string {
  let key: PrivateKey;
  try {
    key = parsePrivateKey(stored, passphrase === undefined ? {} : { password: passphrase });
  } catch (cause) {
    if (!isCertkitError(cause)) throw cause;
    throw new AcmeError(
      'ERR_ACME_ACCOUNT_KEY_MISSING',
      `The stored ${what} key cannot be read${passphrase === undefined ? ' (is it encrypted? give the passphrase)' : ' with this passphrase'}.`,
      { cause, details: { what } },
    );
  }
  return toPkcs8Pem(key);
}
