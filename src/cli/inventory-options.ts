import { CertificateInventory } from '../inventory/certificate-inventory.js';
import type { InventoryOptions } from '../inventory/inventory-options.js';
import type { CliIo } from './cli-io.js';
import type { OptionSpec, ParsedCommandLine } from './parse-options.js';
import { REGISTRY_OPTIONS, registrySealOptions } from './registry-options.js';
import { type OpenedStore, openStoreOption } from './store-option.js';

/**
 * The inventory's store and master passphrase (keys are sealed with it at rest), and the explicit
 * opt-out `--plaintext-keys`: the same options as the registry's.
 */
export const INVENTORY_OPTIONS: Record<string, OptionSpec> = REGISTRY_OPTIONS;

/** An inventory opened over the command's store, and the store to close afterwards. */
export interface OpenedInventory {
  readonly inventory: CertificateInventory;
  readonly store: OpenedStore;
}

/** Opens the inventory named by `--store` with the passphrase options; `create` allows a new directory. */
export async function openInventoryOption(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
  options: { readonly create?: boolean; readonly at?: Date } = {},
): Promise<OpenedInventory> {
  const seal = await registrySealOptions(parsed, io, command);
  const store = await openStoreOption(parsed, io, command, { create: options.create === true });
  const at = options.at;
  const inventoryOptions: InventoryOptions = { ...seal, clock: at === undefined ? io.now : () => at };
  return { inventory: new CertificateInventory(store.storage, inventoryOptions), store };
}

/** Runs `body` with the inventory open, closing the store afterwards whatever happens. */
export async function withInventory<T>(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
  body: (opened: OpenedInventory) => Promise<T>,
  options: { readonly create?: boolean; readonly at?: Date } = {},
): Promise<T> {
  const opened = await openInventoryOption(parsed, io, command, options);
  try {
    return await body(opened);
  } finally {
    await opened.store.close();
  }
}
