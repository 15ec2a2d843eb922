/**
 * Certificate parsing as an inventory scan or `certkit inspect` does it: parse each certificate and
 * read subject (as a string), issuer, notAfter, subjectAltNames and the SHA-256 fingerprint.
 * certkit (lazy offset-based DER view, `Certificate.fromDer`) against Node's native
 * `crypto.X509Certificate` (OpenSSL) and `@peculiar/x509` (asn1-schema + WebCrypto), over the system CA
 * bundle and over 1,000 generated leaf certificates (EC P-256, SANs, the usual extensions).
 */
import 'reflect-metadata';
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as peculiar from '@peculiar/x509';
import { Certificate, parseCertificates } from '../src/x509/index.js';
import { compare, printComparison } from './harness.js';

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Generates `count` leaf certificates signed by one in-process EC P-256 CA, as DER. */
async function generateLeaves(count: number): Promise<Uint8Array[]> {
  peculiar.cryptoProvider.set(webcrypto as unknown as Parameters<typeof peculiar.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const ca = await webcrypto.subtle.generateKey(alg, false, ['sign', 'verify']);
  const leaf = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const host = `host-${i}.svc-${i % 37}.example.test`;
    const cert = await peculiar.X509CertificateGenerator.create({
      serialNumber: (0x1000000 + i * 7919).toString(16),
      subject: `C=US, O=Example Org ${i % 13}, OU=Platform, CN=${host}`,
      issuer: 'C=US, O=Example Org, CN=Example Issuing CA 1',
      notBefore: new Date(Date.UTC(2024, 0, 1)),
      notAfter: new Date(Date.UTC(2025, 0, 1 + (i % 365))),
      signingAlgorithm: alg,
      publicKey: leaf.publicKey,
      signingKey: ca.privateKey,
      extensions: [
        new peculiar.BasicConstraintsExtension(false, undefined, true),
        new peculiar.KeyUsagesExtension(peculiar.KeyUsageFlags.digitalSignature, true),
        new peculiar.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']),
        new peculiar.SubjectAlternativeNameExtension([
          { type: 'dns', value: host },
          { type: 'dns', value: `www.${host}` },
          { type: 'dns', value: `api-${i}.example.test` },
          { type: 'ip', value: `10.${(i >> 8) & 255}.${i & 255}.1` },
        ]),
        await peculiar.SubjectKeyIdentifierExtension.create(leaf.publicKey),
      ],
    });
    out.push(new Uint8Array(cert.rawData));
  }
  return out;
}

function certkitRead(ders: readonly Uint8Array[]): number {
  let n = 0;
  for (const der of ders) {
    const c = Certificate.fromDer(der);
    n += c.subject.toString().length + c.issuer.toString().length + c.notAfter.getTime();
    n += c.subjectAltNames.length + c.sha256Fingerprint.length;
  }
  return n;
}

function nodeRead(ders: readonly Uint8Array[]): number {
  let n = 0;
  for (const der of ders) {
    const c = new NodeX509(der);
    n += c.subject.length + c.issuer.length + Date.parse(c.validTo);
    n += (c.subjectAltName ?? '').length + c.fingerprint256.length;
  }
  return n;
}

async function peculiarRead(ders: readonly Uint8Array[]): Promise<number> {
  let n = 0;
  for (const der of ders) {
    const c = new peculiar.X509Certificate(der);
    n += c.subject.length + c.issuer.length + c.notAfter.getTime();
    n += c.getExtension(peculiar.SubjectAlternativeNameExtension)?.names.items.length ?? 0;
    n += (await c.getThumbprint('SHA-256')).byteLength;
  }
  return n;
}

function contenders(ders: readonly Uint8Array[]) {
  return [
    { name: 'certkit', fn: () => certkitRead(ders), unitsPerCall: ders.length },
    { name: 'node:crypto X509Certificate', fn: () => nodeRead(ders), unitsPerCall: ders.length },
    { name: '@peculiar/x509', fn: () => peculiarRead(ders), unitsPerCall: ders.length },
  ];
}

/** Runs both datasets and prints a table per dataset (certificates per second). */
export async function run(): Promise<void> {
  if (existsSync(BUNDLE)) {
    const bundle = parseCertificates(readFileSync(BUNDLE)).map((c) => c.der);
    printComparison(
      `Parse + read subject, issuer, notAfter, SANs, SHA-256 fingerprint: system CA bundle (${bundle.length} certificates)`,
      await compare(contenders(bundle)),
    );
  } else {
    console.log(`\n(system CA bundle ${BUNDLE} not found; skipped)`);
  }
  const leaves = await generateLeaves(1000);
  printComparison(
    'Parse + read subject, issuer, notAfter, SANs, SHA-256 fingerprint: 1,000 generated EC P-256 leaves',
    await compare(contenders(leaves)),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
