import { CliError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { sniffFormat } from '../pem/index.js';
import type { ReadJksOptions } from '../stores/formats/jks/read-jks.js';
import type { StoreContents } from '../stores/formats/store-contents.js';

/** Whether the bytes are a keystore file (PKCS#12 or JKS) rather than PEM/DER objects. */
export function isStoreFormat(bytes: Uint8Array): 'pkcs12' | 'jks' | undefined {
  const format = sniffFormat(bytes);
  return format === 'pkcs12' || format === 'jks' ? format : undefined;
}

/**
 * Reads a PKCS#12 or JKS file with the password given on the command line. A JKS store cannot be
 * checked without its password, so its absence is a usage error that says how to give one. A JKS key
 * password that differs from the store password is `keyPassword` (`--key-password`).
 *
 * The readers are imported here, when a file sniffs as a keystore, and not at the top: they are
 * a third of what `certkit inspect` and `certkit verify` would otherwise load for a PEM file.
 */
export async function readStoreFile(
  path: string,
  bytes: Uint8Array,
  password: string | undefined,
  command: string,
  keyPassword?: string,
): Promise<StoreContents> {
  if (isStoreFormat(bytes) === 'jks') {
    if (password === undefined) {
      throw new CliError(
        'ERR_CLI_USAGE',
        `${path === '-' ? 'standard input' : path} is a JKS keystore: give its store password with --password, --password-env or --password-file.`,
        {
          details: { command, path },
        },
      );
    }
    const { readJks } = await import('../stores/formats/jks/read-jks.js');
    return readJksWithKeyPassword(readJks, bytes, password, keyPassword);
  }
  const { readPkcs12 } = await import('../stores/formats/pkcs12/read-pkcs12.js');
  return readPkcs12(bytes, password === undefined ? {} : { password });
}

/** At most this many entries fall back to the store password before the error is given up. */
const MAX_FALLBACKS = 64;

/**
 * Opens a JKS file whose key entries may be protected by `keyPassword` (`keytool -keypass`) or, as
 * keytool does by default, by the store password: an entry the key password does not open is tried
 * with the store password, so one `--key-password` opens a store that mixes both.
 */
function readJksWithKeyPassword(
  readJks: (bytes: Uint8Array, options: ReadJksOptions) => StoreContents,
  bytes: Uint8Array,
  storePassword: string,
  keyPassword: string | undefined,
): StoreContents {
  if (keyPassword === undefined) return readJks(bytes, { storePassword });
  const withStorePassword = new Set<string>();
  for (;;) {
    try {
      return readJks(bytes, {
        storePassword,
        keyPassword: (alias) => (withStorePassword.has(alias) ? undefined : keyPassword),
      });
    } catch (e) {
      const alias = isCertkitError(e, 'ERR_JKS_BAD_KEY_PASSWORD') ? e.details.alias : undefined;
      if (
        typeof alias !== 'string' ||
        withStorePassword.has(alias) ||
        withStorePassword.size >= MAX_FALLBACKS
      )
        throw e;
      withStorePassword.add(alias);
    }
  }
}
