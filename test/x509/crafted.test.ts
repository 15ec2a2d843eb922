import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { derOid, derSequence, derSet, encodeTlv } from '../../src/internal/der/index.js';
import { Certificate, DistinguishedName, parseCertificate } from '../../src/x509/index.js';
import { buildCertificate, extensionDer } from './helpers/build-certificate.js';
import { readFixture } from './helpers/fixtures.js';

const spki = parseCertificate(readFixture('leaf-ec-p256.pem')).publicKey.spki;
const SAN = '2.5.29.17';
const KU = '2.5.29.15';
const sanDns = (host: string) => derSequence(encodeTlv(0x82, new TextEncoder().encode(host)));

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('certificates openssl will not write', () => {
  it('a duplicated extension is a bad extension, with the OID', () => {
    const cert = Certificate.fromDer(
      buildCertificate({
        spki,
        extensions: [extensionDer(SAN, sanDns('a.test')), extensionDer(SAN, sanDns('b.test'))],
      }),
    );
    expect(cert.extensions.length).toBe(2);
    const e = thrown(() => cert.subjectAltNames);
    expect(isCertkitError(e, 'ERR_X509_BAD_EXTENSION')).toBe(true);
    expect((e as { details: { oid: string } }).details.oid).toBe(SAN);
    // The other fields still read.
    expect(cert.subject.commonName).toBe('Test Subject');
  });

  it('a malformed extension value throws ERR_X509_BAD_EXTENSION from its getter only', () => {
    const cert = Certificate.fromDer(
      buildCertificate({
        spki,
        extensions: [
          extensionDer(KU, Uint8Array.of(0x04, 0x01, 0x00), true),
          extensionDer(SAN, sanDns('ok.test')),
        ],
      }),
    );
    const e = thrown(() => cert.keyUsage);
    expect(e).toMatchObject({ code: 'ERR_X509_BAD_EXTENSION', details: { oid: KU, name: 'keyUsage' } });
    expect(cert.subjectAltNames).toEqual([{ type: 'dns', value: 'ok.test' }]);
    expect(cert.toJSON().errors).toEqual([
      expect.objectContaining({ field: 'keyUsage', code: 'ERR_X509_BAD_EXTENSION' }),
    ]);
    expect(cert.extensions[0]!.critical).toBe(true);
  });

  it('serial numbers: zero, negative, sign padding', () => {
    const serial = (bytes: number[]) =>
      Certificate.fromDer(buildCertificate({ spki, serial: Uint8Array.from(bytes) }));
    expect(serial([0]).serialNumber).toBe('00');
    expect(serial([0x00, 0x80]).serialNumber).toBe('80');
    expect(serial([0xff]).serialNumber).toBe('-01');
    expect(serial([0xff, 0x00]).serialNumber).toBe('-0100');
    expect(Buffer.from(serial([0x00, 0x80]).serialNumberBytes).toString('hex')).toBe('0080');
  });

  it('an empty subject is allowed and prints as an empty string', () => {
    const cert = Certificate.fromDer(buildCertificate({ spki, subject: derSequence() }));
    expect(cert.subject.isEmpty).toBe(true);
    expect(cert.subject.toString()).toBe('');
    expect(cert.isSelfIssued).toBe(false);
  });

  it('a broken outer structure names the problem', () => {
    const good = buildCertificate({ spki });
    const cut = good.subarray(0, good.length - 1);
    expect(thrown(() => Certificate.fromDer(cut))).toMatchObject({
      code: 'ERR_X509_MALFORMED',
      details: { field: 'structure' },
    });
    const trailing = Uint8Array.from([...good, 0]);
    expect(thrown(() => Certificate.fromDer(trailing))).toMatchObject({ code: 'ERR_X509_MALFORMED' });
  });
});

describe('DistinguishedName comparison (RFC 5280 section 7.1)', () => {
  const attr = (oid: string, tag: number, value: string) =>
    derSequence(derOid(oid), encodeTlv(tag, new TextEncoder().encode(value)));
  const name = (...rdns: Uint8Array[][]) =>
    DistinguishedName.fromDer(derSequence(...rdns.map((r) => derSet(...r))));

  it('ignores case, surrounding and repeated whitespace, and string type', () => {
    const a = name([attr('2.5.4.6', 0x13, 'US')], [attr('2.5.4.10', 0x13, 'Example  Org ')]);
    const b = name([attr('2.5.4.6', 0x13, 'us')], [attr('2.5.4.10', 0x0c, ' example org')]);
    expect(a.equals(b)).toBe(true);
    expect(a.canonical).toBe(b.canonical);
    expect(a.toString()).toBe('O=Example  Org\\ ,C=US');
  });

  it('compares multi-valued RDNs as sets, and keeps RDN order significant', () => {
    const cn = attr('2.5.4.3', 0x0c, 'x');
    const uid = attr('0.9.2342.19200300.100.1.1', 0x0c, 'y');
    expect(name([cn, uid]).equals(name([uid, cn]))).toBe(true);
    expect(name([cn], [uid]).equals(name([uid], [cn]))).toBe(false);
    expect(name([cn], [uid]).equals(name([cn, uid]))).toBe(false);
  });

  it('unknown attribute types print as OID=#hex; get() accepts names, aliases and OIDs', () => {
    const dn = name([attr('1.2.3.4', 0x04, 'ab')], [attr('2.5.4.3', 0x0c, 'Name')]);
    expect(dn.toString()).toBe('CN=Name,1.2.3.4=#04026162');
    expect(dn.get('commonName')).toEqual(['Name']);
    expect(dn.get('cn')).toEqual(['Name']);
    expect(dn.get('1.2.3.4')).toEqual(['#04026162']);
    expect(dn.get('nonsense')).toEqual([]);
  });
});

describe('GeneralName kinds openssl will not write', () => {
  it('x400Address and ediPartyName are reported as such, with their bytes', () => {
    const san = derSequence(
      encodeTlv(0xa3, Uint8Array.of(0x30, 0x00)),
      encodeTlv(0xa5, Uint8Array.of(0x81, 0x01, 0x41)),
    );
    const cert = Certificate.fromDer(buildCertificate({ spki, extensions: [extensionDer(SAN, san)] }));
    expect(cert.subjectAltNames.map((n) => n.type)).toEqual(['x400', 'ediParty']);
    expect(Buffer.from(cert.subjectAltNames[1]!.value as Uint8Array).toString('hex')).toBe('810141');
  });

  it('an iPAddress of the wrong length is a bad extension', () => {
    const san = derSequence(encodeTlv(0x87, Uint8Array.of(1, 2, 3)));
    const cert = Certificate.fromDer(buildCertificate({ spki, extensions: [extensionDer(SAN, san)] }));
    expect(() => cert.subjectAltNames).toThrow(expect.objectContaining({ code: 'ERR_X509_BAD_EXTENSION' }));
  });
});
