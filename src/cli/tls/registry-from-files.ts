import { Keystore, StoreRegistry, Truststore } from '../../stores/index.js';
import type { CliIo } from '../cli-io.js';
import { readCliInput } from '../input-files.js';
import { badOptionValue, type ParsedCommandLine, stringListOption, stringOption } from '../parse-options.js';
import { readPasswordOption } from '../password-option.js';
import { isStoreFormat } from '../read-store-file.js';
import { registrySealOptions } from '../registry-options.js';
import { openStoreOption, STORE_ENV } from '../store-option.js';

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
 * Puts the stores read from files into `registry`, each under the name the profile uses: a plain name
 * is the store's name; `ref://x` puts the store under `x` and (re)defines the reference to it.
 */
export async function registryFromFiles(
  keystores: readonly StoreFileSpec[],
  truststores: readonly StoreFileSpec[],
  password: string | undefined,
  io: CliIo,
  registry: StoreRegistry = new StoreRegistry(),
): Promise<StoreRegistry> {
  const place = (spec: StoreFileSpec, put: (name: string) => void) => {
    const ref = spec.name.startsWith('ref://') ? spec.name : undefined;
    const name = ref === undefined ? spec.name : ref.slice('ref://'.length);
    put(name);
    if (ref === undefined) return;
    if (registry.references().some((r) => r.reference === ref)) registry.deleteReference(ref);
    registry.defineReference(ref, name);
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

/**
 * An in-memory copy of a persistent registry's stores and references, so that files named on the
 * command line can override them without writing anything to the shared store.
 */
function memoryCopy(source: StoreRegistry): StoreRegistry {
  const copy = new StoreRegistry();
  for (const name of source.storeNames()) {
    const store = source.resolve(name);
    if (store instanceof Keystore) copy.putKeystore(name, store);
    else copy.putTruststore(name, store);
  }
  for (const ref of source.references()) copy.defineReference(ref.reference, ref.target, ref.usage);
  return copy;
}

/** The stores a `certkit tls` subcommand works with, and how to let them go. */
export interface TlsCommandStores {
  readonly registry: StoreRegistry;
  readonly close: () => Promise<void>;
}

/**
 * The registry a `certkit tls` subcommand names: the shared stores of `--store DIR|postgres://…` (or
 * `CERTKIT_STORE`), read only, with `--keystore/--truststore NAME=FILE` laid over them (or alone
 * when there is no store). Nothing is written to the shared store.
 */
export async function registryFromOptions(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
): Promise<TlsCommandStores> {
  const password = await readPasswordOption(parsed, io, command);
  const keystores = stringListOption(parsed, 'keystore').map((s) => storeFileSpec(command, 'keystore', s));
  const truststores = stringListOption(parsed, 'truststore').map((s) =>
    storeFileSpec(command, 'truststore', s),
  );
  const spec = stringOption(parsed, 'store') ?? io.env[STORE_ENV];
  if (spec === undefined || spec === '') {
    const registry = await registryFromFiles(keystores, truststores, password, io);
    return { registry, close: async () => {} };
  }
  const seal = await registrySealOptions(parsed, io, command);
  const { storage } = await openStoreOption(parsed, io, command);
  try {
    const shared = await StoreRegistry.open({ ...seal, storage, watch: false });
    if (keystores.length === 0 && truststores.length === 0) {
      return {
        registry: shared,
        close: async () => {
          await shared.close();
          await storage.close();
        },
      };
    }
    const registry = await registryFromFiles(keystores, truststores, password, io, memoryCopy(shared));
    await shared.close();
    await storage.close();
    return { registry, close: async () => {} };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
