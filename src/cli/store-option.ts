import { stat } from 'node:fs/promises';
import { InventoryError } from '../errors/area-errors.js';
import { FileStorage } from '../storage/file-storage.js';
import { PostgresStorage } from '../storage/postgres-storage.js';
import type { Storage } from '../storage/storage.js';
import type { CliIo } from './cli-io.js';
import type { OptionSpec, ParsedCommandLine } from './parse-options.js';
import { badOptionValue, stringOption } from './parse-options.js';

/** `--store DIR | postgres://…`; `CERTKIT_STORE` in the environment when the option is absent. */
export const STORE_OPTIONS: Record<string, OptionSpec> = { store: { type: 'string' } };

/** The environment variable read when `--store` is not given. */
export const STORE_ENV = 'CERTKIT_STORE';

/** An opened store: the engine, what to call it in output, and how to let it go. */
export interface OpenedStore {
  readonly storage: Storage;
  /** The directory, or the PostgreSQL URL without its password. */
  readonly label: string;
  readonly close: () => Promise<void>;
}

function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/** A PostgreSQL URL with its password replaced, for output. */
export function redactStoreUrl(spec: string): string {
  if (!isPostgresUrl(spec)) return spec;
  try {
    const url = new URL(spec);
    if (url.password !== '') url.password = 'REDACTED';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Opens the store a stateful command works on: a FileStorage directory (which must exist unless
 * `create` is set, so a typo does not silently start an empty store) or a PostgreSQL URL.
 *
 * @throws InventoryError `ERR_INVENTORY_STORE_MISSING` (no such directory); CliError `ERR_CLI_USAGE`
 *   (no `--store` and no `CERTKIT_STORE`)
 */
export async function openStoreOption(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
  options: { readonly create?: boolean } = {},
): Promise<OpenedStore> {
  const spec = stringOption(parsed, 'store') ?? io.env[STORE_ENV];
  if (spec === undefined || spec === '') {
    return badOptionValue(command, 'store', `is required (a directory or postgres://…; or set ${STORE_ENV})`);
  }
  if (isPostgresUrl(spec)) {
    const storage = new PostgresStorage({ connectionString: spec });
    return { storage, label: redactStoreUrl(spec), close: () => storage.close() };
  }
  const info = await stat(spec).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) {
    return badOptionValue(command, 'store', `"${spec}" is not a directory`);
  }
  if (info === undefined && options.create !== true) {
    throw new InventoryError('ERR_INVENTORY_STORE_MISSING', `The store directory "${spec}" does not exist.`, {
      details: { dir: spec },
    });
  }
  const storage = new FileStorage({ dir: spec });
  return { storage, label: spec, close: () => storage.close() };
}
