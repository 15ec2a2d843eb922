/**
 * @internal The serialisation functions of `./formats/`, gathered in one place so the model imports
 * them from a single module.
 */
import type { KeyEntryData, Pkcs12Profile, StoreContents } from './formats/store-contents.js';

export { readPkcs12 } from './formats/pkcs12/read-pkcs12.js';

function pending(): never {
  throw new Error('stores/formats: not available yet');
}

export function writePkcs12(
  _contents: StoreContents,
  _options: { password: string; profile?: Pkcs12Profile; iterations?: number },
): Uint8Array {
  return pending();
}
export function readJks(
  _input: Uint8Array,
  _options: { storePassword: string; keyPassword?: string | ((alias: string) => string | undefined) },
): StoreContents {
  return pending();
}
export function readPemBundle(_input: string | Uint8Array, _options?: { password?: string }): StoreContents {
  return pending();
}
export function writePemBundle(_entry: KeyEntryData, _options?: { password?: string }): string {
  return pending();
}
