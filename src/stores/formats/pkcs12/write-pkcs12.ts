import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import {
  derBmpString,
  derExplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  encodeTlv,
} from '../../../internal/der/index.js';
import { ExtendedKeyUsageOid, KeyEncryptionOid, Pkcs7Oid, Pkcs12Oid } from '../../../internal/oids.js';
import { MAX_LEGACY_ITERATIONS } from '../../../keys/encrypted-private-key-info.js';
import { DEFAULT_EXPORT_ITERATIONS, encryptPbes2, pkcs8Der } from '../../../keys/export-private-key.js';
import { PrivateKey } from '../../../keys/index.js';
import { Pkcs12KeyId, passwordToBmp, pkcs12Kdf } from '../../../keys/key-derivation.js';
import { Certificate } from '../../../x509/index.js';
import type { KeyEntryData, Pkcs12Profile, StoreContents, TrustedEntryData } from '../store-contents.js';
import { computeMac } from './pkcs12-mac.js';

/** Options for {@link writePkcs12}. */
export interface WritePkcs12Options {
  /** The password (UTF-8 for PBES2, BMPString for the MAC and legacy PBE). The empty string is allowed. */
  readonly password: string;
  /**
   * `modern` (default): PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for keys and certificates,
   * HMAC-SHA256 MAC. `legacy`: pbeWithSHAAnd3-KeyTripleDES-CBC for keys and certificates, HMAC-SHA1
   * MAC, for consumers before OpenSSL 1.1.1 / Java 8u301 / Windows Server 2019.
   */
  readonly profile?: Pkcs12Profile;
  /**
   * Iterations of every key derivation in the file (bag encryption and the MAC alike, so the MAC is
   * never the cheap way to test a password guess). Default: 600,000 for `modern` (OWASP 2023 for
   * PBKDF2-HMAC-SHA256, the same as `exportPrivateKey`), 2,048 for `legacy` (what old readers expect;
   * some refuse more). At most 1,000,000, the limit certkit's reader applies to the PKCS#12 KDF.
   */
  readonly iterations?: number;
}

/** Default iterations of the legacy profile: what OpenSSL writes and every old reader accepts. */
export const LEGACY_PKCS12_ITERATIONS = 2048;

interface Profile {
  readonly macHash: 'sha256' | 'sha1';
  readonly macHashOid: string;
  readonly saltLength: number;
  encrypt(
    plain: Uint8Array,
    password: Buffer,
    iterations: number,
  ): { algorithm: Uint8Array; encrypted: Buffer };
}

const MODERN: Profile = {
  macHash: 'sha256',
  macHashOid: '2.16.840.1.101.3.4.2.1',
  saltLength: 16,
  encrypt: (plain, password, iterations) => encryptPbes2(plain, password, iterations, 'aes-256-cbc'),
};

const LEGACY: Profile = {
  macHash: 'sha1',
  macHashOid: '1.3.14.3.2.26',
  saltLength: 8,
  encrypt(plain, password, iterations) {
    const salt = randomBytes(8);
    const bmp = passwordToBmp(password);
    const key = pkcs12Kdf('sha1', bmp, salt, iterations, Pkcs12KeyId.key, 24);
    const iv = pkcs12Kdf('sha1', bmp, salt, iterations, Pkcs12KeyId.iv, 8);
    bmp.fill(0);
    const c = createCipheriv('des-ede3-cbc', key, iv);
    const encrypted = Buffer.concat([c.update(plain), c.final()]);
    key.fill(0);
    const algorithm = derSequence(
      derOid(KeyEncryptionOid.pkcs12PbeSha13DesCbc),
      derSequence(derOctetString(salt), derInteger(iterations)),
    );
    return { algorithm, encrypted };
  },
};

/**
 * Writes key entries (key, chain leaf first) and trusted certificates as a PKCS#12 file. Each key and
 * its leaf certificate carry the alias as friendlyName and a shared localKeyId (SHA-1 of the leaf, as
 * OpenSSL does); chain certificates shared by several entries are written once; trusted entries carry
 * Java's trustedKeyUsage attribute so keytool lists them as `trustedCertEntry`. The result opens with
 * `openssl pkcs12 -info` (OpenSSL 3; `-legacy` not needed for the legacy profile, since it avoids RC2),
 * `keytool -list -storetype PKCS12` and certkit's {@link readPkcs12}.
 *
 * Java's keytool opens PKCS#12 files with printable-ASCII passwords only (its PBE keys refuse other
 * characters, for files from openssl as well); use an ASCII password for Java consumers.
 *
 * The legacy profile encrypts certificates with 3DES rather than the RC2-40 of `openssl -legacy`:
 * every reader that takes 3DES keys takes 3DES certificates, and Node's OpenSSL cannot run RC2.
 *
 * @throws TypeError for a password that is not a string, an unknown profile, iterations that are not
 *   an integer from 1 to 1,000,000, or entries that are not {@link PrivateKey} / {@link Certificate}.
 * @throws KeyError `ERR_KEY_MALFORMED` / `ERR_KEY_UNSUPPORTED_ALGORITHM` when Node's OpenSSL cannot load or
 *   write a key as PKCS#8.
 * @example
 * ```ts
 * import { readPemBundle, writePkcs12 } from 'certkit/stores';
 * const { keys } = readPemBundle(pemText);
 * const p12 = writePkcs12({ keys, trusted: [] }, { password: 'changeit' });
 * ```
 * @see RFC 7292 sections 4 and 5, RFC 8018 section 6.2, RFC 9579 section 1 (iteration guidance)
 */
export function writePkcs12(contents: StoreContents, options: WritePkcs12Options): Uint8Array {
  if (typeof options?.password !== 'string') throw new TypeError('writePkcs12 needs a password (a string)');
  const profileName = options.profile ?? 'modern';
  if (profileName !== 'modern' && profileName !== 'legacy')
    throw new TypeError("profile must be 'modern' or 'legacy'");
  const profile = profileName === 'modern' ? MODERN : LEGACY;
  const iterations =
    options.iterations ?? (profileName === 'modern' ? DEFAULT_EXPORT_ITERATIONS : LEGACY_PKCS12_ITERATIONS);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_LEGACY_ITERATIONS) {
    throw new TypeError(`iterations must be an integer from 1 to ${MAX_LEGACY_ITERATIONS}`);
  }
  checkContents(contents);
  const password = Buffer.from(options.password, 'utf8');

  const keyBags: Uint8Array[] = [];
  const certBags: Uint8Array[] = [];
  const written = new Set<string>();
  for (const entry of contents.keys) {
    const leaf = entry.chain[0];
    const localKeyId = createHash('sha1')
      .update(leaf === undefined ? entry.privateKey.publicKey.spki : leaf.der)
      .digest();
    const attrs = [friendlyName(entry.alias), attribute(Pkcs12Oid.localKeyId, derOctetString(localKeyId))];
    const pkcs8 = pkcs8Der(entry.privateKey);
    const { algorithm, encrypted } = profile.encrypt(pkcs8, password, iterations);
    pkcs8.fill(0);
    keyBags.push(
      bag(Pkcs12Oid.pkcs8ShroudedKeyBag, derSequence(algorithm, derOctetString(encrypted)), attrs),
    );
    entry.chain.forEach((cert, i) => {
      if (i > 0 && written.has(cert.sha256Fingerprint)) return;
      written.add(cert.sha256Fingerprint);
      certBags.push(certBag(cert, i === 0 ? attrs : []));
    });
  }
  for (const entry of contents.trusted) {
    const trust = attribute(Pkcs12Oid.javaTrustedKeyUsage, derOid(ExtendedKeyUsageOid.anyExtendedKeyUsage));
    certBags.push(certBag(entry.certificate, [friendlyName(entry.alias), trust]));
  }

  const safes: Uint8Array[] = [];
  if (certBags.length > 0) {
    const { algorithm, encrypted } = profile.encrypt(derSequence(...certBags), password, iterations);
    const eci = derSequence(derOid(Pkcs7Oid.data), algorithm, encodeTlv(0x80, encrypted));
    safes.push(contentInfo(Pkcs7Oid.encryptedData, derSequence(derInteger(0), eci)));
  }
  if (keyBags.length > 0) safes.push(contentInfo(Pkcs7Oid.data, derOctetString(derSequence(...keyBags))));
  const authSafe = derSequence(...safes);

  const macSalt = randomBytes(profile.saltLength);
  const mac = computeMac(profile.macHash, password, macSalt, iterations, authSafe);
  password.fill(0);
  const macData = derSequence(
    derSequence(derSequence(derOid(profile.macHashOid), derNull()), derOctetString(mac)),
    derOctetString(macSalt),
    derInteger(iterations),
  );
  return derSequence(derInteger(3), contentInfo(Pkcs7Oid.data, derOctetString(authSafe)), macData);
}

function checkContents(contents: StoreContents): void {
  if (
    contents === null ||
    typeof contents !== 'object' ||
    !Array.isArray(contents.keys) ||
    !Array.isArray(contents.trusted)
  ) {
    throw new TypeError(
      'writePkcs12 expects StoreContents: { keys: KeyEntryData[], trusted: TrustedEntryData[] }',
    );
  }
  for (const e of contents.keys as readonly KeyEntryData[]) {
    if (typeof e.alias !== 'string' || !(e.privateKey instanceof PrivateKey) || !Array.isArray(e.chain)) {
      throw new TypeError('each key entry needs an alias, a PrivateKey and a chain of Certificates');
    }
    for (const c of e.chain)
      if (!(c instanceof Certificate)) throw new TypeError('chain entries must be Certificates');
  }
  for (const e of contents.trusted as readonly TrustedEntryData[]) {
    if (typeof e.alias !== 'string' || !(e.certificate instanceof Certificate)) {
      throw new TypeError('each trusted entry needs an alias and a Certificate');
    }
  }
}

const contentInfo = (type: string, content: Uint8Array): Uint8Array =>
  derSequence(derOid(type), derExplicit(0, content));

const attribute = (oid: string, value: Uint8Array): Uint8Array => derSequence(derOid(oid), derSet(value));

const friendlyName = (alias: string): Uint8Array => attribute(Pkcs12Oid.friendlyName, derBmpString(alias));

/** A SafeBag; attributes sorted as DER requires for SET OF. */
function bag(type: string, value: Uint8Array, attrs: readonly Uint8Array[]): Uint8Array {
  const sorted = [...attrs].sort((a, b) => Buffer.compare(a, b));
  return derSequence(derOid(type), derExplicit(0, value), ...(sorted.length > 0 ? [derSet(...sorted)] : []));
}

function certBag(cert: Certificate, attrs: readonly Uint8Array[]): Uint8Array {
  const value = derSequence(derOid(Pkcs12Oid.x509Certificate), derExplicit(0, derOctetString(cert.der)));
  return bag(Pkcs12Oid.certBag, value, attrs);
}
