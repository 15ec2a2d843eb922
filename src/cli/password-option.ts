import { CliError } from '../errors/area-errors.js';
import type { CliIo } from './cli-io.js';
import { readCliText } from './input-files.js';
import type { OptionSpec, ParsedCommandLine } from './parse-options.js';
import { stringOption } from './parse-options.js';

/** The three ways to give a password: on the command line, from an environment variable, from a file. */
export const PASSWORD_OPTIONS: Record<string, OptionSpec> = {
  password: { type: 'string' },
  'password-env': { type: 'string' },
  'password-file': { type: 'string' },
};

/**
 * The same three ways for a key password that differs from the store password (a JKS entry protected
 * with `keytool -keypass`, or an encrypted key file given beside a store).
 */
export const KEY_PASSWORD_OPTIONS: Record<string, OptionSpec> = {
  'key-password': { type: 'string' },
  'key-password-env': { type: 'string' },
  'key-password-file': { type: 'string' },
};

/** Help lines for {@link KEY_PASSWORD_OPTIONS}. */
export const KEY_PASSWORD_HELP =
  '  --key-password P    a JKS key password that differs from the store password\n' +
  '                      (or --key-password-env VAR, --key-password-file F)';

/**
 * Reads `--NAME`, `--NAME-env VAR` or `--NAME-file PATH` (`-` is standard input); a file's trailing
 * newline is dropped. Giving two of them is a usage error.
 */
export async function readSecretOption(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
  name: string,
): Promise<string | undefined> {
  const given = [name, `${name}-env`, `${name}-file`].filter((n) => stringOption(parsed, n) !== undefined);
  if (given.length > 1) {
    throw new CliError('ERR_CLI_USAGE', `give only one of --${given.join(', --')}.`, {
      details: { command, option: given[1] },
    });
  }
  const direct = stringOption(parsed, name);
  if (direct !== undefined) return direct;
  const envName = stringOption(parsed, `${name}-env`);
  if (envName !== undefined) {
    const value = io.env[envName];
    if (value === undefined) {
      throw new CliError('ERR_CLI_USAGE', `the environment variable ${envName} is not set.`, {
        details: { command, option: `${name}-env`, variable: envName },
      });
    }
    return value;
  }
  const file = stringOption(parsed, `${name}-file`);
  if (file === undefined) return undefined;
  return (await readCliText(file, io, name)).replace(/\r?\n$/, '');
}

/**
 * The password the user gave, if any. `--password-env NAME` and `--password-file PATH` keep it out of
 * the process list; a file's trailing newline is dropped.
 */
export function readPasswordOption(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
): Promise<string | undefined> {
  return readSecretOption(parsed, io, command, 'password');
}

/** The key password of {@link KEY_PASSWORD_OPTIONS}, if any. */
export function readKeyPasswordOption(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
): Promise<string | undefined> {
  return readSecretOption(parsed, io, command, 'key-password');
}
