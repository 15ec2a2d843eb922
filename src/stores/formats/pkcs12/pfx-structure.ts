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
import { HashByOid, Pkcs7Oid, Pkcs12Oid } from '../../../internal/oids.js';
import { storeError } from '../format-errors.js';

/** The MacData of a PFX (RFC 7292 section 4): digest algorithm, MAC value, salt, iterations. */
export interface PfxMac {
  readonly hash: string;
  readonly digest: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
}

/** A PFX split into its parts; `authSafe` is the DER of the AuthenticatedSafe the MAC covers. */
export interface PfxStructure {
  readonly authSafe: Uint8Array;
  readonly mac: PfxMac | undefined;
}

/** `ERR_PKCS12_MALFORMED` with a reason. */
export function pkcs12Malformed(reason: string, details: Record<string, unknown> = {}): never {
  throw storeError('ERR_PKCS12_MALFORMED', `Malformed PKCS#12 file: ${reason}.`, { reason, ...details });
}

/** Throws `ERR_PKCS12_MALFORMED` unless `tlv` is the universal `tag`. */
export function need(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (tlv === undefined) pkcs12Malformed(`${what} is missing`);
  if (tlv.cls !== 0 || tlv.tag !== tag) pkcs12Malformed(`${what} has the wrong type`, { offset: tlv.start });
  return tlv;
}

/** The `[0] EXPLICIT` content of a ContentInfo or SafeBag. */
export function explicitZero(der: Uint8Array, tlv: Tlv | undefined, what: string): Tlv {
  if (tlv === undefined || tlv.cls !== 2 || tlv.tag !== 0 || !tlv.constructed) {
    pkcs12Malformed(`${what} has no [0] content`);
  }
  const inner = children(der, tlv);
  if (inner.length !== 1) pkcs12Malformed(`${what} must hold exactly one value`);
  return inner[0]!;
}

/**
 * The bytes of an OCTET STRING, also in the constructed form (BER segments, as some Windows
 * exporters write) when each segment is itself definite-length.
 */
export function octets(der: Uint8Array, tlv: Tlv, what: string): Uint8Array {
  if (tlv.cls !== 0 && !(tlv.cls === 2 && tlv.tag === 0)) pkcs12Malformed(`${what} is not an OCTET STRING`);
  if (tlv.cls === 0 && tlv.tag !== UniversalTag.octetString)
    pkcs12Malformed(`${what} is not an OCTET STRING`);
  if (!tlv.constructed) return valueBytes(der, tlv);
  const parts = children(der, tlv).map((c) => octets(der, c, what));
  return Buffer.concat(parts);
}

/**
 * Reads the outer PFX: version 3, authSafe ContentInfo of type data (public-key integrity mode is
 * refused), optional MacData. BER (indefinite lengths, as Windows writes) is normalised to DER first;
 * nothing is decrypted here.
 * @see RFC 7292 section 4
 */
export function readPfx(input: Uint8Array): PfxStructure {
  const der = berToDer(input);
  const root = readRoot(der);
  if (root.cls !== 0 || root.tag !== UniversalTag.sequence) pkcs12Malformed('the file is not a SEQUENCE');
  const [versionTlv, authSafeTlv, macTlv, extra] = children(der, root);
  const version = readSmallInteger(der, need(versionTlv, UniversalTag.integer, 'version'));
  if (version !== 3) pkcs12Malformed(`version ${version} (expected 3)`, { version });
  if (extra !== undefined) pkcs12Malformed('unexpected fields after MacData');
  const ci = need(authSafeTlv, UniversalTag.sequence, 'authSafe');
  const [typeTlv, contentTlv] = children(der, ci);
  const type = readOid(der, need(typeTlv, UniversalTag.oid, 'authSafe content type'));
  if (type === Pkcs7Oid.signedData) {
    throw storeError(
      'ERR_PKCS12_UNSUPPORTED',
      'This PKCS#12 file uses public-key integrity mode (signedData), which certkit does not read.',
      { what: 'public-key integrity mode' },
    );
  }
  if (type !== Pkcs7Oid.data) pkcs12Malformed(`authSafe has content type ${type}`, { contentType: type });
  const authSafe = octets(der, explicitZero(der, contentTlv, 'authSafe'), 'authSafe content');
  return { authSafe, mac: macTlv === undefined ? undefined : readMacData(der, macTlv) };
}

function readMacData(der: Uint8Array, tlv: Tlv): PfxMac {
  const [digestInfo, saltTlv, iterTlv] = children(der, need(tlv, UniversalTag.sequence, 'MacData'));
  const [algId, digestTlv] = children(der, need(digestInfo, UniversalTag.sequence, 'MAC DigestInfo'));
  const [oidTlv] = children(der, need(algId, UniversalTag.sequence, 'MAC algorithm'));
  const oid = readOid(der, need(oidTlv, UniversalTag.oid, 'MAC algorithm'));
  const hash = HashByOid[oid];
  if (oid === Pkcs12Oid.pbmac1 || hash === undefined || hash === 'md5') {
    throw storeError(
      'ERR_PKCS12_UNSUPPORTED',
      `This PKCS#12 file's MAC uses ${oid === Pkcs12Oid.pbmac1 ? 'PBMAC1' : (hash ?? oid)}, which certkit does not support.`,
      { what: 'MAC algorithm', oid },
    );
  }
  const digest = valueBytes(der, need(digestTlv, UniversalTag.octetString, 'MAC value'));
  const salt = valueBytes(der, need(saltTlv, UniversalTag.octetString, 'MAC salt'));
  const iterations =
    iterTlv === undefined ? 1 : readSmallInteger(der, need(iterTlv, UniversalTag.integer, 'MAC iterations'));
  if (iterations < 1) pkcs12Malformed(`MAC iteration count ${iterations} is not positive`);
  return { hash, digest, salt, iterations };
}
