import { chmod, writeFile } from 'node:fs/promises';
import { NEW_KEY_TYPES, type NewKeyType, type SubjectAltNameOptions } from '../issue/index.js';
import type { OptionSpec, ParsedCommandLine } from './parse-options.js';
import { badOptionValue, stringListOption, stringOption } from './parse-options.js';

/** The repeatable name options of `certkit csr` and `certkit ca issue`. */
export const NAME_OPTIONS: Record<string, OptionSpec> = {
  dns: { type: 'string', multiple: true },
  ip: { type: 'string', multiple: true },
  email: { type: 'string', multiple: true },
  uri: { type: 'string', multiple: true },
};

/** The alternative names given with --dns, --ip, --email and --uri. */
export function altNameOptions(parsed: ParsedCommandLine): SubjectAltNameOptions {
  return {
    dnsNames: stringListOption(parsed, 'dns'),
    ipAddresses: stringListOption(parsed, 'ip'),
    emails: stringListOption(parsed, 'email'),
    uris: stringListOption(parsed, 'uri'),
  };
}

/** A key type option (`--key-type`, `--new-key`), checked. */
export function keyTypeOption(
  parsed: ParsedCommandLine,
  command: string,
  name: string,
): NewKeyType | undefined {
  const v = stringOption(parsed, name);
  if (v === undefined) return undefined;
  if (!(NEW_KEY_TYPES as readonly string[]).includes(v)) {
    return badOptionValue(command, name, `must be one of ${NEW_KEY_TYPES.join(', ')}`);
  }
  return v as NewKeyType;
}

/** `--days N`: a positive whole number of days. */
export function daysOption(parsed: ParsedCommandLine, command: string, option = 'days'): number | undefined {
  const v = stringOption(parsed, option);
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]{0,5}$/.test(v)) return badOptionValue(command, option, 'must be a positive whole number');
  return Number(v);
}

/** Writes a file that holds a key: mode 0600, also when it existed with another mode. */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}
