import type { PrivateKey } from '../../keys/index.js';
import type { Certificate } from '../../x509/index.js';

/**
 * A private key with its certificate chain, as held by a keystore entry.
 *
 * @example
 * ```ts
 * import { readPkcs12 } from 'certkit/stores';
 * const { keys } = readPkcs12(bytes, { password: 'changeit' });
 * console.log(keys[0]?.alias, keys[0]?.chain.length);
 * ```
 * @see RFC 7292 section 4.2 (key and certificate bags)
 */
export interface KeyEntryData {
  /** The entry's name: PKCS#12 friendlyName, JKS alias, or one we made up (`key-1`). */
  readonly alias: string;
  /** The private key (decrypted). */
  readonly privateKey: PrivateKey;
  /** Certificate chain, leaf first; may be empty when a file holds a key without its certificate. */
  readonly chain: readonly Certificate[];
}

/**
 * A trusted certificate (trust anchor or pinned certificate), as held by a truststore entry.
 *
 * @example
 * ```ts
 * import { readPemBundle } from 'certkit/stores';
 * const { trusted } = readPemBundle(caBundleText);
 * console.log(trusted.map((t) => t.alias));
 * ```
 * @see RFC 5280 section 6.1.1 (trust anchor information)
 */
export interface TrustedEntryData {
  /** The entry's name, unique within one `StoreContents`. */
  readonly alias: string;
  /** The trusted certificate. */
  readonly certificate: Certificate;
}

/**
 * What a store file holds, independent of its format: key entries and trusted-certificate entries.
 *
 * @example
 * ```ts
 * import { readJks } from 'certkit/stores';
 * const contents = readJks(bytes, { storePassword: 'changeit' });
 * console.log(contents.keys.length, contents.trusted.length);
 * ```
 * @see RFC 7292 section 4 (PFX PDU syntax)
 */
export interface StoreContents {
  /** Private-key entries with their chains. */
  readonly keys: readonly KeyEntryData[];
  /** Trusted-certificate entries. */
  readonly trusted: readonly TrustedEntryData[];
}

/**
 * PKCS#12 write profile. `modern`: PBES2 AES-256-CBC + PBKDF2-HMAC-SHA256, SHA-256 MAC.
 * `legacy`: pbeWithSHAAnd3-KeyTripleDES-CBC keys, pbeWithSHAAnd40BitRC2-CBC certificates, SHA-1 MAC,
 * 2048 iterations, for old Java (before 8u301) and Windows consumers.
 *
 * @example
 * ```ts
 * import { writePkcs12, type Pkcs12Profile } from 'certkit/stores';
 * const profile: Pkcs12Profile = 'legacy';
 * const der = writePkcs12(contents, { password: 'pw', profile });
 * ```
 * @see RFC 7292 appendix C (PBE algorithms), RFC 8018 section 6.2 (PBES2)
 */
export type Pkcs12Profile = 'modern' | 'legacy';
