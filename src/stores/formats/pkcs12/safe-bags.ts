import {
  berToDer,
  children,
  readOid,
  readRoot,
  readSmallInteger,
  type Tlv,
  UniversalTag,
  valueBytes,
} from '../../../internal/der/index.js';
import { ExtendedKeyUsageOid, Pkcs7Oid, Pkcs12Oid } from '../../../internal/oids.js';
import { type KeyDecryptor, readKeyEncryption } from '../../../keys/encrypted-private-key-info.js';
import { storeError } from '../format-errors.js';
import { explicitZero, need, octets, pkcs12Malformed } from './pfx-structure.js';

/** One ContentInfo of the AuthenticatedSafe: SafeContents in the clear, or encrypted. */
export type SafeContentsItem =
  | { readonly kind: 'plain'; readonly contents: Uint8Array }
  | { readonly kind: 'encrypted'; readonly decryptor: KeyDecryptor };

/** A key, shrouded key or certificate bag with the attributes certkit uses. */
export interface SafeBag {
  readonly type: 'key' | 'shrouded-key' | 'cert';
  /** PrivateKeyInfo (key), EncryptedPrivateKeyInfo (shrouded-key) or certificate DER (cert). */
  readonly value: Uint8Array;
  readonly friendlyName: string | undefined;
  readonly localKeyId: Uint8Array | undefined;
  /** Java's trustedKeyUsage attribute is present: keytool's trusted certificate entry. */
  readonly trusted: boolean;
}

/**
 * Splits the AuthenticatedSafe (SEQUENCE OF ContentInfo) into plain and encrypted SafeContents.
 * Encryption parameters are read (and hostile iteration counts refused) without a password.
 * @see RFC 7292 section 4.1, RFC 5652 section 8
 */
export function readAuthenticatedSafe(input: Uint8Array): SafeContentsItem[] {
  const authSafe = berToDer(input);
  const root = readRoot(authSafe);
  if (root.cls !== 0 || root.tag !== UniversalTag.sequence)
    pkcs12Malformed('AuthenticatedSafe is not a SEQUENCE');
  return children(authSafe, root).map((ci) => {
    const [typeTlv, contentTlv] = children(authSafe, need(ci, UniversalTag.sequence, 'ContentInfo'));
    const type = readOid(authSafe, need(typeTlv, UniversalTag.oid, 'ContentInfo type'));
    if (type === Pkcs7Oid.data) {
      return {
        kind: 'plain',
        contents: octets(authSafe, explicitZero(authSafe, contentTlv, 'data'), 'data'),
      };
    }
    if (type === Pkcs7Oid.encryptedData) {
      const ed = need(
        explicitZero(authSafe, contentTlv, 'encryptedData'),
        UniversalTag.sequence,
        'EncryptedData',
      );
      const [versionTlv, eciTlv] = children(authSafe, ed);
      readSmallInteger(authSafe, need(versionTlv, UniversalTag.integer, 'EncryptedData version'));
      const [, algTlv, contentBytesTlv] = children(
        authSafe,
        need(eciTlv, UniversalTag.sequence, 'EncryptedContentInfo'),
      );
      const alg = need(algTlv, UniversalTag.sequence, 'content encryption algorithm');
      if (contentBytesTlv === undefined || contentBytesTlv.cls !== 2 || contentBytesTlv.tag !== 0) {
        pkcs12Malformed('EncryptedContentInfo has no encrypted content');
      }
      const encrypted = octets(authSafe, contentBytesTlv, 'encrypted content');
      return { kind: 'encrypted', decryptor: readKeyEncryption(authSafe, alg, encrypted) };
    }
    throw storeError(
      'ERR_PKCS12_UNSUPPORTED',
      `This PKCS#12 file holds a ContentInfo of type ${type} (envelopedData?), which certkit does not read.`,
      { what: 'content type', oid: type },
    );
  });
}

/** Whether decrypted bytes look like one whole DER value: tells a right password from a lucky padding. */
export function looksLikeDer(bytes: Uint8Array): boolean {
  try {
    readRoot(berToDer(bytes));
    return true;
  } catch {
    return false;
  }
}

/** Reads the bags of one SafeContents, descending into nested SafeContents bags. */
export function readSafeBags(input: Uint8Array, out: SafeBag[] = [], depth = 0): SafeBag[] {
  const der = berToDer(input);
  if (depth > 4) pkcs12Malformed('SafeContents nested too deeply');
  const root = readRoot(der);
  if (root.cls !== 0 || root.tag !== UniversalTag.sequence) pkcs12Malformed('SafeContents is not a SEQUENCE');
  for (const bagTlv of children(der, root)) {
    const [idTlv, valueTlv, attrsTlv] = children(der, need(bagTlv, UniversalTag.sequence, 'SafeBag'));
    const id = readOid(der, need(idTlv, UniversalTag.oid, 'bag type'));
    const value = explicitZero(der, valueTlv, 'SafeBag');
    const attrs = readAttributes(der, attrsTlv);
    if (id === Pkcs12Oid.keyBag || id === Pkcs12Oid.pkcs8ShroudedKeyBag) {
      need(value, UniversalTag.sequence, 'key bag');
      const bytes = der.subarray(value.start, value.end);
      out.push({ type: id === Pkcs12Oid.keyBag ? 'key' : 'shrouded-key', value: bytes, ...attrs });
    } else if (id === Pkcs12Oid.certBag) {
      const [certIdTlv, certValueTlv] = children(der, need(value, UniversalTag.sequence, 'CertBag'));
      const certType = readOid(der, need(certIdTlv, UniversalTag.oid, 'certificate type'));
      if (certType !== Pkcs12Oid.x509Certificate) continue; // SDSI certificates: skipped
      const certDer = octets(der, explicitZero(der, certValueTlv, 'CertBag'), 'certificate');
      out.push({ type: 'cert', value: certDer, ...attrs });
    } else if (id === Pkcs12Oid.safeContentsBag) {
      readSafeBags(der.subarray(value.start, value.end), out, depth + 1);
    }
    // CRL and secret bags carry nothing a keystore entry needs: skipped.
  }
  return out;
}

function readAttributes(
  der: Uint8Array,
  tlv: Tlv | undefined,
): { friendlyName: string | undefined; localKeyId: Uint8Array | undefined; trusted: boolean } {
  let friendlyName: string | undefined;
  let localKeyId: Uint8Array | undefined;
  let trusted = false;
  if (tlv !== undefined) {
    for (const attr of children(der, need(tlv, UniversalTag.set, 'bag attributes'))) {
      const [oidTlv, valuesTlv] = children(der, need(attr, UniversalTag.sequence, 'attribute'));
      const oid = readOid(der, need(oidTlv, UniversalTag.oid, 'attribute type'));
      const first = children(der, need(valuesTlv, UniversalTag.set, 'attribute values'))[0];
      if (first === undefined) continue;
      if (oid === Pkcs12Oid.friendlyName)
        friendlyName = bmpToString(valueBytes(der, need(first, UniversalTag.bmpString, 'friendlyName')));
      else if (oid === Pkcs12Oid.localKeyId)
        localKeyId = valueBytes(der, need(first, UniversalTag.octetString, 'localKeyId'));
      else if (oid === Pkcs12Oid.javaTrustedKeyUsage) trusted = true;
    }
  }
  return { friendlyName, localKeyId, trusted };
}

function bmpToString(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) pkcs12Malformed('friendlyName has an odd number of bytes');
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return s;
}

/** The attribute value Java writes for trusted certificates: anyExtendedKeyUsage. */
export const JAVA_TRUST_ANY = ExtendedKeyUsageOid.anyExtendedKeyUsage;
