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
import { execFileSync } from 'node:child_process';
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** How a memory row makes its certificates from the leaves. */
const MEMORY_KINDS = {
  'certkit parseCertificates(one PEM text)': 'certkit-bundle',
  'certkit parseCertificate(pem) each': 'certkit-pem',
  'certkit Certificate.fromDer(der) each': 'certkit-der',
  'node:crypto X509Certificate(pem) each': 'node-pem',
  'node:crypto X509Certificate(der) each': 'node-der',
} as const;
type MemoryKind = (typeof MEMORY_KINDS)[keyof typeof MEMORY_KINDS];

interface MemoryRow {
  /** JS heap + ArrayBuffer bytes per certificate after GC: parsed, then with the five fields read. */
  readonly parsed: number;
  readonly fields: number;
  /** RSS growth per certificate (sees what native X509Certificate keeps outside the JS heap). */
  readonly parsedRss: number;
  readonly fieldsRss: number;
  readonly derPerCert: number;
}

/**
 * Child process (`node --expose-gc --import tsx bench/parse-certificates.ts memory-row KIND COUNT FILE`):
 * keeps COUNT certificates made from the leaves in FILE (repeated), prints a {@link MemoryRow}. A fresh
 * process per row, so one row's garbage and heap growth are not the next one's.
 */
function memoryRow(kind: MemoryKind, count: number, file: string): MemoryRow {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const leafPems = splitPem(readFileSync(file, 'utf8'));
  const pems = Array.from({ length: count }, (_, i) => leafPems[i % leafPems.length]!);
  const text = pems.join('');
  // DER without a native X509Certificate: freed OpenSSL memory would hide the native rows' growth.
  const ders = pems.map((p) => decodePem(p)[0]!.bytes.slice());
  const derPerCert = ders.reduce((n, d) => n + d.length, 0) / count;
  const measure = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
  };
  const make = (): (Certificate | NodeX509)[] => {
    const options = { maxInputBytes: text.length };
    if (kind === 'certkit-bundle') return parseCertificates(text, options);
    if (kind === 'certkit-pem') return pems.map((p) => parseCertificate(p));
    if (kind === 'certkit-der') return ders.map((d) => Certificate.fromDer(d));
    if (kind === 'node-pem') return pems.map((p) => new NodeX509(p));
    return ders.map((d) => new NodeX509(d));
  };
  const before = measure();
  const kept = make();
  const parsed = measure();
  for (const c of kept) c instanceof Certificate ? readFields(c) : readNodeFields(c);
  const fields = measure();
  if (kept.length !== count) throw new Error(`made ${kept.length} certificates, not ${count}`);
  return {
    parsed: (parsed.heap - before.heap) / count,
    fields: (fields.heap - before.heap) / count,
    parsedRss: (parsed.rss - before.rss) / count,
    fieldsRss: (fields.rss - before.rss) / count,
    derPerCert,
  };
}

function runMemoryRow(kind: MemoryKind, count: number, file: string): MemoryRow {
  const out = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      'memory-row',
      kind,
      String(count),
      file,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as MemoryRow;
}

async function memoryTable(file: string): Promise<void> {
  await Promise.resolve();
  const count = 10_000;
  console.log(
    `\n## Memory: ${count.toLocaleString('en')} generated leaves kept, each row in a fresh process. JS heap + ArrayBuffers after GC (× DER size), and RSS growth, which also sees what native X509Certificate keeps in OpenSSL outside the JS heap`,
  );
  console.log(
    '| how | bytes / cert parsed | × DER | bytes / cert, five fields read | × DER | RSS / cert parsed | RSS / cert, fields read |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, kind] of Object.entries(MEMORY_KINDS)) {
    const r = runMemoryRow(kind, count, file);
    console.log(
      `| ${name} | ${r.parsed.toFixed(0)} | ${(r.parsed / r.derPerCert).toFixed(2)} | ${r.fields.toFixed(0)} | ${(r.fields / r.derPerCert).toFixed(2)} | ${r.parsedRss.toFixed(0)} | ${r.fieldsRss.toFixed(0)} |`,
    );
  }
}

/** Scaling: time per certificate in this process (after a warm-up run), memory per certificate in a fresh one. */
async function scaling(file: string): Promise<void> {
  await Promise.resolve();
  const leafPems = splitPem(readFileSync(file, 'utf8'));
  console.log(
    '\n## Scaling: parseCertificates over one PEM text of N generated leaves, five fields read. Time per certificate (median of runs, range in brackets); memory per certificate kept (fresh process, JS heap + ArrayBuffers after GC)',
  );
  console.log(
    '| certificates | wall µs / cert | CPU µs / cert | bytes / cert parsed | bytes / cert, fields read | × DER parsed | × DER fields read |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const count of [1_000, 10_000, 100_000]) {
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(leafPems[i % leafPems.length]!);
    const text = parts.join('');
    const options = { maxInputBytes: text.length };
    sum(parseCertificates(text, options), readFields); // warm-up
    const walls: number[] = [];
    const cpus: number[] = [];
    const runs = count >= 100_000 ? 3 : count >= 10_000 ? 7 : 31;
    for (let r = 0; r < runs; r++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      sum(parseCertificates(text, options), readFields);
      walls.push(((performance.now() - start) * 1000) / count);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / count);
    }
    const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
    const mem = runMemoryRow('certkit-bundle', count, file);
    console.log(
      `| ${count.toLocaleString('en')} | ${median(walls).toFixed(2)} (${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)}) | ${median(cpus).toFixed(2)} | ${mem.parsed.toFixed(0)} | ${mem.fields.toFixed(0)} | ${(mem.parsed / mem.derPerCert).toFixed(2)} | ${(mem.fields / mem.derPerCert).toFixed(2)} |`,
    );
  }
}

/** Runs every table: the CA bundle, the generated leaves, memory and scaling. */
export async function run(): Promise<void> {
  if (existsSync(BUNDLE)) {
    const text = readFileSync(BUNDLE, 'utf8');
    await compareForms(`System CA bundle (${splitPem(text).length} certificates)`, text);
  } else {
    console.log(`\n(system CA bundle ${BUNDLE} not found; skipped)`);
  }
  const leafText = (await generateLeaves(1000)).map((d) => new NodeX509(d).toString()).join('');
  await compareForms('1,000 generated EC P-256 leaves', leafText);
  const dir = mkdtempSync(join(tmpdir(), 'certkit-bench-'));
  const file = join(dir, 'leaves.pem');
  try {
    writeFileSync(file, leafText);
    await memoryTable(file);
    await scaling(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'memory-row') {
  const [kind, count, file] = process.argv.slice(3);
  console.log(JSON.stringify(memoryRow(kind as MemoryKind, Number(count), file!)));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
