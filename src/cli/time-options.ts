import type { CliIo } from './cli-io.js';
import { badOptionValue, type ParsedCommandLine, stringOption } from './parse-options.js';

/** `--at ISO-DATE`: the moment to evaluate at; default now. */
export function parseAtOption(parsed: ParsedCommandLine, command: string, io: CliIo): Date {
  const text = stringOption(parsed, 'at');
  if (text === undefined) return io.now();
  const at = new Date(text);
  if (Number.isNaN(at.getTime()))
    badOptionValue(command, 'at', `must be an ISO 8601 date such as 2030-01-31 (got "${text}")`);
  return at;
}

/** A number of days such as `30` or `30d`; default `fallback`. */
export function parseDaysOption(
  parsed: ParsedCommandLine,
  command: string,
  name: string,
  fallback: number,
): number {
  const text = stringOption(parsed, name);
  if (text === undefined) return fallback;
  const m = /^(\d+)d?$/.exec(text.trim());
  if (!m) badOptionValue(command, name, `must be a whole number of days such as 30 or 30d (got "${text}")`);
  return Number(m[1]);
}
