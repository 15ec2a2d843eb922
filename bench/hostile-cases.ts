/**
 * The cases of the hostile-input benchmark (bench/hostile-input.ts). Run as a child process, one case
 * at a time (`node --import tsx --expose-gc bench/hostile-cases.ts <id> <size>`), so that its CPU time,
 * peak memory and garbage are its own: builds the input (not measured), runs the reader three times
 * and prints one JSON line with the median wall and CPU time, the peak RSS it added and the outcome
 * (a value, or the CertkitError code). The inputs come from test/hostile/hostile-inputs.ts, where the
 * tests assert the same outcomes at small sizes.
 */
import { inspect } from 'node:util';
import {
  buildChain,
  matchesHostname,
  parseOcspResponse,
  parsePkcs7Certificates,
} from '../src/chain/index.js';
import { isCertkitError } from '../src/errors/index.js';
import { parsePrivateKey } from '../src/keys/index.js';
import { decodePem } from '../src/pem/index.js';
import { readJks, readPemBundle, readPkcs12 } from '../src/stores/index.js';
import { Certificate, CertificateRevocationList, parseCertificates } from '../src/x509/index.js';
import { mint } from '../test/helpers/make-certs.js';
import {
  certificateDer,
  cnName,
  constraintChain,
  crlDer,
  encryptedKey,
  encryptedKeyClaiming,
  jksDer,
  longOidName,
  longSerialCertificate,
  longValueName,
  manyExtensionCertificate,
  manyRdnName,
  manySanCertificate,
  negativeSerial,
  ocspResponseDer,
  pkcs7Der,
  pkcs8Key,
  pkcs12WithKeyBags,
  pkcs12WithPlainBags,
  pkcs12WithShroudedBags,
  policyChain,
} from '../test/hostile/hostile-inputs.js';

/** One hostile input: built once at `size` (untimed), then read by `run`. */
export interface HostileCase {
  readonly id: string;
  /** What the input is, for the table (`{n}` is replaced by the size). */
  readonly title: string;
  /** One size, or two (n and 4n) to show the cost grows linearly. */
  readonly sizes: readonly number[];
  /** Unit of the size, for the table. */
  readonly unit: string;
  readonly build: (size: number) => Promise<unknown> | unknown;
  /** Reads the input; returns a short description of the value (a CertkitError is the other outcome). */
  readonly run: (input: never) => string;
}

const PW = 'hostile';
const pem = (der: Uint8Array): string =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;
const cert = (der: Uint8Array) => Certificate.fromDer(der);
const KiB = 1024;

function summary(c: Certificate): string {
  return `${JSON.stringify(c.toJSON()).length} B of JSON, ${inspect(c).length} B inspected`;
}

const c = <T>(
  id: string,
  title: string,
  unit: string,
  sizes: number[],
  build: (n: number) => T | Promise<T>,
  run: (input: T) => string,
): HostileCase => ({
  id,
  title,
  unit,
  sizes,
  build,
  run: run as (input: never) => string,
});

/** Every case, in the order of the table. */
export const CASES: readonly HostileCase[] = [
  c(
    'serial',
    'certificate, negative serial of {n}',
    'KiB',
    [64, 256],
    (n) => longSerialCertificate(n * KiB),
    (der) => cert(der).serialNumber,
  ),
  c(
    'serial-json',
    'toJSON and inspect of a certificate whose serial is {n}',
    'KiB',
    [256],
    (n) => longSerialCertificate(n * KiB),
    (der) => summary(cert(der)),
  ),
  c(
    'crl-serial',
    'CRL entry, negative serial of {n}',
    'KiB',
    [256],
    (n) => crlDer(1, n * KiB),
    (der) => String(CertificateRevocationList.fromDer(der).revoked.length),
  ),
  c(
    'crl-number',
    'CRL, cRLNumber of {n}',
    'KiB',
    [256],
    (n) => crlDer(1, 8, negativeSerial(n * KiB)),
    (der) => String(CertificateRevocationList.fromDer(der).crlNumber),
  ),
  c(
    'crl-entries',
    'CRL of {n} (20-octet serials)',
    'entries',
    [10_000, 40_000],
    (n) => crlDer(n, 20),
    (der) => {
      const crl = CertificateRevocationList.fromDer(der);
      const last = crl.revoked[crl.revoked.length - 1]!;
      return `${crl.revoked.length} entries, last found: ${crl.findRevoked(last.serialNumber) === last}`;
    },
  ),
  c(
    'dn-value',
    'subject CN of {n} (escaped characters)',
    'KiB',
    [1024],
    (n) => certificateDer({ subject: longValueName(n * KiB, 0x0c, 0x2c) }),
    (der) => cert(der).subject.toString(),
  ),
  c(
    'dn-value-max',
    'subject CN of {n} escaped (the bound), every string form',
    'chars',
    [32_768],
    (n) => certificateDer({ subject: longValueName(n, 0x0c, 0x2c) }),
    (der) => {
      const dn = cert(der).subject;
      return `${dn.toString().length + dn.canonical.length + dn.toOpenSslString().length} chars of strings`;
    },
  ),
  c(
    'dn-rdns',
    'subject of {n}, every string form',
    'RDNs',
    [50_000, 200_000],
    (n) => certificateDer({ subject: manyRdnName(n) }),
    (der) => {
      const x = cert(der);
      return `${x.subject.toString().length + x.subject.canonical.length} chars, ${summary(x)}`;
    },
  ),
  c(
    'oid',
    'subject attribute type OID of {n}',
    'KiB',
    [1024],
    (n) => certificateDer({ subject: longOidName(n * KiB) }),
    (der) => cert(der).subject.toString(),
  ),
  c(
    'sans',
    'certificate with {n} (DNS): SANs, toJSON, inspect, hostname',
    'SANs',
    [50_000, 200_000],
    manySanCertificate,
    (der) => {
      const x = cert(der);
      return `${x.subjectAltNames.length} SANs, ${summary(x)}, matches: ${matchesHostname(x, 'nope.test')}`;
    },
  ),
  c(
    'extensions',
    'certificate with {n}: list, lookups, toJSON',
    'extensions',
    [20_000, 80_000],
    manyExtensionCertificate,
    (der) => {
      const x = cert(der);
      return `${x.extensions.length} extensions, ${summary(x)}`;
    },
  ),
  c(
    'nc-forged',
    'name constraints: {n} × 3,000 SANs, intermediate not verifying (issue 12)',
    'subtrees',
    [30_000],
    (n) => constraintChain(n, 3000, false),
    (ch) =>
      chainOutcome(
        buildChain(ch.leaf, { intermediates: [ch.intermediate], trust: [ch.root], signatureCache: false }),
      ),
  ),
  c(
    'nc-own-root',
    'name constraints: {n} × 3,000 SANs, all links verify (a stranger’s root)',
    'subtrees',
    [30_000],
    async (n) => ({
      ch: await constraintChain(n, 3000, true),
      other: (await mint({ subject: 'CN=Someone Else', ca: true })).cert,
    }),
    ({ ch, other }) =>
      chainOutcome(
        buildChain(ch.leaf, {
          intermediates: [ch.intermediate, ch.root],
          trust: [other],
          signatureCache: false,
        }),
      ),
  ),
  c(
    'policies',
    'certificate policies: intermediate and leaf with {n} each, explicit policy required',
    'policies',
    [2_000, 8_000],
    (n) => policyChain(n),
    (ch) =>
      chainOutcome(
        buildChain(ch.leaf, {
          intermediates: [ch.intermediate],
          trust: [ch.root],
          hostname: 'policy.test',
          policy: { requireExplicitPolicy: true },
        }),
      ),
  ),
  c(
    'chain-pool',
    'chain building: {n}, same-named intermediates that do not verify',
    'certificates',
    [2_000, 8_000],
    (n) => ({
      leaf: cert(certificateDer()),
      pool: Array.from({ length: n }, (_, i) =>
        cert(
          certificateDer({ serial: Uint8Array.of(1, i >> 8, i & 0xff), subject: cnName('Hostile Issuer') }),
        ),
      ),
    }),
    ({ leaf, pool }) =>
      chainOutcome(buildChain(leaf, { intermediates: pool, trust: [], signatureCache: false })),
  ),
  c(
    'p12-bags',
    'PKCS#12, {n} (shrouded keys) × 1,000,000 PBKDF2 iterations',
    'bags',
    [10],
    (n) => pkcs12WithKeyBags(n, 1_000_000, PW),
    (p12) => `${readPkcs12(p12, { password: PW }).keys.length} keys`,
  ),
  c(
    'p12-bags-wrong',
    'the same file, wrong password (retried over every bag)',
    'bags',
    [10],
    (n) => pkcs12WithKeyBags(n, 1_000_000, PW),
    (p12) => `${readPkcs12(p12, { password: 'wrong' }).keys.length} keys`,
  ),
  c(
    'p12-cap',
    'PKCS#12, a shrouded key claiming {n} of PBKDF2 (the per-run cap)',
    'iterations',
    [10_000_000],
    (n) => pkcs12WithShroudedBags(encryptedKeyClaiming(n), 1, PW, 0),
    (p12) => `${readPkcs12(p12, { password: PW }).keys.length} keys`,
  ),
  c(
    'p12-plain',
    'PKCS#12, {n} (plain) + as many certificates, none matching',
    'keys',
    [2_000, 8_000],
    (n) => pkcs12WithPlainBags(n, n),
    (p12) => {
      const s = readPkcs12(p12);
      return `${s.keys.length} keys, ${s.trusted.length} trusted`;
    },
  ),
  c(
    'p12-same-key',
    'PKCS#12, {n} (plain) and as many certificates, all of one public key',
    'keys',
    [2_000, 8_000],
    (n) => pkcs12WithPlainBags(n, n, true),
    (p12) => `${readPkcs12(p12).keys.filter((k) => k.chain.length === 1).length} keys paired`,
  ),
  c(
    'key-cap',
    'encrypted PKCS#8 claiming {n} of PBKDF2',
    'iterations',
    [10_000_000],
    (n) => encryptedKeyClaiming(n),
    (der) => parsePrivateKey(der, { password: PW }).toString(),
  ),
  c(
    'key-600k',
    'encrypted PKCS#8 with {n} (certkit’s default; not hostile)',
    'iterations',
    [600_000],
    (n) => encryptedKey(pkcs8Key(), PW, n),
    (der) => parsePrivateKey(der, { password: PW }).toString(),
  ),
  c(
    'pem-bundle',
    'readPemBundle, {n} with one CN',
    'certificates',
    [5_000, 20_000],
    (n) => pem(certificateDer()).repeat(n),
    (text) => `${readPemBundle(text).trusted.length} trusted`,
  ),
  c(
    'parse-certificates',
    'parseCertificates, {n} (the same text)',
    'certificates',
    [5_000, 20_000],
    (n) => pem(certificateDer()).repeat(n),
    (text) => `${parseCertificates(text).length} certificates`,
  ),
  c(
    'pem-blocks',
    'decodePem, {n} of tiny blocks',
    'MiB',
    [1, 4],
    (n) => '-----BEGIN X-----\nAA==\n-----END X-----\n'.repeat((n << 20) / 36),
    (text) => `${decodePem(text).length} blocks`,
  ),
  c(
    'jks-key',
    'JKS, one protected key of {n}',
    'MiB',
    [2, 8],
    (n) => jksDer(1, n << 20, 0, 'changeit'),
    (jks) => `${readJks(jks, { storePassword: 'changeit' }).keys.length} keys`,
  ),
  c(
    'jks-trusted',
    'JKS, {n} (trusted) under one alias',
    'entries',
    [5_000, 20_000],
    (n) => jksDer(0, 0, n, 'changeit'),
    (jks) => `${readJks(jks, { storePassword: 'changeit' }).trusted.length} trusted`,
  ),
  c(
    'ocsp',
    'OCSP response with {n}',
    'SingleResponses',
    [10_000, 40_000],
    ocspResponseDer,
    (der) => `${parseOcspResponse(der).basic!.responses.length} responses`,
  ),
  c(
    'pkcs7',
    'PKCS#7 certs-only with {n}',
    'certificates',
    [1_000, 4_000],
    pkcs7Der,
    (der) => `${parsePkcs7Certificates(der).length} certificates`,
  ),
];

function chainOutcome(r: { ok: boolean; problems: readonly { code: string }[] }): string {
  if (r.ok) return 'a valid chain';
  return `a refused chain: ${[...new Set(r.problems.map((p) => p.code))].join(', ')}`;
}

/** What one child run prints. */
export interface CaseMeasure {
  readonly outcome: string;
  readonly coded: boolean;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Peak RSS the reads added over the peak after building the input, MiB. */
  readonly peakRssMiB: number;
  /** Heap still held after the last read and a GC (the result included), MiB. */
  readonly retainedMiB: number;
}

function once(
  kase: HostileCase,
  input: unknown,
): { outcome: string; coded: boolean; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  let outcome: string;
  let coded = false;
  try {
    outcome = `value: ${kase.run(input as never)}`.slice(0, 90);
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    outcome = e.code;
    coded = true;
  }
  const wallMs = performance.now() - w0;
  const cpu = process.cpuUsage(c0);
  return { outcome, coded, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function child(id: string, size: number): Promise<void> {
  const kase = CASES.find((k) => k.id === id);
  if (kase === undefined) throw new Error(`unknown case ${id}`);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const input = await kase.build(size);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const peakBefore = process.resourceUsage().maxRSS;
  const runs = [once(kase, input), once(kase, input), once(kase, input)];
  gc();
  const retained = Math.max(0, process.memoryUsage().heapUsed - heapBefore);
  const peakAfter = process.resourceUsage().maxRSS;
  const median = (k: 'wallMs' | 'cpuMs') => [...runs].sort((a, b) => a[k] - b[k])[1]![k];
  const m: CaseMeasure = {
    outcome: runs[0]!.outcome,
    coded: runs[0]!.coded,
    wallMs: median('wallMs'),
    cpuMs: median('cpuMs'),
    peakRssMiB: (peakAfter - peakBefore) / 1024,
    retainedMiB: retained / 2 ** 20,
  };
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

if (process.argv[1]?.endsWith('hostile-cases.ts') && process.argv[2] !== undefined) {
  await child(process.argv[2], Number(process.argv[3]));
}
