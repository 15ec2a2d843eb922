import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSubjectPublicKeyInfo } from '../../src/keys/public-key.js';
import { Certificate, parseCertificate, parseCertificates, verifySignedData } from '../../src/x509/index.js';
import { readFixture } from './helpers/fixtures.js';

const cert = (name: string) => parseCertificate(readFixture(name));

describe('signature verification', () => {
  it('verifies a root (RSA 4096) -> intermediate (P-384) -> leaf chain', () => {
    const [leaf, inter, root] = parseCertificates(readFixture('chain.pem'));
    expect(root!.verifySignature(root!.publicKey)).toEqual({ ok: true });
    expect(inter!.verifySignature(root!.publicKey)).toEqual({ ok: true });
    expect(leaf!.verifySignature(inter!.publicKey)).toEqual({ ok: true });
  });

  it.each([
    ['ed25519.pem', 'ED25519'],
    ['ed448.pem', 'ED448'],
    ['rsa-pss.pem', 'rsassaPss'],
  ])('verifies self-signed %s (%s)', (file, alg) => {
    const c = cert(file);
    expect(c.signatureAlgorithm.name).toBe(alg);
    expect(c.verifySignature(c.publicKey)).toEqual({ ok: true });
    expect(c.isSelfSigned()).toBe(true);
  });

  it('verifies RSA-PSS with SHA-384, MGF1-SHA-384 and salt 48 made by an RSA key', () => {
    const c = cert('rsa-signed-pss.pem');
    expect(c.signatureAlgorithm.pss).toEqual({
      hash: 'sha384',
      mgf1Hash: 'sha384',
      saltLength: 48,
      trailerField: 1,
    });
    expect(c.verifySignature(cert('root-ca.pem').publicKey)).toEqual({ ok: true });
  });

  it('verifies ECDSA P-384 with SHA-512 on a P-521 leaf', () => {
    const c = cert('leaf-ec-p521.pem');
    expect(c.signatureAlgorithm.name).toBe('ecdsa-with-SHA512');
    expect(c.verifySignature(cert('intermediate-ca.pem').publicKey).ok).toBe(true);
  });

  it('reports the wrong key with a code and a reason', () => {
    const leaf = cert('leaf-ec-p256.pem');
    const wrongEc = leaf.verifySignature(cert('leaf-ec-p521.pem').publicKey);
    expect(wrongEc).toMatchObject({ ok: false, code: 'ERR_SIGNATURE_INVALID' });
    const wrongType = leaf.verifySignature(cert('root-ca.pem').publicKey);
    expect(wrongType).toMatchObject({ ok: false, code: 'ERR_SIGNATURE_INVALID' });
    expect(wrongType.ok === false && wrongType.reason).toMatch(/ecdsa-with-SHA256.*rsa key/);
  });

  it('detects a changed certificate', () => {
    const der = new Uint8Array(cert('leaf-full.pem').der);
    const at = Buffer.from(der).indexOf('www.example.test');
    der[at] = 'x'.charCodeAt(0);
    const tampered = Certificate.fromDer(der);
    const check = tampered.verifySignature(cert('intermediate-ca.pem').publicKey);
    expect(check).toMatchObject({ ok: false, code: 'ERR_SIGNATURE_INVALID' });
  });

  it('reports an unknown algorithm as unsupported', () => {
    const c = cert('root-ca.pem');
    const check = verifySignedData({
      data: c.tbs,
      signature: c.signatureValue,
      algorithm: { oid: '1.2.3.4', name: '1.2.3.4', hash: null, parameters: undefined },
      key: c.publicKey,
    });
    expect(check).toMatchObject({ ok: false, code: 'ERR_SIGNATURE_UNSUPPORTED_ALGORITHM' });
  });

  it('verifies arbitrary signed data made with node:crypto', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const data = Buffer.from('hello');
    const key = parseSubjectPublicKeyInfo(publicKey.export({ type: 'spki', format: 'der' }));
    const signature = sign(null, data, privateKey);
    const algorithm = { oid: '1.3.101.112', name: 'ED25519', hash: null, parameters: undefined };
    expect(verifySignedData({ data, signature, algorithm, key })).toEqual({ ok: true });
    expect(verifySignedData({ data: Buffer.from('hellO'), signature, algorithm, key })).toMatchObject({
      ok: false,
    });
    expect(verifySignedData({ data, signature, algorithm, key, unusedBits: 1 })).toMatchObject({
      ok: false,
      code: 'ERR_SIGNATURE_INVALID',
    });
  });
});
