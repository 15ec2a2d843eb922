import type { Tlv } from '../../internal/der/tlv.js';
import { badExtension } from '../decode-errors.js';
import { type Extension, extensionName, walkExtensions } from './extension.js';

/**
 * The extension with `oid` in `list`, or undefined.
 * @throws X509Error `ERR_X509_BAD_EXTENSION` when it appears more than once (RFC 5280 section 4.2).
 */
export function findExtension(list: readonly Extension[], oid: string): Extension | undefined {
  let found: Extension | undefined;
  for (const e of list) {
    if (e.oid !== oid) continue;
    if (found !== undefined)
      throw badExtension(oid, extensionName(oid), new Error('the extension appears twice'));
    found = e;
  }
  return found;
}

/**
 * Decodes the extension `oid` of `list` with `parse`, or returns undefined when absent.
 * @throws X509Error `ERR_X509_BAD_EXTENSION` with the OID in `details` when it is malformed or repeated.
 */
export function decodeExtension<T>(
  list: readonly Extension[],
  oid: string,
  parse: (value: Uint8Array, critical: boolean) => T,
): T | undefined {
  const ext = findExtension(list, oid);
  if (ext === undefined) return undefined;
  try {
    return parse(ext.value, ext.critical);
  } catch (e) {
    throw badExtension(oid, ext.name, e);
  }
}

/**
 * The extension with `oid` in the list at `seq` of `der`, found without building the list: the same
 * checks, in the same order, and the same errors as `findExtension(readExtensionList(der, seq), oid)`.
 * @throws DerError `ERR_DER_MALFORMED` when the list is malformed.
 * @throws X509Error `ERR_X509_BAD_EXTENSION` when the extension appears more than once.
 */
export function findExtensionIn(der: Uint8Array, seq: Tlv, oid: string): Extension | undefined {
  let found: Extension | undefined;
  let repeated = false;
  walkExtensions(der, seq, undefined, (o, critical, value) => {
    if (o !== oid) return;
    if (found !== undefined) repeated = true;
    else
      found = { oid, name: extensionName(oid), critical, value: der.subarray(value.valueStart, value.end) };
  });
  if (repeated) throw badExtension(oid, extensionName(oid), new Error('the extension appears twice'));
  return found;
}
