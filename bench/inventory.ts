/**
 * Inventory benchmark: import of 1,000, 10,000 and 100,000 certificates (PEM text, as uploads come) and
 * `dueAlerts` and `list` over them, with MemoryStorage at every size and FileStorage and (when a
 * PostgreSQL server can be started here) PostgresStorage up to 10,000. Prints the cost per record (wall
 * and process CPU) and how it grows with the count: it must not.
 *
 * Certificates are minted fast (one CA and one EC P-256 leaf key, every leaf a distinct TBS: serial,
 * name, validity) and cached under bench/.cache/ (see fast-certificates.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CertificateInventory } from '../src/inventory/certificate-inventory.js';
import { encodePem } from '../src/pem/index.js';
import { FileStorage } from '../src/storage/file-storage.js';
import { MemoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { Certificate } from '../src/x509/index.js';
import {
  cachedCertificateSet,
  cnName,
  DAY,
  ext,
  keyId,
  mintCertificate,
  spkiOf,
} from './fast-certificates.js';

/**
 * Largest size run on the slower backends (FileStorage, PostgreSQL) unless CERTKIT_BENCH_INVENTORY_SLOW_MAX
 * says otherwise: a FileStorage import waits for the disk (tens of ms each on a busy machine).
 */
const SLOW_BACKEND_MAX = Number(process.env.CERTKIT_BENCH_INVENTORY_SLOW_MAX ?? 1_000);

interface Pki {
  root: Certificate;
  leaves: string[];
  /** The time the certificates' validity periods are relative to (the inventory's clock). */
  now: number;
  note: string;
}

function mintAll(count: number): Pki {
  const set = cachedCertificateSet('inventory-leaves', count + 1, (now) => {
    const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const caSpki = spkiOf(ca.publicKey);
    const root = mintCertificate({
      serial: 1,
      subject: cnName('Bench Root'),
      issuer: cnName('Bench Root'),
      spki: caSpki,
      notBefore: now - 10 * DAY,
      notAfter: now + 3650 * DAY,
      extensions: [ext.basicConstraints(true), ext.keyUsage(true), ext.subjectKeyIdentifier(keyId(caSpki))],
      signer: ca.privateKey,
    });
    const leafSpki = spkiOf(leafKey.publicKey);
    const out = [root];
    for (let i = 0; i < count; i++) {
      const host = `host-${i}.bench.example`;
      out.push(
        mintCertificate({
          serial: 1000 + i,
          subject: cnName(host),
          issuer: cnName('Bench Root'),
          spki: leafSpki,
          notBefore: now - DAY,
          // Lifetimes spread over 1..100 days, so about a third are inside the 30-day lead time.
          notAfter: now + (1 + (i % 100)) * DAY,
          extensions: [ext.dnsSan(host)],
          signer: ca.privateKey,
        }),
      );
    }
    return out;
  });
  const [root, ...leaves] = set.ders;
  return {
    root: Certificate.fromDer(root!),
    leaves: leaves.map((d) => encodePem('CERTIFICATE', d)),
    now: set.created,
    note: `${leaves.length} certificates ${set.fromCache ? 'read from bench/.cache' : 'minted and cached'} in ${set.ms.toFixed(0)} ms`,
  };
}

interface Row {
  backend: string;
  n: number;
  /** Import, per record: wall and CPU µs. */
  importUs: number;
  importCpuUs: number;
  /** dueAlerts and list over all records (median of 3), per record: wall and CPU µs. */
  dueUs: number;
  dueCpuUs: number;
  listUs: number;
  listCpuUs: number;
  due: number;
}

async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(c);
  return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

async function median3(fn: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const runs = [await timed(fn), await timed(fn), await timed(fn)].sort((a, b) => a.ms - b.ms);
  return runs[1]!;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function measure(backend: string, storage: Storage, pki: Pki, n: number): Promise<Row> {
  // Collect what earlier work left (100,000 PEM strings were just made), so that its collection is not
  // charged to this size's imports.
  gc();
  const inventory = new CertificateInventory(storage, { trust: [pki.root], clock: () => new Date(pki.now) });
  const imported = await timed(async () => {
    for (let i = 0; i < n; i++) await inventory.import(`c${i}`, { certificate: pki.leaves[i]! });
  });
  let due = 0;
  const dueRun = await median3(async () => {
    due = (await inventory.dueAlerts()).length;
  });
  const listRun = await median3(async () => {
    if ((await inventory.list()).length !== n) throw new Error('list: wrong count');
  });
  const per = (ms: number) => (ms * 1000) / n;
  return {
    backend,
    n,
    importUs: per(imported.ms),
    importCpuUs: per(imported.cpuMs),
    dueUs: per(dueRun.ms),
    dueCpuUs: per(dueRun.cpuMs),
    listUs: per(listRun.ms),
    listCpuUs: per(listRun.cpuMs),
    due,
  };
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
  const sizes = (process.env.CERTKIT_BENCH_INVENTORY_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const pki = mintAll(Math.max(...sizes));
  console.log('\n## Inventory: import, dueAlerts and list');
  console.log(
    `\n${pki.note}. Import is sequential, each one a PEM text: upload checks (chain to the trusted root), a CAS claim of the version, the chain and the record written; dueAlerts and list read every record (median of 3). FileStorage and PostgreSQL run up to ${SLOW_BACKEND_MAX} records.\n`,
  );
  // Warm the code first (a throwaway inventory of 3,000: the cost per import settles after about 2,000),
  // so that the smallest size measures imports, not the JIT.
  await measure('warm-up', new MemoryStorage(), pki, Math.min(3_000, pki.leaves.length));
  const rows: Row[] = [];
  const notes: string[] = [];
  const dirs: string[] = [];
  const backends: { name: string; make: () => Promise<Storage>; max: number }[] = [
    { name: 'MemoryStorage', make: async () => new MemoryStorage(), max: Number.POSITIVE_INFINITY },
    {
      name: 'FileStorage',
      make: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'certkit-bench-inv-'));
        dirs.push(dir);
        return new FileStorage({ dir });
      },
      max: SLOW_BACKEND_MAX,
    },
  ];
  const pg =
    process.env.CERTKIT_BENCH_NO_PG === '1' ? 'skipped (CERTKIT_BENCH_NO_PG=1)' : await postgresFactory();
  if (typeof pg === 'string') notes.push(`PostgresStorage: ${pg}.`);
  else backends.push({ name: 'PostgresStorage', make: pg.make, max: SLOW_BACKEND_MAX });
  try {
    for (const b of backends) {
      for (const n of sizes) {
        if (n > b.max) continue;
        const storage = await b.make();
        try {
          rows.push(await measure(b.name, storage, pki, n));
        } finally {
          await storage.close();
        }
      }
    }
  } finally {
    if (typeof pg !== 'string') await pg.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
  console.log(
    '| backend | records | import µs/record (wall / CPU) | dueAlerts µs/record (wall / CPU) | list µs/record (wall / CPU) | alerts due |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  const pair = (w: number, c: number) => `${w.toFixed(1)} / ${c.toFixed(1)}`;
  for (const r of rows) {
    console.log(
      `| ${r.backend} | ${r.n} | ${pair(r.importUs, r.importCpuUs)} | ${pair(r.dueUs, r.dueCpuUs)} | ${pair(r.listUs, r.listCpuUs)} | ${r.due} |`,
    );
  }
  console.log(
    '\nGrowth of the cost per record from the smallest to the largest size of each backend (1.00 = the cost per item does not grow):\n',
  );
  console.log('| backend | sizes | import | dueAlerts | list |');
  console.log('|---|---|---:|---:|---:|');
  for (const b of backends) {
    const mine = rows.filter((r) => r.backend === b.name);
    const small = mine[0];
    const large = mine[mine.length - 1];
    if (small === undefined || large === undefined || small === large) continue;
    console.log(
      `| ${b.name} | ${small.n} → ${large.n} | ${(large.importUs / small.importUs).toFixed(2)} | ${(large.dueUs / small.dueUs).toFixed(2)} | ${(large.listUs / small.listUs).toFixed(2)} |`,
    );
  }
  for (const n of notes) console.log(`\n${n}`);
}
