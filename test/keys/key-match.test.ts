import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import {
  assertKeyMatchesCertificate,
  keyMatchesCertificate,
  parsePrivateKey,
  parsePublicKey,
  parseSubjectPublicKeyInfo,
} from '../../src/keys/index.js';
import { parseCertificate } from '../../src/x509/index.js';
import { hasPeerTool, run } from '../helpers/peer-tools.js';
import { bytes, KEY_TYPES, LEGACY_FIXTURES, PASSWORD, path, plainFixtures, text } from './fixtures.js';

const withOpenssl = hasPeerTool('openssl', 'openssl');

/** The certificate's SPKI as `openssl x509 -pubkey` prints it, read with parseSubjectPublicKeyInfo. */
function opensslCertPublicKey(certFile: string) {
  const pem = run('openssl', ['x509', '-in', path(certFile), '-pubkey', '-noout']);
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return parseSubjectPublicKeyInfo(new Uint8Array(der));
}

describe.skipIf(!withOpenssl)(
  'key match against the public key openssl extracts from the certificate',
  () => {
    for (const t of KEY_TYPES) {
      it(`${t.type}: key a matches certificate a and not certificate b`, () => {
        const key = parsePrivateKey(text(`${t.type}-a.pkcs8.pem`));
        const mine = opensslCertPublicKey(`${t.type}-a.cert.pem`);
        const other = opensslCertPublicKey(`${t.type}-b.cert.pem`);
        expect(keyMatchesCertificate(key, mine)).toEqual({
          matches: true,
          algorithm: t.algorithm,
          publicKeySha256: mine.sha256Fingerprint,
        });
        const miss = keyMatchesCertificate(key, other);
        expect(miss.matches).toBe(false);
        if (!miss.matches) {
          expect(miss.code).toBe('ERR_KEY_MISMATCH');
          expect(miss.keyPublicKeySha256).toBe(key.publicKey.sha256Fingerprint);
          expect(miss.certificatePublicKeySha256).toBe(other.sha256Fingerprint);
          expect(miss.reason).toMatch(
            t.algorithm === 'ec'
              ? /EC public point/
              : t.algorithm.startsWith('rsa')
                ? /RSA modulus/
                : /public key/,
          );
        }
      });
    }
  },
);

describe('key match through parseCertificate', () => {
  for (const t of KEY_TYPES) {
    const certA = parseCertificate(text(`${t.type}-a.cert.pem`));
    const certB = parseCertificate(text(`${t.type}-b.cert.pem`));
    for (const f of plainFixtures().filter((p) => p.type === t.type)) {
      it(`${f.file} matches ${t.type}-a.cert.pem only`, () => {
        const key = parsePrivateKey(bytes(f.file));
        expect(keyMatchesCertificate(key, certA).matches).toBe(true);
        expect(keyMatchesCertificate(key, certB).matches).toBe(false);
        expect(() => assertKeyMatchesCertificate(key, certA)).not.toThrow();
      });
    }
    it(`${t.type}: agrees with Node's X509Certificate.checkPrivateKey on every pair`, () => {
      for (const v of ['a', 'b'] as const) {
        for (const w of ['a', 'b'] as const) {
          const keyPem = text(`${t.type}-${v}.pkcs8.pem`);
          const certPem = text(`${t.type}-${w}.cert.pem`);
          const node = new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
          const ours = keyMatchesCertificate(parsePrivateKey(keyPem), parseCertificate(certPem)).matches;
          expect(ours).toBe(node);
          expect(ours).toBe(v === w);
        }
      }
    });
  }

  it('encrypted keys of every kind match their certificate', () => {
    const rsa = parseCertificate(text('rsa-a.cert.pem'));
    for (const l of LEGACY_FIXTURES) {
      const cert = l.file.startsWith('rsa')
        ? rsa
        : parseCertificate(text(l.file.replace(/\.legacy.*$/, '.cert.pem')));
      expect(keyMatchesCertificate(parsePrivateKey(text(l.file), { password: PASSWORD }), cert).matches).toBe(
        true,
      );
    }
    expect(
      keyMatchesCertificate(parsePrivateKey(text('rsa-a.scrypt.pem'), { password: PASSWORD }), rsa).matches,
    ).toBe(true);
  });

  it('a key with a compressed point matches a certificate with the uncompressed point, and back', () => {
    const compressedKey = parsePrivateKey(text('ec-p256-a.sec1-compressed.pem'));
    const uncompressedKey = parsePrivateKey(text('ec-p256-a.sec1.pem'));
    const uncompressedCert = parseCertificate(text('ec-p256-a.cert.pem'));
    const compressedCert = parseCertificate(text('ec-p256-a-compressed.cert.pem'));
    expect(uncompressedCert.publicKey.keyBytes[0]).toBe(0x04);
    expect([0x02, 0x03]).toContain(compressedCert.publicKey.keyBytes[0]);
    expect(keyMatchesCertificate(compressedKey, uncompressedCert).matches).toBe(true);
    expect(keyMatchesCertificate(uncompressedKey, compressedCert).matches).toBe(true);
    expect(keyMatchesCertificate(compressedKey, compressedCert).matches).toBe(true);
    // Same X, other parity of Y: a different point.
    const flipped = Buffer.from(compressedCert.publicKey.spki);
    const at = flipped.length - 33;
    flipped[at] = flipped[at] === 0x02 ? 0x03 : 0x02;
    const other = parseSubjectPublicKeyInfo(new Uint8Array(flipped));
    const miss = keyMatchesCertificate(uncompressedKey, other);
    expect(miss.matches).toBe(false);
    expect(!miss.matches && miss.reason).toBe('different EC public point');
  });

  it('different algorithms and curves say so', () => {
    const rsaKey = parsePrivateKey(text('rsa-a.pkcs8.pem'));
    const ecCert = parseCertificate(text('ec-p256-a.cert.pem'));
    const r1 = keyMatchesCertificate(rsaKey, ecCert);
    expect(!r1.matches && r1.reason).toMatch(/different algorithms: RSA 2048 and EC P-256/);
    const p384 = parsePrivateKey(text('ec-p384-a.pkcs8.pem'));
    const r2 = keyMatchesCertificate(p384, ecCert);
    expect(!r2.matches && r2.reason).toBe('different curves: P-384 and P-256');
    const ed = parsePrivateKey(text('ed25519-a.pkcs8.pem'));
    const r3 = keyMatchesCertificate(ed, parseCertificate(text('ed448-a.cert.pem')));
    expect(!r3.matches && r3.reason).toMatch(/different algorithms/);
  });

  it('an RSA key with the same modulus but another exponent does not match', () => {
    const key = parsePrivateKey(text('rsa-a.pkcs8.pem'));
    const spki = Buffer.from(key.publicKey.spki);
    // The exponent 65537 ends the SPKI as 02 03 01 00 01; make it 65539.
    expect(spki.subarray(spki.length - 5).toString('hex')).toBe('0203010001');
    spki[spki.length - 1] = 0x03;
    const r = keyMatchesCertificate(key, parseSubjectPublicKeyInfo(new Uint8Array(spki)));
    expect(!r.matches && r.reason).toBe('different RSA public exponent');
  });

  it('assertKeyMatchesCertificate throws ERR_KEY_MISMATCH with both fingerprints', () => {
    const key = parsePrivateKey(text('ec-p521-a.pkcs8.pem'));
    const cert = parseCertificate(text('ec-p521-b.cert.pem'));
    try {
      assertKeyMatchesCertificate(key, cert);
      expect.unreachable();
    } catch (e) {
      expect(isCertkitError(e, 'ERR_KEY_MISMATCH')).toBe(true);
      const details = (e as { details: Record<string, unknown> }).details;
      expect(details.keyPublicKeySha256).toBe(key.publicKey.sha256Fingerprint);
      expect(details.certificatePublicKeySha256).toBe(cert.publicKey.sha256Fingerprint);
      expect(details.reason).toBe('different EC public point');
    }
  });

  it('accepts a PublicKey on either side, and refuses other values with a TypeError', () => {
    const key = parsePrivateKey(text('ed448-a.pkcs8.pem'));
    const pub = parsePublicKey(text('ed448-a.spki.pem'));
    expect(keyMatchesCertificate(key, pub).matches).toBe(true);
    expect(keyMatchesCertificate(pub, parseCertificate(text('ed448-a.cert.pem'))).matches).toBe(true);
    expect(() => keyMatchesCertificate(key, {} as never)).toThrow(TypeError);
    expect(() => keyMatchesCertificate('key' as never, pub)).toThrow(TypeError);
  });
});
