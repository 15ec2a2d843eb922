import { CliError } from '../../../errors/area-errors.js';
import { isCertkitError } from '../../../errors/is-certkit-error.js';
import { StoreRegistry } from '../../../stores/store-registry.js';
import type { CliIo } from '../../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import type { ParsedCommandLine } from '../../parse-options.js';
import { stringOption } from '../../parse-options.js';
import { registrySealOptions } from '../../registry-options.js';
import { openStoreOption } from '../../store-option.js';

/** A finding as the store commands print it (`--json` shape). */
export interface FindingJson {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly subject?: string;
}

/** The codes that mean "the check said no" (exit 1) rather than bad input (exit 3). */
const REFUSALS = new Set([
  'ERR_ROTATION_BLOCKED',
  'ERR_STORE_IN_USE',
  'ERR_STORE_NO_ROLLBACK',
  'ERR_STORE_REFERENCE_CHANGED',
  'ERR_STORE_REFERENCE_EXISTS',
  'ERR_STORE_KIND_MISMATCH',
]);

/** A refusal of a store command: a coded error that means "the check said no". */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** Whether an error is a refusal of the store commands (exit 1; upload checks included), not an input error. */
export function isRefusal(error: unknown): error is Refusal {
  return isCertkitError(error) && (REFUSALS.has(error.code) || error.code.startsWith('ERR_KEYSTORE_'));
}

/** Readable lines for findings. */
export function findingLines(findings: readonly FindingJson[]): string {
  return findings
    .map((f) => {
      const level = f.severity === 'blocking' ? 'BLOCKING' : 'warning ';
      return `  ${level} ${f.code}: ${f.message}${f.subject === undefined ? '' : ` (${f.subject})`}\n`;
    })
    .join('');
}

/** Findings in the printed shape. */
export function toFindingJson(findings: readonly FindingJson[]): FindingJson[] {
  return findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    ...(f.subject === undefined ? {} : { subject: f.subject }),
  }));
}

/** Prints a refusal (exit 1): the code, the message and its findings; JSON `{ ok: false, error, findings }`. */
export function printRefusal(
  io: CliIo,
  parsed: ParsedCommandLine,
  error: Refusal,
  extra: Record<string, unknown> = {},
): ExitCodeValue {
  const list = error.details?.findings;
  const findings = Array.isArray(list) ? toFindingJson(list as FindingJson[]) : [];
  if (parsed.values.json === true) {
    const body = { code: error.code, message: error.message, details: error.details };
    io.out(`${JSON.stringify({ ok: false, ...extra, error: body, findings }, null, 2)}\n`);
  } else {
    io.out(`REFUSED: ${error.code}: ${error.message}\n${findingLines(findings)}`);
  }
  return ExitCode.checkFailed;
}

/** Who and why, from `--actor` / `--reason` (default actor: the user name from the environment). */
export function attributionOf(parsed: ParsedCommandLine, io: CliIo): { actor?: string; reason?: string } {
  const actor = stringOption(parsed, 'actor') ?? io.env.USER ?? io.env.LOGNAME;
  const reason = stringOption(parsed, 'reason');
  return { ...(actor === undefined ? {} : { actor }), ...(reason === undefined ? {} : { reason }) };
}

/**
 * Opens the registry of `--store` for one command (no change feed: it reads, writes once and exits),
 * runs `body`, and closes it. `create: false` for commands that only read.
 */
export async function withRegistry<T>(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
  create: boolean,
  body: (registry: StoreRegistry) => Promise<T>,
): Promise<T> {
  const seal = await registrySealOptions(parsed, io, command);
  const { storage } = await openStoreOption(parsed, io, command, { create });
  try {
    const registry = await StoreRegistry.open({ ...seal, storage, watch: false });
    try {
      return await body(registry);
    } finally {
      await registry.close();
    }
  } finally {
    await storage.close();
  }
}

/** Prints `value` as JSON with `--json`, else `text`. */
export function print(io: CliIo, parsed: ParsedCommandLine, value: unknown, text: string): void {
  io.out(parsed.values.json === true ? `${JSON.stringify(value, null, 2)}\n` : text);
}

/** A usage error (exit 2) of a store command. */
export function usageError(command: string, message: string): never {
  throw new CliError('ERR_CLI_USAGE', `certkit ${command}: ${message}`, { details: { command } });
}

/** The positional argument at `index`, or a usage error naming it. */
export function positional(parsed: ParsedCommandLine, index: number, command: string, what: string): string {
  const value = parsed.positionals[index];
  if (value === undefined) usageError(command, `${what} is required.`);
  return value;
}
