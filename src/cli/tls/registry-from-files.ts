import { Keystore, StoreRegistry, Truststore } from '../../stores/index.js';
import type { CliIo } from '../cli-io.js';
import { readCliInput } from '../input-files.js';
import { badOptionValue, type ParsedCommandLine, stringListOption } from '../parse-options.js';
import { readPasswordOption } from '../password-option.js';
import { isStoreFormat } from '../read-store-file.js';

/** Where a store named by a profile comes from: `NAME=FILE` on the command line. */
export interface StoreFileSpec {
  readonly name: string;
  readonly path: string;
}

/** Parses `NAME=FILE` (`NAME` a store name or a `ref://` reference). */
export function storeFileSpec(command: string, option: string, text: string): StoreFileSpec {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) badOptionValue(command, option, `must be NAME=FILE (got "${text}")`);
  return { name: text.slice(0, eq), path: text.slice(eq + 1) };
}

/**
 * A registry holding the stores read from files, each under the name the profile uses: a plain name
 * is the store's name; `ref://x` puts the store under `x` and defines the reference to it.
 *
 * This is the seam to the persistent stores: when `certkit keystore`/`ref` keep them in `--store`, the
 * command opens that registry instead, and `--keystore/--truststore NAME=FILE` stay as overrides.
 */
export async function registryFromFiles(
  keystores: readonly StoreFileSpec[],
  truststores: readonly StoreFileSpec[],
  password: string | undefined,
  io: CliIo,
): Promise<StoreRegistry> {
  const registry = new StoreRegistry();
  const place = (spec: StoreFileSpec, put: (name: string) => void) => {
    const ref = spec.name.startsWith('ref://') ? spec.name : undefined;
    const name = ref === undefined ? spec.name : ref.slice('ref://'.length);
    put(name);
    if (ref !== undefined) registry.defineReference(ref, name);
  };
  for (const spec of keystores) {
    const bytes = await readCliInput(spec.path, io);
    const format = isStoreFormat(bytes);
    const ks =
      format === 'pkcs12'
        ? Keystore.fromPkcs12(bytes, password === undefined ? {} : { password })
        : format === 'jks'
          ? Keystore.fromJks(bytes, { storePassword: password ?? '' })
          : Keystore.fromPemBundle(bytes);
    place(spec, (name) => registry.putKeystore(name, ks));
  }
  for (const spec of truststores) {
    const bytes = await readCliInput(spec.path, io);
    const format = isStoreFormat(bytes);
    const ts =
      format === 'pkcs12'
        ? Truststore.fromPkcs12(bytes, password === undefined ? {} : { password })
        : format === 'jks'
          ? Truststore.fromJks(bytes, { storePassword: password ?? '' })
          : Truststore.fromPemBundle(bytes);
    place(spec, (name) => registry.putTruststore(name, ts));
  }
  return registry;
}

/** The registry a `certkit tls` subcommand names with `--keystore/--truststore NAME=FILE` and the password options. */
export async function registryFromOptions(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
): Promise<StoreRegistry> {
  const password = await readPasswordOption(parsed, io, command);
  return registryFromFiles(
    stringListOption(parsed, 'keystore').map((s) => storeFileSpec(command, 'keystore', s)),
    stringListOption(parsed, 'truststore').map((s) => storeFileSpec(command, 'truststore', s)),
    password,
    io,
  );
}
