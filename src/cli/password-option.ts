import { readFile } from 'node:fs/promises';
import { CliError, InputError } from '../errors/area-errors.js';
import type { CliIo } from './cli-io.js';
import type { OptionSpec, ParsedCommandLine } from './parse-options.js';
import { stringOption } from './parse-options.js';

/** The three ways to give a password: on the command line, from an environment variable, from a file. */
export const PASSWORD_OPTIONS: Record<string, OptionSpec> = {
  password: { type: 'string' },
  'password-env': { type: 'string' },
  'password-file': { type: 'string' },
};

/**
 * The password the user gave, if any. `--password-env NAME` and `--password-file PATH` keep it out of
 * the process list; a file's trailing newline is dropped.
 */
export async function readPasswordOption(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
): Promise<string | undefined> {
  const given = ['password', 'password-env', 'password-file'].filter(
    (n) => stringOption(parsed, n) !== undefined,
  );
  if (given.length > 1) {
    throw new CliError(
      'ERR_CLI_USAGE',
      `certkit ${command}: give only one of --password, --password-env, --password-file.`,
      {
        details: { command },
      },
    );
  }
  const direct = stringOption(parsed, 'password');
  if (direct !== undefined) return direct;
  const envName = stringOption(parsed, 'password-env');
  if (envName !== undefined) {
    const value = io.env[envName];
    if (value === undefined) {
      throw new CliError(
        'ERR_CLI_USAGE',
        `certkit ${command}: the environment variable ${envName} is not set.`,
        {
          details: { command, variable: envName },
        },
      );
    }
    return value;
  }
  const file = stringOption(parsed, 'password-file');
  if (file === undefined) return undefined;
  try {
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (cause) {
    throw new InputError('ERR_INPUT_UNREADABLE', `Cannot read the password file ${file}.`, {
      cause,
      details: { path: file },
    });
  }
}
