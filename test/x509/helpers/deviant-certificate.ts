import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  derBoolean,
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  encodeTlv,
} from '../../../src/internal/der/index.js';

/**
 * Certificates with one field encoded the way a particular broken encoder writes it, signed for real
 * (ECDSA P-256 over the exact TBS bytes), so the same bytes serve parsing tests, `openssl` comparisons
 * and path validation. Every field is given as raw DER so a test can put any bytes there.
 */

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A string attribute value TLV of universal `tag` holding `bytes` (or the ASCII of a string). */
export const stringTlv = (tag: number, value: string | Uint8Array): Uint8Array =>
  encodeTlv(tag, typeof value === 'string' ? ascii(value) : value);

/** A Name of RDNs, each one attribute `[oid, valueTlv]`. */
export const nameOf = (...attrs: (readonly [string, Uint8Array])[]): Uint8Array =>
  derSequence(...attrs.map(([oid, v]) => derSet(derSequence(derOid(oid), v))));

/** `CN=<cn>` as a UTF8String. */
export const cnName = (cn: string): Uint8Array => nameOf(['2.5.4.3', stringTlv(0x0c, cn)]);

/** UTCTime / GeneralizedTime from the literal text. */
export const utcTime = (text: string): Uint8Array => stringTlv(0x17, text);
export const generalizedTime = (text: string): Uint8Array => stringTlv(0x18, text);

/** One Extension, with the criticality written as given (`undefined` omits the BOOLEAN). */
export function extension(oid: string, value: Uint8Array, critical?: Uint8Array | boolean): Uint8Array {
  const crit =
    critical === undefined || critical === false ? [] : [critical === true ? derBoolean(true) : critical];
  return derSequence(derOid(oid), ...crit, derOctetString(value));
}

/** A key pair to sign with, and its SubjectPublicKeyInfo. */
export interface TestKey {
  readonly privateKey: KeyObject;
  readonly spki: Uint8Array;
}

/** A fresh EC P-256 key. */
export function newKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })) };
}

const ECDSA_SHA256 = derSequence(derOid('1.2.840.10045.4.3.2'));

/** Fields of a TBSCertificate as raw DER; anything omitted gets a conforming default. */
export interface DeviantFields {
  /** The whole `[0] EXPLICIT Version` TLV, or null to omit it. Default v3. */
  readonly version?: Uint8Array | null;
  /** The serialNumber TLV. Default INTEGER 0x01…. */
  readonly serial?: Uint8Array;
  readonly issuer?: Uint8Array;
  readonly subject?: Uint8Array;
  /** notBefore and notAfter TLVs. Default 2020-01-01 to 2040-01-01 in UTCTime. */
  readonly notBefore?: Uint8Array;
  readonly notAfter?: Uint8Array;
  /** Extension TLVs; [] writes no extensions field. Default none. */
  readonly extensions?: readonly Uint8Array[];
  /** Write an extensions field even when the list is empty (`[3] { SEQUENCE {} }`). */
  readonly emptyExtensionsField?: boolean;
  /** The key certified. Default a fresh key. */
  readonly subjectKey?: TestKey;
  /** The `signature` AlgorithmIdentifier inside the TBS. Default the outer one, ecdsa-with-SHA256. */
  readonly tbsSignatureAlgorithm?: Uint8Array;
  /** Unused-bits byte of the signature BIT STRING. Default 0. */
  readonly signatureUnusedBits?: number;
}

/** A certificate signed by `issuerKey` with the given fields. */
export function deviantCertificate(issuerKey: TestKey, fields: DeviantFields = {}): Uint8Array {
  const subjectKey = fields.subjectKey ?? newKey();
  const parts: Uint8Array[] = [];
  const version = fields.version === undefined ? derExplicit(0, derInteger(2)) : fields.version;
  if (version !== null) parts.push(version);
  parts.push(
    fields.serial ?? derInteger(Uint8Array.of(0x01, 0x23, 0x45, 0x67)),
    fields.tbsSignatureAlgorithm ?? ECDSA_SHA256,
    fields.issuer ?? cnName('Deviant Test CA'),
    derSequence(fields.notBefore ?? utcTime('200101000000Z'), fields.notAfter ?? utcTime('400101000000Z')),
    fields.subject ?? cnName('deviant.test'),
    subjectKey.spki,
  );
  const exts = fields.extensions ?? [];
  if (exts.length > 0 || fields.emptyExtensionsField === true)
    parts.push(derExplicit(3, derSequence(...exts)));
  const tbs = derSequence(...parts);
  const signature = sign('sha256', tbs, issuerKey.privateKey);
  const bits = encodeTlv(0x03, Uint8Array.of(fields.signatureUnusedBits ?? 0), signature);
  return derSequence(tbs, ECDSA_SHA256, bits);
}

/** A key identifier for `key` (SHA-1 of its SubjectPublicKeyInfo; any stable value will do). */
export const keyId = (key: TestKey): Uint8Array =>
  new Uint8Array(createHash('sha1').update(key.spki).digest());

/** basicConstraints cA=TRUE and keyUsage keyCertSign|cRLSign, both critical, and the SKI: a CA's extensions. */
export function caExtensions(key: TestKey): Uint8Array[] {
  return [
    extension('2.5.29.19', derSequence(derBoolean(true)), true),
    extension('2.5.29.15', Uint8Array.of(0x03, 0x02, 0x01, 0x06), true),
    extension('2.5.29.14', derOctetString(keyId(key))),
  ];
}

/**
 * The extensions of a TLS server leaf for `host` issued by `issuer`: SAN, keyUsage digitalSignature,
 * extKeyUsage serverAuth, AKI.
 */
export function leafExtensions(issuer: TestKey, host = 'deviant.test'): Uint8Array[] {
  return [
    extension('2.5.29.17', derSequence(encodeTlv(0x82, ascii(host)))),
    extension('2.5.29.15', Uint8Array.of(0x03, 0x02, 0x07, 0x80), true),
    extension('2.5.29.37', derSequence(derOid('1.3.6.1.5.5.7.3.1'))),
    extension('2.5.29.35', derSequence(encodeTlv(0x80, keyId(issuer)))),
  ];
}

/** A self-signed CA certificate for `key` named `CN=Deviant Test CA` (or `extra.subject`). */
export function testCa(key: TestKey, extra: Partial<DeviantFields> = {}): Uint8Array {
  const subject = extra.subject ?? cnName('Deviant Test CA');
  return deviantCertificate(key, {
    subject,
    issuer: subject,
    subjectKey: key,
    extensions: caExtensions(key),
    ...extra,
  });
}
