/** Field names whose values are secrets and never leave an error, a log line or `toJSON()`. */
const SECRET_FIELD = /pass(word|phrase)?|secret|private|^key$|keyMaterial|pin$|token$/i;

/** The text that replaces a secret value. */
export const REDACTED = '[redacted]';

/**
 * A copy of `value` with every field whose name looks like a secret replaced by `[redacted]`,
 * and every Buffer/Uint8Array replaced by its length (bytes may be key material).
 *
 * @example
 * ```ts
 * import { redactSecrets } from 'certkit/errors';
 * redactSecrets({ user: 'a', password: 'x' }); // { user: 'a', password: '[redacted]' }
 * ```
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_FIELD.test(k) ? REDACTED : redactSecrets(v, depth + 1);
  }
  return out;
}
