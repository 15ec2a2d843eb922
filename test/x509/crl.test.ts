import { describe, expect, it } from 'vitest';
import { CertificateRevocationList, parseCertificate, parseCrl } from '../../src/x509/index.js';
import { hasPeerTool } from '../helpers/peer-tools.js';
import { fixture, openssl, parseOpensslDate, readFixture } from './helpers/fixtures.js';

const REASON_TEXT: Record<string, string> = {
  keyCompromise: 'Key Compromise',
  superseded: 'Superseded',
  certificateHold: 'Certificate Hold',
  cessationOfOperation: 'Cessation Of Operation',
};

describe.skipIf(!hasPeerTool('openssl', 'openssl'))('certificate revocation lists', () => {
  const crl = parseCrl(readFixture('intermediate.crl'));
  const text = openssl('crl', '-in', fixture('intermediate.crl'), '-noout', '-text');
  const issuerCert = parseCertificate(readFixture('intermediate-ca.pem'));

  it('issuer, dates and CRL number agree with openssl crl', () => {
    expect(`issuer=${crl.issuer.toString()}`).toBe(
      openssl('crl', '-in', fixture('intermediate.crl'), '-noout', '-issuer', '-nameopt', 'RFC2253').trim(),
    );
    expect(crl.version).toBe(2);
    expect(crl.thisUpdate.getTime()).toBe(parseOpensslDate(/Last Update: (.*)/.exec(text)![1]!).getTime());
    expect(crl.nextUpdate!.getTime()).toBe(parseOpensslDate(/Next Update: (.*)/.exec(text)![1]!).getTime());
    const crlnumber = openssl('crl', '-in', fixture('intermediate.crl'), '-noout', '-crlnumber').trim();
    expect(crlnumber).toBe(`crlNumber=0x${crl.crlNumber!.toString(16).toUpperCase()}`);
    expect(crl.authorityKeyIdentifier!.keyIdentifier).toBe(issuerCert.subjectKeyIdentifier);
    expect(crl.signatureAlgorithm.name).toBe(/Signature Algorithm: (\S+)/.exec(text)![1]);
  });

  it('revoked serials, dates and reasons agree with openssl crl -text', () => {
    const entries = text.split('Serial Number: ').slice(1);
    expect(crl.revoked.length).toBe(entries.length);
    crl.revoked.forEach((r, i) => {
      const e = entries[i]!;
      expect(r.serialNumber).toBe(e.split('\n')[0]!.trim());
      expect(r.revocationDate.getTime()).toBe(
        parseOpensslDate(/Revocation Date: (.*)/.exec(e)![1]!).getTime(),
      );
      const reason = /CRL Reason Code:\s*\n\s*(.*)/.exec(e)?.[1]?.trim();
      expect(r.reason === undefined ? undefined : REASON_TEXT[r.reason]).toBe(reason);
    });
    expect(crl.revoked.map((r) => r.reason)).toEqual([
      'keyCompromise',
      'superseded',
      'certificateHold',
      undefined,
    ]);
    expect(crl.revoked[0]!.reasonCode).toBe(1);
  });

  it('finds a revoked certificate by serial', () => {
    const revoked = parseCertificate(readFixture('revoked-1.pem'));
    expect(crl.findRevoked(revoked.serialNumber)?.reason).toBe('keyCompromise');
    expect(crl.findRevoked('70:01')?.serialNumber).toBe('7001');
    expect(crl.findRevoked('007001')?.serialNumber).toBe('7001');
    expect(crl.findRevoked('7005')).toBeUndefined();
  });

  it('reads the issuing distribution point', () => {
    const idp = crl.issuingDistributionPoint!;
    expect(idp.critical).toBe(true);
    expect(idp.fullName).toEqual([{ type: 'uri', value: 'http://pki.example.test/int.crl' }]);
    expect(idp.onlySomeReasons!.map((r) => REASON_TEXT[r]).join(', ')).toBe(
      /Only Some Reasons:\s*\n\s*(.*)/.exec(text)![1]!.trim(),
    );
    expect(idp.onlyContainsCACerts).toBe(false);
  });

  it('checks its signature against the issuer key', () => {
    expect(crl.verifySignature(issuerCert.publicKey)).toEqual({ ok: true });
    expect(crl.verifySignature(parseCertificate(readFixture('root-ca.pem')).publicKey)).toMatchObject({
      ok: false,
      code: 'ERR_SIGNATURE_INVALID',
    });
  });

  it('reads DER and PEM alike; staleness by nextUpdate', () => {
    const der = parseCrl(readFixture('intermediate.crl.der'));
    expect(Buffer.from(der.der).equals(Buffer.from(crl.der))).toBe(true);
    expect(crl.pem).toBe(readFixture('intermediate.crl').toString('utf8'));
    expect(crl.isStale(crl.thisUpdate)).toBe(false);
    expect(crl.isStale(new Date(crl.nextUpdate!.getTime() + 1))).toBe(true);
    expect(crl.toJSON()).toMatchObject({ crlNumber: crl.crlNumber!.toString(), revoked: expect.any(Array) });
  });

  it('refuses other objects', () => {
    expect(() => CertificateRevocationList.fromDer(readFixture('leaf-full.der'))).toThrow(
      expect.objectContaining({ code: 'ERR_CRL_MALFORMED' }),
    );
    expect(() => parseCrl(readFixture('root-ca.pem'))).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_UNEXPECTED_OBJECT' }),
    );
  });
});
