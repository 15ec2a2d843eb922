import { describe, expect, it } from 'vitest';
import { derOctetString, derOid, derSequence, derSet, encodeTlv } from '../../src/internal/der/index.js';
import { Certificate, DistinguishedName, parseCertificate, parseCertificates } from '../../src/x509/index.js';
import { thrownError } from '../helpers/coded-error.js';
import { buildCertificate, extensionDer } from './helpers/build-certificate.js';
import { CERT_FIXTURES, readFixture } from './helpers/fixtures.js';

const spki = parseCertificate(readFixture('leaf-ec-p256.pem')).publicKey.spki;
const SAN = '2.5.29.17';
const sanDns = (host: string) => derSequence(encodeTlv(0x82, new TextEncoder().encode(host)));
const name = (tag: number, value: Uint8Array) =>
  derSequence(derSet(derSequence(derOid('2.5.4.3'), encodeTlv(tag, value))));

/** Two parses of the same DER: one reads `first` before `field`, the other reads `field` straight away. */
function bothOrders(der: Uint8Array, first: (c: Certificate) => unknown, field: (c: Certificate) => unknown) {
  const warmed = Certificate.fromDer(der);
  try {
    first(warmed);
  } catch {
    // only the order matters
  }
  return [thrownError(() => field(Certificate.fromDer(der))), thrownError(() => field(warmed))];
}

describe('an extension read without the whole list', () => {
  it('a repeated subjectAltName is ERR_X509_BAD_EXTENSION whether or not the list was read first', () => {
    const der = buildCertificate({
      spki,
      extensions: [extensionDer(SAN, sanDns('a.test')), extensionDer(SAN, sanDns('b.test'))],
    });
    const [direct, afterList] = bothOrders(
      der,
      (c) => c.extensions,
      (c) => c.subjectAltNames,
    );
    expect(direct).toMatchObject({ code: 'ERR_X509_BAD_EXTENSION', details: { oid: SAN } });
    expect(direct).toEqual(afterList);
  });

  it('a malformed list fails every extension getter as reading the list does', () => {
    const broken = derSequence(
      derOid(SAN),
      derOctetString(sanDns('a.test')),
      derOctetString(Uint8Array.of(0)),
    );
    const der = buildCertificate({
      spki,
      extensions: [extensionDer('2.5.29.15', Uint8Array.of(3, 2, 7, 0x80)), broken],
    });
    const [direct, afterList] = bothOrders(
      der,
      (c) => c.extensions,
      (c) => c.subjectAltNames,
    );
    expect(direct).toMatchObject({ code: 'ERR_X509_MALFORMED', details: { field: 'extensions' } });
    expect(direct).toEqual(afterList);
    expect(thrownError(() => Certificate.fromDer(der).keyUsage)).toEqual(direct);
  });

  it('every extension getter of the fixtures gives what the list gives', () => {
    for (const file of CERT_FIXTURES) {
      const der = parseCertificate(readFixture(file)).der;
      const lazy = Certificate.fromDer(der);
      const listed = Certificate.fromDer(der);
      void listed.extensions;
      const fields = (c: Certificate) => [
        c.subjectAltNames,
        c.keyUsage,
        c.extendedKeyUsage,
        c.basicConstraints,
        c.subjectKeyIdentifier,
        c.authorityKeyIdentifier,
        c.authorityInfoAccess,
        c.crlDistributionPoints,
        c.certificatePolicies,
        c.nameConstraints,
      ];
      expect(fields(lazy), file).toEqual(fields(listed));
    }
  });
});

describe('names kept as offsets into the certificate', () => {
  it('subject and issuer are views of the certificate DER, made once', () => {
    const cert = parseCertificate(readFixture('leaf-ec-p256.pem'));
    const subject = cert.subject.der;
    expect(subject.buffer).toBe(cert.der.buffer);
    expect(cert.subject.der).toBe(subject);
    expect(DistinguishedName.fromDer(subject).toString()).toBe(cert.subject.toString());
  });

  it('toString, canonical and openssl form read the same before and after the RDNs are kept', () => {
    for (const file of CERT_FIXTURES) {
      const der = parseCertificate(readFixture(file)).der;
      const a = Certificate.fromDer(der).subject;
      const forms = (dn: DistinguishedName) => [
        dn.toString(),
        dn.canonical,
        dn.toOpenSslString(),
        dn.commonName,
      ];
      const before = forms(a);
      const b = Certificate.fromDer(der).subject;
      void b.rdns;
      expect(forms(b), file).toEqual(before);
    }
  });

  it('a subject whose UTF8String is not UTF-8 is refused when the subject is read', () => {
    const der = buildCertificate({ spki, subject: name(0x0c, Uint8Array.of(0x61, 0xff)) });
    expect(thrownError(() => Certificate.fromDer(der).subject)).toMatchObject({
      code: 'ERR_X509_MALFORMED',
      details: { field: 'subject', reason: expect.stringContaining('UTF8String that is not valid UTF-8') },
    });
    const odd = buildCertificate({ spki, subject: name(0x1e, Uint8Array.of(0, 0x61, 0)) });
    expect(thrownError(() => Certificate.fromDer(odd).subject)).toMatchObject({
      code: 'ERR_X509_MALFORMED',
      details: { reason: expect.stringContaining('BMPString of odd length') },
    });
  });

  it('an ASCII value longer than ub-name is refused in characters, as when decoded', () => {
    const long = new Uint8Array(32_769).fill(0x61);
    const der = buildCertificate({ spki, subject: name(0x0c, long) });
    expect(thrownError(() => Certificate.fromDer(der).subject)).toMatchObject({
      code: 'ERR_X509_TOO_LARGE',
      details: { size: 32_769, limit: 32_768 },
    });
    expect(thrownError(() => DistinguishedName.fromDer(name(0x0c, long)))).toMatchObject({
      code: 'ERR_X509_TOO_LARGE',
      details: { size: 32_769 },
    });
  });

  it('BMPString and UniversalString values decode, astral characters included', () => {
    const bmp = Uint8Array.of(0x00, 0x41, 0x00, 0xe9, 0x4e, 0x2d);
    expect(Certificate.fromDer(buildCertificate({ spki, subject: name(0x1e, bmp) })).subject.commonName).toBe(
      'Aé中',
    );
    const universal = Uint8Array.of(0, 0, 0, 0x41, 0, 1, 0xf6, 0x00);
    expect(
      Certificate.fromDer(buildCertificate({ spki, subject: name(0x1c, universal) })).subject.commonName,
    ).toBe('A\u{1f600}');
  });
});

describe('certificates of one PEM bundle', () => {
  it('share one buffer, each with its own bytes', () => {
    const certs = parseCertificates(readFixture('chain.pem'));
    expect(certs.length).toBeGreaterThan(1);
    expect(certs[0]!.der.buffer).toBe(certs[1]!.der.buffer);
    expect(Buffer.from(certs[0]!.der).equals(Buffer.from(Certificate.fromDer(certs[0]!.der).der))).toBe(true);
    expect(certs[0]!.der.byteOffset + certs[0]!.der.byteLength).toBeLessThanOrEqual(certs[1]!.der.byteOffset);
  });
});
