import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseCertificate, parseCertificates } from '../../src/x509/index.js';
import { hasPeerTool, run } from '../helpers/peer-tools.js';
import { fixture, readFixture } from './helpers/fixtures.js';

describe('certificate bundles', () => {
  it('reads every certificate of a chain, in order', () => {
    const certs = parseCertificates(readFixture('chain.pem'));
    expect(certs.map((c) => c.subject.commonName)).toEqual([
      'www.example.test',
      'Certkit Test Intermediate CA',
      'Certkit Test Root CA',
    ]);
  });

  it('refuses a non-certificate block unless asked to skip it, naming the block', () => {
    const text = readFixture('bundle-with-public-key.pem');
    expect(() => parseCertificates(text)).toThrow(
      expect.objectContaining({
        code: 'ERR_X509_BAD_BUNDLE_ENTRY',
        details: expect.objectContaining({ index: 1, label: 'PUBLIC KEY' }),
      }),
    );
    expect(parseCertificates(text, { skipNonCertificates: true }).length).toBe(2);
  });

  it('reports which block of a bundle is damaged, and why', () => {
    const text = readFixture('bundle-bad-block.pem').toString('utf8');
    const line = text.split('\n').findIndex((l, i) => i > 0 && l.startsWith('-----BEGIN')) + 1;
    try {
      parseCertificates(text);
      expect.unreachable();
    } catch (e) {
      // The damaged block is a certificate cut short: the PEM framing says so, naming the block.
      expect(e).toMatchObject({
        code: 'ERR_DER_TRUNCATED',
        details: { index: 1, line, label: 'CERTIFICATE' },
      });
    }
  });

  it('parseCertificate takes the first certificate and skips other blocks', () => {
    const pub = readFixture('bundle-with-public-key.pem').toString('utf8');
    const onlyKey = pub.slice(
      pub.indexOf('-----BEGIN PUBLIC KEY'),
      pub.indexOf('-----END PUBLIC KEY-----') + 24,
    );
    expect(parseCertificate(`${onlyKey}\n${readFixture('root-ca.pem')}`).subject.commonName).toBe(
      'Certkit Test Root CA',
    );
    expect(() => parseCertificate(onlyKey)).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_UNEXPECTED_OBJECT' }),
    );
  });

  it('passes input errors through', () => {
    expect(() => parseCertificates('')).toThrow(expect.objectContaining({ code: 'ERR_INPUT_EMPTY' }));
    expect(() => parseCertificates('no pem here')).toThrow(
      expect.objectContaining({ code: 'ERR_PEM_NO_BLOCK' }),
    );
    expect(() => parseCertificates(readFixture('root-ca.pem'), { maxInputBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' }),
    );
    expect(() => parseCertificates(42 as unknown as string)).toThrow(TypeError);
  });

  it('reads a single DER certificate as a bundle of one', () => {
    expect(parseCertificates(readFixture('leaf-full.der')).length).toBe(1);
  });
});

describe.skipIf(!hasPeerTool('openssl', 'openssl'))('OpenSSL trusted certificates', () => {
  it('reads a TRUSTED CERTIFICATE block (certificate followed by trust settings)', () => {
    const trusted = run('openssl', [
      'x509',
      '-in',
      fixture('root-ca.pem'),
      '-trustout',
      '-addtrust',
      'serverAuth',
    ]);
    expect(trusted).toContain('BEGIN TRUSTED CERTIFICATE');
    const [cert] = parseCertificates(trusted);
    expect(cert!.sha256Fingerprint).toBe(parseCertificate(readFixture('root-ca.pem')).sha256Fingerprint);
  });
});

describe.skipIf(!hasPeerTool('openssl', 'openssl'))(
  'PKCS#7 certificate bundles (.p7b) made by openssl',
  () => {
    const chain = () => parseCertificates(readFixture('chain.pem'));

    it('reads the certificates of a PEM PKCS7 block, and of the DER form, in the order openssl wrote them', () => {
      const pem = run('openssl', ['crl2pkcs7', '-nocrl', '-certfile', fixture('chain.pem')]);
      expect(pem).toContain('-----BEGIN PKCS7-----');
      const fingerprints = chain().map((c) => c.sha256Fingerprint);
      expect(parseCertificates(pem).map((c) => c.sha256Fingerprint)).toEqual(fingerprints);
      const der = spawnSync('openssl', [
        'crl2pkcs7',
        '-nocrl',
        '-certfile',
        fixture('chain.pem'),
        '-outform',
        'DER',
      ]).stdout;
      expect(der.length).toBeGreaterThan(100);
      expect(parseCertificates(der).map((c) => c.sha256Fingerprint)).toEqual(fingerprints);
    });

    it('names a damaged PKCS7 block as a bundle entry', () => {
      const pem = '-----BEGIN PKCS7-----\nMAMCAQA=\n-----END PKCS7-----\n';
      expect(() => parseCertificates(pem)).toThrow(
        expect.objectContaining({
          code: 'ERR_X509_BAD_BUNDLE_ENTRY',
          details: expect.objectContaining({ label: 'PKCS7' }),
        }),
      );
    });
  },
);
