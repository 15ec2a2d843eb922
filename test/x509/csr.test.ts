import { describe, expect, it } from 'vitest';
import { CertificateRequest, parseCsr } from '../../src/x509/index.js';
import { hasPeerTool } from '../helpers/peer-tools.js';
import { fixture, openssl, opensslBytes, readFixture } from './helpers/fixtures.js';
import { OPENSSL_EKU, OPENSSL_KEY_USAGE, opensslGeneralName } from './helpers/openssl-format.js';

describe.skipIf(!hasPeerTool('openssl', 'openssl'))('certificate signing requests', () => {
  const csr = parseCsr(readFixture('request.csr'));
  const text = openssl('req', '-in', fixture('request.csr'), '-noout', '-text');
  const line = (after: string) =>
    text.split('\n')[text.split('\n').findIndex((l) => l.includes(after)) + 1]!.trim();

  it('subject, key and signature algorithm agree with openssl req', () => {
    expect(`subject=${csr.subject.toString()}`).toBe(
      openssl('req', '-in', fixture('request.csr'), '-noout', '-subject', '-nameopt', 'RFC2253').trim(),
    );
    expect(csr.version).toBe(0);
    expect(csr.signatureAlgorithm.name).toBe(/Signature Algorithm: (\S+)/.exec(text)![1]);
    const spki = opensslBytes(['req', '-in', fixture('request.csr'), '-noout', '-pubkey']);
    const der = opensslBytes(['pkey', '-pubin', '-outform', 'DER'], spki);
    expect(Buffer.from(csr.publicKey.spki).equals(der)).toBe(true);
    expect(csr.publicKey.curve).toBe('P-256');
  });

  it('requested extensions agree with openssl req -text', () => {
    expect(csr.subjectAltNames.map((n) => opensslGeneralName(n)).join(', ')).toBe(
      line('X509v3 Subject Alternative Name'),
    );
    expect(csr.keyUsage!.critical).toBe(true);
    expect(csr.keyUsage!.names.map((n) => OPENSSL_KEY_USAGE[n]).join(', ')).toBe(line('X509v3 Key Usage'));
    expect(csr.extendedKeyUsage!.names.map((n) => OPENSSL_EKU[n]).join(', ')).toBe(
      line('X509v3 Extended Key Usage'),
    );
    expect(csr.basicConstraints).toBeUndefined();
    expect(csr.subjectAltNames.filter((n) => n.type === 'ip').map((n) => n.value)).toEqual([
      '192.0.2.7',
      '2001:db8::7',
    ]);
  });

  it('verifies the proof of possession, and notices tampering', () => {
    expect(csr.verifySignature()).toEqual({ ok: true });
    expect(parseCsr(readFixture('request-ed25519.csr')).verifySignature()).toEqual({ ok: true });
    const der = new Uint8Array(csr.der);
    der[Buffer.from(der).indexOf('request.example.test')] = 0x52;
    expect(CertificateRequest.fromDer(der).verifySignature()).toMatchObject({
      ok: false,
      code: 'ERR_SIGNATURE_INVALID',
    });
  });

  it('reads DER and PEM alike, and round-trips PEM', () => {
    const der = parseCsr(readFixture('request.der'));
    expect(Buffer.from(der.der).equals(Buffer.from(csr.der))).toBe(true);
    expect(csr.pem).toBe(readFixture('request.csr').toString('utf8'));
  });

  it('a CSR without extensions has none', () => {
    const ed = parseCsr(readFixture('request-ed25519.csr'));
    expect(ed.extensions).toEqual([]);
    expect(ed.subjectAltNames).toEqual([]);
    expect(ed.hasChallengePassword).toBe(false);
    expect(ed.publicKey.algorithm).toBe('ed25519');
  });

  it('summarises without secrets', () => {
    expect(csr.toJSON()).toMatchObject({
      subject: 'CN=request.example.test,O=Certkit Test,C=US',
      keyUsage: ['digitalSignature', 'keyAgreement'],
      signatureValid: true,
    });
  });

  it('refuses other objects', () => {
    expect(() => parseCsr(readFixture('root-ca.pem'))).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_UNEXPECTED_OBJECT' }),
    );
    expect(() => CertificateRequest.fromDer(readFixture('leaf-full.der'))).toThrow(
      expect.objectContaining({ code: 'ERR_CSR_MALFORMED' }),
    );
  });
});
