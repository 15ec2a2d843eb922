import { describe, expect, it } from 'vitest';
import { parsePrivateKey, parsePublicKey } from '../../src/keys/index.js';
import { thrownCode } from '../helpers/coded-error.js';
import { bytes, KEY_TYPES, text } from './fixtures.js';

describe('parsePublicKey', () => {
  for (const t of KEY_TYPES) {
    it(`${t.type}: SPKI PEM and DER (openssl pkey -pubout) equal the private key's public key`, () => {
      const key = parsePrivateKey(text(`${t.type}-a.pkcs8.pem`));
      for (const pub of [
        parsePublicKey(text(`${t.type}-a.spki.pem`)),
        parsePublicKey(bytes(`${t.type}-a.spki.der`)),
      ]) {
        expect(pub.algorithm).toBe(t.algorithm);
        expect(pub.bits).toBe(t.bits);
        expect(pub.curve).toBe(t.curve);
        expect(pub.sha256Fingerprint).toBe(key.publicKey.sha256Fingerprint);
        expect(pub.equals(key.publicKey)).toBe(true);
      }
    });
  }

  it('reads RSA PUBLIC KEY (PKCS#1) as PEM and DER', () => {
    const pem = text('rsa-a.rsa-public.pem');
    expect(pem).toMatch(/BEGIN RSA PUBLIC KEY/);
    const pub = parsePublicKey(pem);
    const spki = parsePublicKey(text('rsa-a.spki.pem'));
    expect(pub.algorithm).toBe('rsa');
    expect(pub.sha256Fingerprint).toBe(spki.sha256Fingerprint);
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(parsePublicKey(der).sha256Fingerprint).toBe(spki.sha256Fingerprint);
  });

  it('refuses private keys and certificates, broken and truncated input with coded errors', () => {
    expect(thrownCode(() => parsePublicKey(text('rsa-a.pkcs8.pem')))).toBe('ERR_INPUT_UNEXPECTED_OBJECT');
    expect(thrownCode(() => parsePublicKey(text('rsa-a.cert.pem')))).toBe('ERR_INPUT_UNEXPECTED_OBJECT');
    const der = bytes('ec-p256-a.spki.der');
    for (let n = 1; n < der.length; n++)
      expect(thrownCode(() => parsePublicKey(der.subarray(0, n)))).toBe('ERR_DER_TRUNCATED');
    expect(() => parsePublicKey(1 as never)).toThrow(TypeError);
  });
});
