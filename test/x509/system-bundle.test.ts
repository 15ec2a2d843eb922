import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCertificates } from '../../src/x509/index.js';
import { hasPeerTool, runAsync } from '../helpers/peer-tools.js';

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const present = existsSync(BUNDLE);
if (!present) console.warn(`SKIPPED: system CA bundle tests; install the Debian package "ca-certificates"`);

describe.skipIf(!present)('the system CA bundle', () => {
  const certs = present ? parseCertificates(readFileSync(BUNDLE)) : [];

  it('parses every certificate', () => {
    const blocks = readFileSync(BUNDLE, 'utf8').match(/-----BEGIN CERTIFICATE-----/g)!.length;
    expect(certs.length).toBe(blocks);
    expect(certs.length).toBeGreaterThan(50);
  });

  it('agrees with crypto.X509Certificate on fingerprints, serial, dates, CA flag and key', () => {
    for (const cert of certs) {
      const node = new X509Certificate(cert.der);
      expect(cert.sha256Fingerprint).toBe(node.fingerprint256);
      expect(cert.sha1Fingerprint).toBe(node.fingerprint);
      // Node prints a zero serial as "0"; OpenSSL's -serial (and certkit) print "00".
      expect(cert.serialNumber).toBe(node.serialNumber === '0' ? '00' : node.serialNumber);
      expect(cert.notAfter.getTime()).toBe(new Date(node.validTo).getTime());
      expect(cert.notBefore.getTime()).toBe(new Date(node.validFrom).getTime());
      expect(cert.isCA).toBe(node.ca);
      expect(
        Buffer.from(cert.publicKey.spki).equals(node.publicKey.export({ type: 'spki', format: 'der' })),
      ).toBe(true);
      expect(cert.isSelfSigned()).toBe(node.verify(node.publicKey) && node.checkIssued(node));
    }
  });

  it('reads every field of every certificate without error', () => {
    for (const cert of certs) {
      expect(cert.toJSON().errors).toEqual([]);
    }
  });

  describe.skipIf(!hasPeerTool('openssl', 'openssl'))('names agree with openssl', () => {
    it('subject and issuer of every certificate', async () => {
      // A few openssl processes at a time: one after another, 144 process starts take over a minute
      // on a loaded 2-core machine.
      const names = (pem: string) =>
        runAsync('openssl', ['x509', '-noout', '-subject', '-issuer', '-nameopt', 'RFC2253,-esc_msb'], pem);
      for (let i = 0; i < certs.length; i += 6) {
        const batch = certs.slice(i, i + 6);
        const outs = await Promise.all(batch.map((cert) => names(cert.pem)));
        batch.forEach((cert, j) => {
          expect(outs[j]).toBe(`subject=${cert.subject.toString()}\nissuer=${cert.issuer.toString()}\n`);
        });
      }
    }, 300_000);
  });
});
