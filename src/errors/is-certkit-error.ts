import { CERTKIT_ERROR_BRAND } from './brand.js';
import type { CertkitErrorCode } from './catalogue/index.js';
import type { CertkitError } from './certkit-error.js';

/**
 * Whether `value` is a certkit error, across realms and duplicate package copies (checks a
 * `Symbol.for` brand, not `instanceof`). With `code`, also whether it has that code.
 *
 * @example
 * ```ts
 * import { isCertkitError } from 'certkit/errors';
 * if (isCertkitError(err, 'ERR_PEM_TRUNCATED')) console.error(`cut short at line ${err.details.line}`);
 * ```
 */
export function isCertkitError<C extends CertkitErrorCode = CertkitErrorCode>(
  value: unknown,
  code?: C,
): value is CertkitError<C> {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[CERTKIT_ERROR_BRAND] !== true) return false;
  return code === undefined || (value as { code?: unknown }).code === code;
}
