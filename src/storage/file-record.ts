import { InventoryError } from '../errors/area-errors.js';

const MAGIC = 'certkit-storage/1';
const HEADER = /^certkit-storage\/1 (\d{1,16}) ([vd]) (\d{1,16})\n/;

/** One record file: the value and its version travel together, so they can never disagree. */
export interface FileRecord {
  readonly version: number;
  /** A tombstone keeps the version of a deleted key so that versions are never reused. */
  readonly deleted: boolean;
  readonly value: Uint8Array;
}

/** The bytes of a record file: a one-line text header, then the value. */
export function encodeRecord(record: FileRecord): Uint8Array {
  const header = Buffer.from(
    `${MAGIC} ${record.version} ${record.deleted ? 'd' : 'v'} ${record.value.byteLength}\n`,
    'latin1',
  );
  return Buffer.concat([header, record.value]);
}

/**
 * Reads a record file back.
 * @throws InventoryError `ERR_STORAGE_CORRUPT` when the header or the length does not match.
 */
export function decodeRecord(bytes: Uint8Array, path: string): FileRecord {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64)).toString('latin1');
  const m = HEADER.exec(head);
  const corrupt = (reason: string) =>
    new InventoryError('ERR_STORAGE_CORRUPT', `Storage file ${path} is damaged: ${reason}`, {
      details: { path, reason },
    });
  if (m === null) throw corrupt('no certkit-storage header');
  const headerLength = m[0].length;
  const version = Number(m[1]);
  const length = Number(m[3]);
  if (bytes.byteLength - headerLength !== length) {
    throw corrupt(`length ${bytes.byteLength - headerLength} instead of ${length}`);
  }
  return { version, deleted: m[2] === 'd', value: bytes.slice(headerLength) };
}
