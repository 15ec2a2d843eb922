import { StoreError } from '../../errors/area-errors.js';
import type { StoreKind } from './registry-types.js';

/** @internal `ERR_STORE_KIND_MISMATCH`. */
export function kindMismatch(name: string, expected: StoreKind, found: StoreKind): StoreError {
  return new StoreError('ERR_STORE_KIND_MISMATCH', `"${name}" is a ${found}, not a ${expected}.`, {
    details: { name, expected, found },
  });
}

/** @internal `ERR_STORE_NOT_FOUND`. */
export function storeNotFound(name: string, stores: readonly string[]): StoreError {
  return new StoreError('ERR_STORE_NOT_FOUND', `No store "${name}" in the registry.`, {
    details: { name, stores },
  });
}

/** @internal `ERR_STORE_REFERENCE_NOT_FOUND`. */
export function referenceNotFound(reference: string, references: readonly string[]): StoreError {
  return new StoreError('ERR_STORE_REFERENCE_NOT_FOUND', `No reference ${reference} is defined.`, {
    details: { reference, references },
  });
}

/** @internal `ERR_STORE_REFERENCE_EXISTS`. */
export function referenceExists(reference: string, target: string | undefined): StoreError {
  return new StoreError(
    'ERR_STORE_REFERENCE_EXISTS',
    `The reference ${reference} is already defined; use repoint.`,
    {
      details: { reference, target },
    },
  );
}

/** @internal `ERR_STORE_IN_USE`. */
export function inUse(message: string, details: Record<string, unknown>): StoreError {
  return new StoreError('ERR_STORE_IN_USE', message, { details });
}

/**
 * @internal `ERR_STORE_REFERENCE_CHANGED`: another process changed the reference between our read and
 * our compare-and-set write; nothing was written.
 */
export function referenceChanged(
  reference: string,
  expected: string,
  actual: string | undefined,
): StoreError {
  return new StoreError(
    'ERR_STORE_REFERENCE_CHANGED',
    `${reference} was changed by another writer while this change was checked (it points at ${actual ?? 'nothing'} now, not ${expected}); nothing was written.`,
    { details: { reference, expected, actual: actual ?? null } },
  );
}
