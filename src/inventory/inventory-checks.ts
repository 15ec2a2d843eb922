import { InventoryError } from '../errors/area-errors.js';

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/** @internal Checks a record / environment / kind / project name (TypeError for misuse). */
export function checkName(name: string, what = 'record'): void {
  if (typeof name !== 'string') throw new TypeError(`the ${what} name must be a string`);
  if (!NAME.test(name)) {
    throw new InventoryError('ERR_INVENTORY_INVALID_NAME', `"${name}" is not a valid ${what} name.`, {
      details: { name, what },
    });
  }
}

/** @internal `ERR_INVENTORY_NOT_FOUND` for a record or one of its versions. */
export function notFound(name: string, version?: number): InventoryError {
  return new InventoryError(
    'ERR_INVENTORY_NOT_FOUND',
    version === undefined
      ? `No certificate record is named "${name}".`
      : `The record "${name}" has no version ${version}.`,
    { details: version === undefined ? { name } : { name, version } },
  );
}

/** @internal `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`. */
export function unknownEnv(name: string): InventoryError {
  return new InventoryError('ERR_INVENTORY_UNKNOWN_ENVIRONMENT', `No environment is named "${name}".`, {
    details: { name },
  });
}
