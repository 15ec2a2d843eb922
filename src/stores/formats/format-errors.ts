import { StoreError } from '../../errors/area-errors.js';
import type { StoreErrorCode } from '../../errors/catalogue/index.js';
import type { ErrorDetails } from '../../errors/certkit-error.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';

/**
 * Error builders of the store formats. Messages and details carry names, offsets, OIDs and reasons,
 * never passwords or key bytes.
 */

/** A `StoreError` with `code`, a message and structured details. */
export function storeError(
  code: StoreErrorCode,
  message: string,
  details: ErrorDetails = {},
  cause?: unknown,
): StoreError {
  return new StoreError(code, message, { details, ...(cause === undefined ? {} : { cause }) });
}

/**
 * Runs `fn` and turns anything that is not already a `StoreError` into one: `malformed` for data
 * errors (DER, certificate, key structure), `unsupported` for schemes we do not implement, and
 * `limit` for key-derivation costs above our limits. Non-certkit exceptions (a RangeError from a
 * hostile length, say) become `malformed` too, so a parser never throws anything but a CertkitError.
 */
export function guardFormat<T>(
  codes: { malformed: StoreErrorCode; unsupported: StoreErrorCode; limit?: StoreErrorCode },
  format: string,
  fn: () => T,
): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StoreError) throw e;
    if (isCertkitError(e)) {
      const limit = e.details.limit;
      const overLimit =
        e.code === 'ERR_KEY_KDF_LIMIT' ||
        (e.code === 'ERR_KEY_UNSUPPORTED_ENCRYPTION' && limit !== undefined);
      if (overLimit && codes.limit !== undefined) {
        throw storeError(codes.limit, `${format}: ${e.message}`, { ...e.details }, e);
      }
      if (e.code.endsWith('_UNSUPPORTED_ENCRYPTION') || e.code.endsWith('_UNSUPPORTED_ALGORITHM')) {
        throw storeError(
          codes.unsupported,
          `${format} uses something certkit does not support: ${e.message}`,
          {
            what: e.message,
            ...e.details,
          },
          e,
        );
      }
      throw storeError(
        codes.malformed,
        `Malformed ${format}: ${e.message}`,
        { reason: e.message, ...e.details },
        e,
      );
    }
    const reason = e instanceof Error ? e.message : String(e);
    throw storeError(codes.malformed, `Malformed ${format}: ${reason}`, { reason }, e);
  }
}
