import type { CliIo } from './cli-io.js';
import type { OptionSpec, ParsedCommandLine } from './parse-options.js';
import { readSecretOption } from './password-option.js';
import { STORE_OPTIONS } from './store-option.js';

/**
 * The options of every command that opens a store holding private keys (the registry of keystores,
 * truststores and references; the inventory): `--store`, the passphrase the keys are sealed with
 * (`--passphrase-env VAR` or `--passphrase-file F` keep it out of the process list) and
 * `--plaintext-keys`, the explicit opt-out.
 */
export const REGISTRY_OPTIONS: Record<string, OptionSpec> = {
  ...STORE_OPTIONS,
  passphrase: { type: 'string' },
  'passphrase-env': { type: 'string' },
  'passphrase-file': { type: 'string' },
  'plaintext-keys': { type: 'boolean' },
};

/** Help lines for {@link REGISTRY_OPTIONS}' secrets. */
export const REGISTRY_PASSPHRASE_HELP = `The private keys of keystores are sealed in the store with a passphrase: --passphrase-env VAR,
--passphrase-file F or --passphrase P (the same for every command and replica on one store).
Without one, putting a keystore is refused unless --plaintext-keys says to store keys unencrypted.`;

/** How a store's keys are sealed, as `StoreRegistry.open` and `CertificateInventory` take it. */
export interface SealOptions {
  readonly passphrase?: string;
  readonly allowPlaintextKeys?: boolean;
}

/** The passphrase options of {@link REGISTRY_OPTIONS}, read (a usage error when two are given). */
export async function registrySealOptions(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
): Promise<SealOptions> {
  const passphrase = await readSecretOption(parsed, io, command, 'passphrase');
  return {
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(parsed.values['plaintext-keys'] === true ? { allowPlaintextKeys: true } : {}),
  };
}
