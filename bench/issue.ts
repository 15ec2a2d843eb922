/**
 * Certificates issued per second, EC P-256 and RSA-2048 CA keys: certkit's `CertificateAuthority.issue`
 * (a leaf for a given public key: SAN, KU, EKU, basicConstraints, SKI/AKI, random serial, signed, parsed
 * into a certkit Certificate and recorded in a MemoryStorage) next to `@peculiar/x509` used directly
 * with WebCrypto keys (the same extensions, the same leaf key) and `openssl x509 -req` run as a whole
 * process per certificate (what a shell script does). Then the cold `require('certkit')` time of the
 * built package, which must not grow with the issue layer (its dependencies load only when it runs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, webcrypto } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { CertificateAuthority, createCsr, generatePrivateKey } from '../src/issue/index.js';
import { exportPrivateKey } from '../src/keys/index.js';
import { MemoryStorage } from '../src/storage/index.js';
import { compare, printComparison } from './harness.js';

type Crypto = Parameters<typeof x509.cryptoProvider.set>[0];
const crypto = webcrypto as unknown as Crypto;

type PeculiarKey = Parameters<typeof x509.X509CertificateGenerator.create>[0] extends { signingKey: infer K }
  ? K
  : never;

/** 16 random bytes as hex, positive and minimal, as certkit makes serials. */
function serialHex(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0] = ((b[0] as number) & 0x7f) | 0x01;
  return Buffer.from(b).toString('hex');
}

async function caseFor(type: 'ec' | 'rsa', dir: string): Promise<void> {
  const caKey = await generatePrivateKey(type);
  const ca = await CertificateAuthority.create({
    storage: new MemoryStorage(),
    subject: 'CN=Bench Root',
    key: caKey,
  });
  const leafKey = await generatePrivateKey('ec');
  const alg =
    type === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' };
  const signingKey = (await webcrypto.subtle.importKey(
    'pkcs8',
    exportPrivateKey(caKey, { format: 'pkcs8-der' }),
    alg,
    false,
    ['sign'],
  )) as unknown as PeculiarKey;
  const issuerName = new x509.Name(new Uint8Array(ca.certificate.subject.der));
  const aki = ca.certificate.subjectKeyIdentifier as string;
  const ski = createHash('sha1').update(leafKey.publicKey.keyBytes).digest('hex');
  const peculiar = async () => {
    const made = await x509.X509CertificateGenerator.create(
      {
        subject: 'CN=api.internal',
        issuer: issuerName,
        publicKey: new Uint8Array(leafKey.publicKey.spki),
        signingKey,
        signingAlgorithm: type === 'rsa' ? alg : { name: 'ECDSA', hash: 'SHA-256' },
        serialNumber: serialHex(),
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 30 * 86_400_000),
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1'], false),
          new x509.SubjectKeyIdentifierExtension(ski),
          new x509.AuthorityKeyIdentifierExtension(aki),
          new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'api.internal' }], false),
        ],
      },
      crypto,
    );
    return made.rawData;
  };
  const certkit = () => ca.issue({ publicKey: leafKey.publicKey, dnsNames: ['api.internal'] });

  // openssl x509 -req as a whole process, from a CSR, with the same extensions.
  const csrFile = join(dir, `${type}.csr`);
  writeFileSync(csrFile, (await createCsr({ key: leafKey, subject: 'CN=api.internal' })).pem);
  const caPem = join(dir, `${type}-ca.pem`);
  const caKeyFile = join(dir, `${type}-ca.key`);
  writeFileSync(caPem, ca.certificate.pem);
  writeFileSync(caKeyFile, exportPrivateKey(caKey, { format: 'pkcs8-pem' }), { mode: 0o600 });
  const ext = join(dir, 'leaf.ext');
  writeFileSync(
    ext,
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nsubjectAltName=DNS:api.internal\n',
  );
  const opensslArgs = ['x509', '-req', '-in', csrFile, '-CA', caPem, '-CAkey', caKeyFile, '-days', '30'];
  opensslArgs.push('-extfile', ext, '-set_serial', '0x1234567890abcdef', '-out', join(dir, 'out.pem'));
  const hasOpenssl = spawnSync('openssl', ['version']).error === undefined;
  const openssl = () => execFileSync('openssl', opensslArgs, { stdio: 'ignore' });

  const results = await compare(
    [
      { name: 'certkit CertificateAuthority.issue', fn: certkit },
      { name: '@peculiar/x509 X509CertificateGenerator.create', fn: peculiar },
      ...(hasOpenssl ? [{ name: 'openssl x509 -req (a process per certificate)', fn: openssl }] : []),
    ],
    { rounds: 9, roundMs: 500 },
  );
  const label = type === 'rsa' ? 'RSA-2048' : 'EC P-256';
  printComparison(`Certificates issued per second, ${label} CA key (leaf key EC P-256)`, results);
  const mine = (results[0] as { perSecond: number }).perSecond;
  const direct = (results[1] as { perSecond: number }).perSecond;
  const overhead = ((direct / mine - 1) * 100).toFixed(1);
  console.log(`\ncertkit's layer over @peculiar/x509 used directly: ${overhead} % (target: under 10 %)`);
}

/** Cold `require('certkit')` of the built package, median of several fresh processes, in ms. */
function coldRequire(root: string): number | undefined {
  const entry = join(root, 'dist', 'index.cjs');
  if (!existsSync(entry)) return undefined;
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `const t=process.hrtime.bigint();require(${JSON.stringify(entry)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
      ],
      { encoding: 'utf8' },
    );
    times.push(Number(out.trim()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'certkit-bench-issue-'));
  try {
    for (const type of ['ec', 'rsa'] as const) await caseFor(type, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const here = fileURLToPath(new URL('..', import.meta.url));
  const ms = coldRequire(here);
  console.log("\n## Cold require('certkit') of the built package (median of 15 fresh processes)");
  console.log(ms === undefined ? 'dist/ is not built: run `npm run build` first' : `${ms.toFixed(1)} ms`);
}
