import { InputError } from '../errors/area-errors.js';

/** The default input size limit: 10 MiB, generous for any certificate material. */
export const DEFAULT_MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** Options shared by every entry point that reads raw input. */
export interface InputLimitOptions {
  /** Largest input accepted, in bytes. Default 10 MiB (`DEFAULT_MAX_INPUT_BYTES`). */
  readonly maxInputBytes?: number;
}

/** Throws `ERR_INPUT_TOO_LARGE` when `size` exceeds the limit in `options`. */
export function checkInputSize(size: number, options: InputLimitOptions | undefined): void {
  const limit = options?.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (size > limit) {
    throw new InputError(
      'ERR_INPUT_TOO_LARGE',
      `Input of ${size} bytes exceeds the limit of ${limit} bytes.`,
      {
        details: { size, limit },
      },
    );
  }
}

/** Throws `ERR_INPUT_EMPTY`. */
export function emptyInput(): never {
  throw new InputError('ERR_INPUT_EMPTY', 'The input is empty.', { details: {} });
}
