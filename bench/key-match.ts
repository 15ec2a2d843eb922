/**
 * Key match with both PEMs parsed every time, as a deployment check does it: certkit
 * (parsePrivateKey + parseCertificate + keyMatchesCertificate, reading the public half straight from
 * the key's DER) against Node's `X509Certificate.checkPrivateKey(createPrivateKey(pem))` (OpenSSL key
 * decoding) and jsrsasign (pure JavaScript), for RSA 2048 and EC P-256 separately.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import jsrsasign from 'jsrsasign';
import { keyMatchesCertificate, parsePrivateKey } from '../src/keys/index.js';
import { parseCertificate } from '../src/x509/index.js';
import { compare, printComparison } from './harness.js';

const dir = fileURLToPath(new URL('../test/fixtures/keys/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');

interface JsrsasignKey {
  n?: { equals(other: unknown): boolean };
  e?: number;
  pubKeyHex?: string;
}

function jsrsasignMatch(keyPem: string, certPem: string): boolean {
  const key = jsrsasign.KEYUTIL.getKey(keyPem) as unknown as JsrsasignKey;
  const x509 = new jsrsasign.X509();
  x509.readCertPEM(certPem);
  const pub = x509.getPublicKey() as unknown as JsrsasignKey;
  if (key.n !== undefined) return key.n.equals(pub.n) && key.e === pub.e;
  return key.pubKeyHex !== undefined && key.pubKeyHex === pub.pubKeyHex;
}

/** Runs the key-match comparison for RSA 2048 and EC P-256 (PKCS#8 keys, as `openssl genpkey` writes). */
export async function run(): Promise<void> {
  const cases = [
    {
      title: 'Key match, RSA 2048 (PKCS#8 key + certificate PEM parsed every time)',
      key: 'rsa-a.pkcs8.pem',
      cert: 'rsa-a.cert.pem',
    },
    { title: 'Key match, RSA 2048 (PKCS#1 key)', key: 'rsa-a.pkcs1.pem', cert: 'rsa-a.cert.pem' },
    {
      title: 'Key match, EC P-256 (PKCS#8 key + certificate PEM parsed every time)',
      key: 'ec-p256-a.pkcs8.pem',
      cert: 'ec-p256-a.cert.pem',
    },
    { title: 'Key match, EC P-256 (SEC1 key)', key: 'ec-p256-a.sec1.pem', cert: 'ec-p256-a.cert.pem' },
  ];
  for (const c of cases) {
    const keyPem = read(c.key);
    const certPem = read(c.cert);
    // Every contender must say "matches" before it is timed.
    const checks = {
      certkit: keyMatchesCertificate(parsePrivateKey(keyPem), parseCertificate(certPem)).matches,
      node: new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem)),
      jsrsasign: jsrsasignMatch(keyPem, certPem),
    };
    for (const [name, ok] of Object.entries(checks)) {
      if (!ok) throw new Error(`${name} does not match ${c.key} with ${c.cert}`);
    }
    const results = await compare([
      {
        name: 'certkit',
        fn: () => keyMatchesCertificate(parsePrivateKey(keyPem), parseCertificate(certPem)).matches,
      },
      {
        name: 'node X509Certificate.checkPrivateKey',
        fn: () => new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem)),
      },
      { name: 'jsrsasign', fn: () => jsrsasignMatch(keyPem, certPem) },
    ]);
    printComparison(c.title, results);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
