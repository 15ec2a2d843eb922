import { parseArgs } from 'node:util';
import { CliError } from '../errors/area-errors.js';

/** One option a command accepts. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

/** Parsed options and positional arguments. */
export interface ParsedCommandLine {
  readonly values: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses a command's arguments strictly; any mistake is `ERR_CLI_USAGE` (exit code 2). Messages carry
 * no `certkit <command>:` prefix: `reportError` adds the one prefix from `details.command`.
 */
export function parseOptions(
  command: string,
  args: readonly string[],
  options: Record<string, OptionSpec>,
): ParsedCommandLine {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new CliError('ERR_CLI_USAGE', message, { cause, details: { command } });
  }
}

/** A string option's value, or undefined. */
export function stringOption(parsed: ParsedCommandLine, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable string option's values (empty when absent). */
export function stringListOption(parsed: ParsedCommandLine, name: string): string[] {
  const v = parsed.values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** A required string option's value; missing is `ERR_CLI_USAGE`. */
export function requiredOption(parsed: ParsedCommandLine, command: string, name: string): string {
  const v = stringOption(parsed, name);
  if (v === undefined) {
    throw new CliError('ERR_CLI_USAGE', `--${name} is required.`, {
      details: { command, option: name },
    });
  }
  return v;
}

/** Throws `ERR_CLI_USAGE` for a bad option value. */
export function badOptionValue(command: string, name: string, why: string): never {
  throw new CliError('ERR_CLI_USAGE', `--${name} ${why}.`, {
    details: { command, option: name },
  });
}
