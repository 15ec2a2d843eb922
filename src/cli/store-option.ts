import { stat } from 'node:fs/promises';
import { CliError, InventoryError } from '../errors/area-errors.js';
import { FileStorage } from '../storage/file-storage.js';
import { PostgresStorage } from '../storage/postgres-storage.js';
import type { Storage } from '../storage/storage.js';
import type { OptionSpec, ParsedCommandLine } from './parse-options.js';
import { stringOption } from './parse-options.js';

/** `--store DIR` or `--store postgres://…`: where a stateful command keeps its state. */
export const STORE_OPTION: Record<string, OptionSpec> = { store: { type: 'string' } };

/** Whether a `--store` value names a PostgreSQL database rather than a directory. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/**
 * Opens the storage `--store` names: a PostgreSQL connection string (`postgres://…`, through
 * PostgresStorage, which needs the `pg` package) or a directory (FileStorage). With `create: false`
 * a directory that does not exist is an input error instead of being created, so a typo in a
 * read-only command does not make an empty store.
 *
 * @throws CliError `ERR_CLI_USAGE` without `--store`; InventoryError `ERR_INVENTORY_STORE_MISSING`.
 */
export async function openStoreOption(
  parsed: ParsedCommandLine,
  command: string,
  options: { readonly create: boolean },
): Promise<Storage> {
  const store = stringOption(parsed, 'store');
  if (store === undefined || store.length === 0) {
    throw new CliError(
      'ERR_CLI_USAGE',
      `certkit ${command}: --store DIR or --store postgres://… is required.`,
      {
        details: { command, option: 'store' },
      },
    );
  }
  if (isPostgresUrl(store)) return new PostgresStorage({ connectionString: store });
  if (!options.create) {
    const info = await stat(store).catch(() => undefined);
    if (info === undefined || !info.isDirectory()) {
      throw new InventoryError(
        'ERR_INVENTORY_STORE_MISSING',
        `The store directory "${store}" does not exist.`,
        {
          details: { dir: store },
        },
      );
    }
  }
  return new FileStorage({ dir: store });
}
