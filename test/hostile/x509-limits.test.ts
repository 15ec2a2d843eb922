import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derOid, derSequence, derSet, encodeTlv } from '../../src/internal/der/index.js';
import { Certificate, CertificateRevocationList, DistinguishedName } from '../../src/x509/index.js';
import { thrownError } from '../helpers/coded-error.js';
import {
  certificateDer,
  crlDer,
  longOidName,
  longSerialCertificate,
  longValueName,
  manyRdnName,
} from './hostile-inputs.js';

/** The value OpenSSL prints for an INTEGER's content bytes, computed with BigInt (the slow, obvious way). */
function referenceHex(bytes: Uint8Array): string {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const negative = (bytes[0]! & 0x80) !== 0;
  if (negative) v = (1n << BigInt(8 * bytes.length)) - v;
  let h = v.toString(16).toUpperCase();
  if (h.length % 2) h = `0${h}`;
  return negative ? `-${h}` : h;
}

const serialOf = (content: Uint8Array): string =>
  Certificate.fromDer(certificateDer({ serial: content })).serialNumber;

describe('serial numbers (RFC 5280 4.1.2.2: at most 20 octets; certkit reads up to 32)', () => {
  it('any DER INTEGER up to 32 octets reads as OpenSSL prints it, negative ones included', () => {
    // DER (X.690 8.3.2): no redundant leading 0x00 or 0xFF; the strict reader refuses those (tested in
    // test/internal/der), so only minimal encodings are generated here.
    const minimal = (c: Uint8Array) =>
      c.length === 1 || !((c[0] === 0x00 && c[1]! < 0x80) || (c[0] === 0xff && c[1]! >= 0x80));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 32 }).filter(minimal), (content) => {
        expect(serialOf(content)).toBe(referenceHex(content));
      }),
      { numRuns: 300 },
    );
  });

  it('a 32-octet magnitude after a 0x00 sign byte is within the tolerance', () => {
    const content = Uint8Array.from([0, ...new Uint8Array(32).fill(0xff)]);
    expect(serialOf(content)).toBe('FF'.repeat(32));
  });

  it('33 octets, and a 256 KiB negative serial, are ERR_X509_TOO_LARGE from the getter only', () => {
    for (const octets of [33, 256 * 1024]) {
      const cert = Certificate.fromDer(longSerialCertificate(octets));
      expect(thrownError(() => cert.serialNumber)).toEqual({
        code: 'ERR_X509_TOO_LARGE',
        details: { field: 'serialNumber', size: octets, limit: 32, rule: 'RFC 5280 4.1.2.2' },
      });
      expect(cert.subject.commonName).toBe('Hostile Subject');
      expect(cert.serialNumberBytes.length).toBe(octets);
      const summary = cert.toJSON();
      expect(summary.serialNumber).toBeNull();
      expect(summary.errors).toContainEqual(
        expect.objectContaining({ field: 'serialNumber', code: 'ERR_X509_TOO_LARGE' }),
      );
      expect(inspect(cert)).toContain('ERR_X509_TOO_LARGE');
    }
  });
});

describe('CRLs', () => {
  it('a CRL entry with an oversized serial fails every time, never reading as an empty list', () => {
    const crl = CertificateRevocationList.fromDer(crlDer(3, 4096));
    expect(thrownError(() => crl.revoked).code).toBe('ERR_X509_TOO_LARGE');
    expect(thrownError(() => crl.revoked).code).toBe('ERR_X509_TOO_LARGE');
    expect(thrownError(() => crl.findRevoked('01')).code).toBe('ERR_X509_TOO_LARGE');
  });

  it('ten thousand entries read in order and are found by serial', () => {
    const crl = CertificateRevocationList.fromDer(crlDer(10_000, 20));
    expect(crl.revoked.length).toBe(10_000);
    const last = crl.revoked[9_999]!;
    expect(crl.findRevoked(last.serialNumber)).toBe(last);
  });

  it('cRLNumber: read as a signed value up to 32 octets, refused beyond (RFC 5280 5.2.3)', () => {
    const withNumber = (content: Uint8Array) => CertificateRevocationList.fromDer(crlDer(1, 4, content));
    expect(withNumber(Uint8Array.of(0x01, 0x00)).crlNumber).toBe(256n);
    expect(withNumber(Uint8Array.of(0xff, 0x00)).crlNumber).toBe(-256n);
    const twenty = new Uint8Array(20).fill(0x7f);
    expect(withNumber(twenty).crlNumber).toBe(BigInt(`0x${'7f'.repeat(20)}`));
    const e = thrownError(() => withNumber(new Uint8Array(64 * 1024).fill(0x7f)).crlNumber);
    expect(e.code).toBe('ERR_X509_BAD_EXTENSION');
    expect(String(e.details.reason)).toMatch(/CRL number is 65536 octets/);
  });
});

describe('name attribute values (ub-name, RFC 5280 appendix A.1: 32,768 characters)', () => {
  const subjectOf = (name: Uint8Array) => Certificate.fromDer(certificateDer({ subject: name })).subject;

  it('32,768 characters read; one more is ERR_X509_TOO_LARGE', () => {
    expect(subjectOf(longValueName(32_768)).commonName!.length).toBe(32_768);
    expect(thrownError(() => subjectOf(longValueName(32_769)))).toMatchObject({
      code: 'ERR_X509_TOO_LARGE',
      details: { field: 'name attribute value', oid: '2.5.4.3', size: 32_769, limit: 32_768 },
    });
  });

  it('counts characters, not octets or UTF-16 units', () => {
    // 20,000 emoji: 80,000 UTF-8 octets and 40,000 UTF-16 units, but 20,000 characters.
    const emoji = new TextEncoder().encode('😀'.repeat(20_000));
    const name = derSequence(derSet(derSequence(derOid('2.5.4.3'), encodeTlv(0x0c, emoji))));
    expect([...subjectOf(name).commonName!].length).toBe(20_000);
    // BMPString: 2 octets a character, so 65,538 octets is 32,769 characters.
    expect(thrownError(() => subjectOf(longValueName(65_538, 0x1e))).details.size).toBe(32_769);
    // A megabyte is refused before it is decoded.
    expect(thrownError(() => subjectOf(longValueName(1 << 20))).details).toMatchObject({
      size: 1 << 20,
    });
  });

  it('a value that is not a string is bounded in octets', () => {
    expect(thrownError(() => subjectOf(longValueName(32_769, 0x04))).code).toBe('ERR_X509_TOO_LARGE');
    expect(subjectOf(longValueName(100, 0x04)).toString()).toMatch(/^CN=#0464/);
  });

  it('DistinguishedName.fromDer refuses too, and a certificate still reports its other fields', () => {
    expect(thrownError(() => DistinguishedName.fromDer(longValueName(40_000))).code).toBe(
      'ERR_X509_TOO_LARGE',
    );
    const cert = Certificate.fromDer(certificateDer({ subject: longValueName(40_000) }));
    expect(cert.serialNumber).toBe('01');
    expect(cert.toJSON().errors).toContainEqual(
      expect.objectContaining({ field: 'subject', code: 'ERR_X509_TOO_LARGE' }),
    );
  });

  it('fifty thousand RDNs (no standard bound) read in one pass', () => {
    const dn = subjectOf(manyRdnName(50_000));
    expect(dn.rdns.length).toBe(50_000);
    expect(dn.commonName).toBe('n49999');
    expect(subjectOf(manyRdnName(50_000, true)).rdns[0]!.length).toBe(50_000);
  });
});

describe('OBJECT IDENTIFIERs (at most 128 content octets)', () => {
  const subjectOf = (name: Uint8Array) => Certificate.fromDer(certificateDer({ subject: name })).subject;

  it('128 octets read; 129 and a megabyte are malformed, with the reason', () => {
    expect(subjectOf(longOidName(128)).rdns[0]![0]!.oid).toMatch(/^1\.2(\.127){127}$/);
    for (const octets of [129, 1 << 20]) {
      const e = thrownError(() => subjectOf(longOidName(octets)));
      expect(e.code).toBe('ERR_X509_MALFORMED');
      expect(String(e.details.reason)).toContain(`OBJECT IDENTIFIER of ${octets} octets`);
    }
  });
});
