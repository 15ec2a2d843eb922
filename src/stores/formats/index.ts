/**
 * Store file formats: PKCS#12, JKS and PEM bundles, read into and written from `StoreContents`.
 * Re-exported by `certkit/stores`.
 * @packageDocumentation
 */
export { type ReadJksOptions, readJks } from './jks/read-jks.js';
export {
  type ReadPemBundleOptions,
  readPemBundle,
  type WritePemBundleOptions,
  writePemBundle,
} from './pem-bundle.js';
export { type ReadPkcs12Options, readPkcs12 } from './pkcs12/read-pkcs12.js';
export { LEGACY_PKCS12_ITERATIONS, type WritePkcs12Options, writePkcs12 } from './pkcs12/write-pkcs12.js';
export type { KeyEntryData, Pkcs12Profile, StoreContents, TrustedEntryData } from './store-contents.js';
