/**
 * Certificate parsing as an inventory scan or `certkit inspect` does it: parse each certificate and
 * read subject (as a string), issuer, notAfter, subjectAltNames and the SHA-256 fingerprint.
 * certkit against Node's native `crypto.X509Certificate` (OpenSSL) and `@peculiar/x509`
 * (asn1-schema + WebCrypto), over the system CA bundle and over 1,000 generated leaf certificates
 * (EC P-256, SANs, the usual extensions).
 *
 * Inputs are fed the way users pass them: PEM text (a string read from a file), the Buffer read from
 * the file, one PEM per certificate, and, labelled as such, DER. Every table reports wall and process
 * CPU time. Then: PEM decoding alone against `Buffer.from(text, 'base64')` on the same text; parse
 * cost and memory per certificate at 1k / 10k / 100k certificates (the cost per item must not grow
 * with the count); memory of 10,000 kept certificates, parsed only and with the five fields read,
 * against native `X509Certificate`.
 */
import 'reflect-metadata';
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as peculiar from '@peculiar/x509';
import { decodeInput, decodePem } from '../src/pem/index.js';
import { Certificate, parseCertificate, parseCertificates } from '../src/x509/index.js';
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

/** The five fields, read from a certkit certificate. */
function readFields(c: Certificate): number {
  return (
    c.subject.toString().length +
    c.issuer.toString().length +
    c.notAfter.getTime() +
    c.subjectAltNames.length +
    c.sha256Fingerprint.length
  );
}

/** The same five fields from Node's X509Certificate. */
function readNodeFields(c: NodeX509): number {
  return (
    c.subject.length +
    c.issuer.length +
    Date.parse(c.validTo) +
    (c.subjectAltName ?? '').length +
    c.fingerprint256.length
  );
}

async function readPeculiarFields(c: peculiar.X509Certificate): Promise<number> {
  let n = c.subject.length + c.issuer.length + c.notAfter.getTime();
  n += c.getExtension(peculiar.SubjectAlternativeNameExtension)?.names.items.length ?? 0;
  return n + (await c.getThumbprint('SHA-256')).byteLength;
}

/** One PEM string per certificate, as a user splitting a bundle (or reading one file each) has them. */
function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----\n?/g) ?? [];
}

function sum<T>(items: readonly T[], read: (item: T) => number): number {
  let n = 0;
  for (const item of items) n += read(item);
  return n;
}

async function sumAsync<T>(items: readonly T[], read: (item: T) => Promise<number>): Promise<number> {
  let n = 0;
  for (const item of items) n += await read(item);
  return n;
}

/** The comparisons of one dataset, every input form. */
async function compareForms(name: string, text: string): Promise<void> {
  const buffer = Buffer.from(text, 'utf8');
  const pems = splitPem(text);
  const pemBuffers = pems.map((p) => Buffer.from(p, 'utf8'));
  const ders = parseCertificates(text).map((c) => c.der);
  const n = pems.length;
  printComparison(
    `${name}: parse + five fields, the whole file as one PEM string (certkit parseCertificates; Node and @peculiar split it into blocks first)`,
    await compare([
      {
        name: 'certkit parseCertificates(text)',
        fn: () => sum(parseCertificates(text), readFields),
        unitsPerCall: n,
      },
      {
        name: 'node:crypto X509Certificate(pem) per block',
        fn: () => sum(splitPem(text), (p) => readNodeFields(new NodeX509(p))),
        unitsPerCall: n,
      },
      {
        name: '@peculiar/x509 X509Certificate(pem) per block',
        fn: () => sumAsync(splitPem(text), (p) => readPeculiarFields(new peculiar.X509Certificate(p))),
        unitsPerCall: n,
      },
    ]),
  );
  printComparison(
    `${name}: parse + five fields, the file as the Buffer readFileSync returns (certkit parseCertificates; Node splits its text)`,
    await compare([
      {
        name: 'certkit parseCertificates(buffer)',
        fn: () => sum(parseCertificates(buffer), readFields),
        unitsPerCall: n,
      },
      {
        name: 'node:crypto X509Certificate(pem) per block',
        fn: () => sum(splitPem(buffer.toString('utf8')), (p) => readNodeFields(new NodeX509(p))),
        unitsPerCall: n,
      },
    ]),
  );
  printComparison(
    `${name}: parse + five fields, one PEM string per certificate`,
    await compare([
      {
        name: 'certkit parseCertificate(pem)',
        fn: () => sum(pems, (p) => readFields(parseCertificate(p))),
        unitsPerCall: n,
      },
      {
        name: 'node:crypto X509Certificate(pem)',
        fn: () => sum(pems, (p) => readNodeFields(new NodeX509(p))),
        unitsPerCall: n,
      },
      {
        name: '@peculiar/x509 X509Certificate(pem)',
        fn: () => sumAsync(pems, (p) => readPeculiarFields(new peculiar.X509Certificate(p))),
        unitsPerCall: n,
      },
    ]),
  );
  printComparison(
    `${name}: parse + five fields, one PEM Buffer per certificate`,
    await compare([
      {
        name: 'certkit parseCertificate(buffer)',
        fn: () => sum(pemBuffers, (p) => readFields(parseCertificate(p))),
        unitsPerCall: n,
      },
      {
        name: 'node:crypto X509Certificate(buffer)',
        fn: () => sum(pemBuffers, (p) => readNodeFields(new NodeX509(p))),
        unitsPerCall: n,
      },
    ]),
  );
  printComparison(
    `${name}: parse + five fields, fed DER (Certificate.fromDer; not how users pass certificates)`,
    await compare([
      {
        name: 'certkit Certificate.fromDer(der)',
        fn: () => sum(ders, (d) => readFields(Certificate.fromDer(d))),
        unitsPerCall: n,
      },
      {
        name: 'node:crypto X509Certificate(der)',
        fn: () => sum(ders, (d) => readNodeFields(new NodeX509(d))),
        unitsPerCall: n,
      },
      {
        name: '@peculiar/x509 X509Certificate(der)',
        fn: () => sumAsync(ders, (d) => readPeculiarFields(new peculiar.X509Certificate(d))),
        unitsPerCall: n,
      },
    ]),
  );
  printComparison(
    `${name}: PEM decoding only (${n} blocks, ${(text.length / 1024).toFixed(0)} KiB), against one Buffer.from(text, 'base64') over the same text`,
    await compare([
      {
        name: 'certkit decodePem(text)',
        fn: () => decodePem(text, { checkContent: false }),
        unitsPerCall: n,
      },
      { name: 'Buffer.from(text, base64)', fn: () => Buffer.from(text, 'base64'), unitsPerCall: n },
      {
        name: 'certkit decodeInput(buffer)',
        fn: () => decodeInput(buffer, { checkContent: false }),
        unitsPerCall: n,
      },
    ]),
  );
}

/** `global.gc`, exposed at run time (the bench runs under plain `tsx`). */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** JS heap + ArrayBuffer bytes and RSS after a full collection. */
function memory(gc: () => void): { heap: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
}

interface MemoryRow {
  readonly parsed: number;
  readonly fields: number;
  readonly parsedRss: number;
  readonly fieldsRss: number;
}

/** Bytes per item kept: what `make` allocates and keeps, then what reading the fields adds. */
function memoryPerItem<T>(
  gc: () => void,
  count: number,
  make: () => T[],
  read: (item: T) => unknown,
): MemoryRow {
  const before = memory(gc);
  const items = make();
  const parsed = memory(gc);
  for (const item of items) read(item);
  const fields = memory(gc);
  const row = {
    parsed: (parsed.heap - before.heap) / count,
    fields: (fields.heap - before.heap) / count,
    parsedRss: (parsed.rss - before.rss) / count,
    fieldsRss: (fields.rss - before.rss) / count,
  };
  if (items.length !== count) throw new Error('lost items');
  return row;
}

/** `count` generated leaves (repeating the 1,000) in one PEM text. */
function leafBundle(leafPems: readonly string[], count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(leafPems[i % leafPems.length]!);
  return parts.join('');
}

async function scaling(leafPems: readonly string[], leafDerSizes: readonly number[]): Promise<void> {
  const gc = gcFunction();
  console.log(
    '\n## Scaling: parseCertificates over one PEM text of N generated leaves, five fields read (wall and CPU per certificate; memory per certificate kept, JS heap + ArrayBuffers after GC)',
  );
  console.log(
    '| certificates | wall µs / cert | CPU µs / cert | bytes / cert parsed | bytes / cert, fields read | × DER parsed | × DER fields read |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const count of [1_000, 10_000, 100_000]) {
    const text = leafBundle(leafPems, count);
    let der = 0;
    for (let i = 0; i < count; i++) der += leafDerSizes[i % leafDerSizes.length]!;
    const options = { maxInputBytes: text.length };
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let r = 0; r < (count >= 100_000 ? 3 : 7); r++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      sum(parseCertificates(text, options), readFields);
      walls.push(((performance.now() - start) * 1000) / count);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / count);
    }
    const mem = memoryPerItem(gc, count, () => parseCertificates(text, options), readFields);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const perDer = der / count;
    console.log(
      `| ${count.toLocaleString('en')} | ${median(walls).toFixed(2)} (${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)}) | ${median(cpus).toFixed(2)} | ${mem.parsed.toFixed(0)} | ${mem.fields.toFixed(0)} | ${(mem.parsed / perDer).toFixed(2)} | ${(mem.fields / perDer).toFixed(2)} |`,
    );
  }
}

async function memoryTable(leafPems: readonly string[], leafDers: readonly Uint8Array[]): Promise<void> {
  const gc = gcFunction();
  const count = 10_000;
  const text = leafBundle(leafPems, count);
  const pems = Array.from({ length: count }, (_, i) => leafPems[i % leafPems.length]!);
  const ders = Array.from({ length: count }, (_, i) => leafDers[i % leafDers.length]!);
  let der = 0;
  for (const d of ders) der += d.length;
  const perDer = der / count;
  const rows: [string, MemoryRow][] = [
    [
      'certkit parseCertificates(one PEM text)',
      memoryPerItem(gc, count, () => parseCertificates(text), readFields),
    ],
    [
      'certkit parseCertificate(pem) each',
      memoryPerItem(gc, count, () => pems.map((p) => parseCertificate(p)), readFields),
    ],
    [
      'certkit Certificate.fromDer(der) each',
      memoryPerItem(gc, count, () => ders.map((d) => Certificate.fromDer(d)), readFields),
    ],
    [
      'node:crypto X509Certificate(pem) each',
      memoryPerItem(gc, count, () => pems.map((p) => new NodeX509(p)), readNodeFields),
    ],
  ];
  console.log(
    `\n## Memory: 10,000 generated leaves kept (DER ${perDer.toFixed(0)} bytes each). JS heap + ArrayBuffers after GC, and RSS growth (native X509Certificate keeps OpenSSL's copy outside the JS heap, so only RSS sees it)`,
  );
  console.log(
    '| how | bytes / cert parsed | × DER | bytes / cert, five fields read | × DER | RSS / cert parsed | RSS / cert, fields read |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, r] of rows) {
    console.log(
      `| ${name} | ${r.parsed.toFixed(0)} | ${(r.parsed / perDer).toFixed(2)} | ${r.fields.toFixed(0)} | ${(r.fields / perDer).toFixed(2)} | ${r.parsedRss.toFixed(0)} | ${r.fieldsRss.toFixed(0)} |`,
    );
  }
}

/** Runs every table: the CA bundle, the generated leaves, scaling and memory. */
export async function run(): Promise<void> {
  if (existsSync(BUNDLE)) {
    const text = readFileSync(BUNDLE, 'utf8');
    await compareForms(`System CA bundle (${splitPem(text).length} certificates)`, text);
  } else {
    console.log(`\n(system CA bundle ${BUNDLE} not found; skipped)`);
  }
  const leaves = await generateLeaves(1000);
  const leafPems = leaves.map((d) => new NodeX509(d).toString());
  await compareForms('1,000 generated EC P-256 leaves', leafPems.join(''));
  await memoryTable(leafPems, leaves);
  await scaling(
    leafPems,
    leaves.map((d) => d.length),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
