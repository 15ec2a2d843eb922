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

const utf8 = (s: string) => encodeTlv(0x0c, new TextEncoder().encode(s));
const utc = (s: string) => encodeTlv(0x17, new TextEncoder().encode(s));

/** A Name with one CN. */
export const nameDer = (cn: string): Uint8Array =>
  derSequence(derSet(derSequence(derOid('2.5.4.3'), utf8(cn))));

/** One Extension. */
export function extensionDer(oid: string, value: Uint8Array, critical = false): Uint8Array {
  return critical
    ? derSequence(derOid(oid), derBoolean(true), derOctetString(value))
    : derSequence(derOid(oid), derOctetString(value));
}

/**
 * A structurally valid certificate whose signature is junk: for tests of fields openssl will not
 * write (duplicate or malformed extensions, odd serials). `spki` must be a SubjectPublicKeyInfo DER.
 */
export function buildCertificate(options: {
  spki: Uint8Array;
  serial?: Uint8Array;
  extensions?: Uint8Array[];
  subject?: Uint8Array;
}): Uint8Array {
  const sigAlg = derSequence(derOid('1.2.840.10045.4.3.2'));
  const serialTlv = options.serial === undefined ? derInteger(1) : encodeTlv(0x02, options.serial);
  const parts = [
    derExplicit(0, derInteger(2)),
    serialTlv,
    sigAlg,
    nameDer('Test Issuer'),
    derSequence(utc('200101000000Z'), utc('300101000000Z')),
    options.subject ?? nameDer('Test Subject'),
    options.spki,
  ];
  if (options.extensions) parts.push(derExplicit(3, derSequence(...options.extensions)));
  return derSequence(derSequence(...parts), sigAlg, encodeTlv(0x03, Uint8Array.of(0, 0x30, 0x00)));
}
