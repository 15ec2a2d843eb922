import { CliError } from '../errors/area-errors.js';
import { sniffFormat } from '../pem/index.js';
import { readJks, readPkcs12, type StoreContents } from '../stores/index.js';

/** Whether the bytes are a keystore file (PKCS#12 or JKS) rather than PEM/DER objects. */
export function isStoreFormat(bytes: Uint8Array): 'pkcs12' | 'jks' | undefined {
  const format = sniffFormat(bytes);
  return format === 'pkcs12' || format === 'jks' ? format : undefined;
}

/**
 * Reads a PKCS#12 or JKS file with the password given on the command line. A JKS store cannot be
 * checked without its password, so its absence is a usage error that says how to give one.
 */
export function readStoreFile(
  path: string,
  bytes: Uint8Array,
  password: string | undefined,
  command: string,
): StoreContents {
  if (isStoreFormat(bytes) === 'jks') {
    if (password === undefined) {
      throw new CliError(
        'ERR_CLI_USAGE',
        `certkit ${command}: ${path} is a JKS keystore: give its store password with --password, --password-env or --password-file.`,
        {
          details: { command, path },
        },
      );
    }
    return readJks(bytes, { storePassword: password });
  }
  return readPkcs12(bytes, password === undefined ? {} : { password });
}
