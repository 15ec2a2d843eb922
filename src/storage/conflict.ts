import { InventoryError } from '../errors/area-errors.js';

/** The `ERR_STORAGE_CONFLICT` error of a failed compare-and-swap (`actual` null: the key does not exist). */
export function conflictError(key: string, expected: number | null, actual: number | null): InventoryError {
  return new InventoryError(
    'ERR_STORAGE_CONFLICT',
    `Storage key "${key}" changed: expected version ${expected ?? 'none'}, found ${actual ?? 'none'}`,
    { details: { storageKey: key, expected, actual } },
  );
}

/** The `ERR_STORAGE_CLOSED` error. */
export function closedError(): InventoryError {
  return new InventoryError('ERR_STORAGE_CLOSED', 'The storage was used after close()');
}
