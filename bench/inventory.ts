/**
 * Inventory benchmark: import of 1,000 and 10,000 certificates and `dueAlerts` over them, with
 * MemoryStorage, FileStorage and (when a PostgreSQL server can be started here) PostgresStorage.
 * Prints per-operation cost and how it grows from 1,000 to 10,000 records.
 *
 * Certificates are minted fast: one CA and one EC P-256 leaf key, every leaf a distinct TBS (serial,
 * name, validity) written with certkit's DER writer and signed with node:crypto.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  derBoolean,
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derUtf8String,
  encodeTlv,
} from '../src/internal/der/index.js';
import { CertificateInventory } from '../src/inventory/certificate-inventory.js';
import { encodePem } from '../src/pem/index.js';
import { FileStorage } from '../src/storage/file-storage.js';
import { MemoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { type Certificate, parseCertificate } from '../src/x509/index.js';

const DAY = 86_400_000;
const ECDSA_SHA256 = derSequence(derOid('1.2.840.10045.4.3.2'));
const enc = new TextEncoder();

function name(cn: string): Uint8Array {
  return derSequence(derSet(derSequence(derOid('2.5.4.3'), derUtf8String(cn))));
}

function utcTime(ms: number): Uint8Array {
  const s = new Date(ms).toISOString(); // 2026-01-02T03:04:05.000Z
  const t = `${s.slice(2, 4)}${s.slice(5, 7)}${s.slice(8, 10)}${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}Z`;
  return encodeTlv(0x17, enc.encode(t));
}

function certificate(o: {
  serial: number;
  subject: string;
  issuer: string;
  spki: Uint8Array;
  notBefore: number;
  notAfter: number;
  extensions: Uint8Array[];
  signer: KeyObject;
}): string {
  const tbs = derSequence(
    derExplicit(0, derInteger(2)),
    derInteger(o.serial),
    ECDSA_SHA256,
    name(o.issuer),
    derSequence(utcTime(o.notBefore), utcTime(o.notAfter)),
    name(o.subject),
    o.spki,
    derExplicit(3, derSequence(...o.extensions)),
  );
  const signature = sign('sha256', tbs, o.signer);
  return encodePem(
    'CERTIFICATE',
    derSequence(tbs, ECDSA_SHA256, encodeTlv(0x03, Uint8Array.of(0), new Uint8Array(signature))),
  );
}

function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

interface Pki {
  root: Certificate;
  leaves: string[];
}

function mintAll(count: number, now: number): Pki {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caPem = certificate({
    serial: 1,
    subject: 'Bench Root',
    issuer: 'Bench Root',
    spki: spkiOf(ca.publicKey),
    notBefore: now - 10 * DAY,
    notAfter: now + 3650 * DAY,
    extensions: [
      derSequence(derOid('2.5.29.19'), derBoolean(true), derOctetString(derSequence(derBoolean(true)))),
      derSequence(
        derOid('2.5.29.15'),
        derBoolean(true),
        derOctetString(encodeTlv(0x03, Uint8Array.of(1, 0x06))),
      ),
    ],
    signer: ca.privateKey,
  });
  const leafSpki = spkiOf(leafKey.publicKey);
  const leaves: string[] = [];
  for (let i = 0; i < count; i++) {
    const host = `host-${i}.bench.example`;
    leaves.push(
      certificate({
        serial: 1000 + i,
        subject: host,
        issuer: 'Bench Root',
        spki: leafSpki,
        notBefore: now - DAY,
        // Lifetimes spread over 1..100 days, so about a third are inside the 30-day lead time.
        notAfter: now + (1 + (i % 100)) * DAY,
        extensions: [
          derSequence(derOid('2.5.29.17'), derOctetString(derSequence(encodeTlv(0x82, enc.encode(host))))),
        ],
        signer: ca.privateKey,
      }),
    );
  }
  return { root: parseCertificate(caPem), leaves };
}

interface Row {
  backend: string;
  n: number;
  importUs: number;
  dueMs: number;
  dueUsPerRecord: number;
  due: number;
}

async function measure(backend: string, storage: Storage, pki: Pki, n: number, now: number): Promise<Row> {
  const inventory = new CertificateInventory(storage, { trust: [pki.root], clock: () => new Date(now) });
  const start = performance.now();
  for (let i = 0; i < n; i++) await inventory.import(`c${i}`, { certificate: pki.leaves[i]! });
  const importMs = performance.now() - start;
  const samples: number[] = [];
  let due = 0;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    due = (await inventory.dueAlerts()).length;
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const dueMs = samples[1]!;
  return { backend, n, importUs: (importMs * 1000) / n, dueMs, dueUsPerRecord: (dueMs * 1000) / n, due };
}

async function postgresFactory(): Promise<
  { make: () => Promise<Storage>; stop: () => Promise<void> } | string
> {
  try {
    const helper = (await import('../test/storage/helpers/postgres-server.js')) as {
      hasPostgres(): boolean;
      startPostgres(): Promise<{ freshDatabase(): Promise<string>; stop(): Promise<void> }>;
    };
    if (!helper.hasPostgres()) return 'PostgreSQL binaries not found (Debian package `postgresql`)';
    const { PostgresStorage } = await import('../src/storage/postgres-storage.js');
    const server = await helper.startPostgres();
    return {
      make: async () => new PostgresStorage({ connectionString: await server.freshDatabase() }),
      stop: () => server.stop(),
    };
  } catch (e) {
    return `PostgreSQL could not be started: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

/** Runs the inventory benchmark and prints the tables. */
export async function run(): Promise<void> {
  const now = Date.now();
  const sizes = (process.env.CERTKIT_BENCH_INVENTORY_SIZES ?? '1000,10000').split(',').map(Number);
  const t = performance.now();
  const pki = mintAll(Math.max(...sizes), now);
  const mintMs = performance.now() - t;
  console.log('\n## Inventory: import and dueAlerts');
  console.log(
    `\nMinted ${pki.leaves.length} certificates in ${mintMs.toFixed(0)} ms. Import is sequential (each one: upload checks, a CAS claim of the version, the chain and the record written); dueAlerts reads the record facts only (median of 3).\n`,
  );
  const rows: Row[] = [];
  const notes: string[] = [];
  const dirs: string[] = [];
  const backends: { name: string; make: () => Promise<Storage> }[] = [
    { name: 'MemoryStorage', make: async () => new MemoryStorage() },
    {
      name: 'FileStorage',
      make: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'certkit-bench-inv-'));
        dirs.push(dir);
        return new FileStorage({ dir });
      },
    },
  ];
  const pg =
    process.env.CERTKIT_BENCH_NO_PG === '1' ? 'skipped (CERTKIT_BENCH_NO_PG=1)' : await postgresFactory();
  if (typeof pg === 'string') notes.push(`PostgresStorage: ${pg}.`);
  else backends.push({ name: 'PostgresStorage', make: pg.make });
  try {
    for (const b of backends) {
      for (const n of sizes) {
        const storage = await b.make();
        try {
          rows.push(await measure(b.name, storage, pki, n, now));
        } finally {
          await storage.close();
        }
      }
    }
  } finally {
    if (typeof pg !== 'string') await pg.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
  console.log('| backend | records | import µs/op | dueAlerts ms | dueAlerts µs/record | alerts due |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.backend} | ${r.n} | ${r.importUs.toFixed(0)} | ${r.dueMs.toFixed(1)} | ${r.dueUsPerRecord.toFixed(1)} | ${r.due} |`,
    );
  }
  console.log(
    '\nGrowth of the per-operation cost from the smallest to the largest size (1.0 = linear total):\n',
  );
  console.log('| backend | import per-op ratio | dueAlerts per-record ratio |');
  console.log('|---|---:|---:|');
  for (const b of backends) {
    const mine = rows.filter((r) => r.backend === b.name);
    const small = mine[0];
    const large = mine[mine.length - 1];
    if (small === undefined || large === undefined || small === large) continue;
    console.log(
      `| ${b.name} | ${(large.importUs / small.importUs).toFixed(2)} | ${(large.dueUsPerRecord / small.dueUsPerRecord).toFixed(2)} |`,
    );
  }
  for (const n of notes) console.log(`\n${n}`);
}
