/**
 * Storage backends side by side: put (create), get, CAS update and list over 1,000 and 10,000
 * records of about 2 KB (a certificate record), for MemoryStorage, FileStorage (every write fsynced)
 * and PostgresStorage (a throwaway server started like the tests do, with fsync off, so its numbers
 * are not comparable with FileStorage's fsynced writes; or a real one through `CERTKIT_BENCH_PG_URL`).
 * Prints the cost per operation and how it grows from 1,000 to 10,000 records (1.00 = linear total).
 *
 * `npx tsx bench/inventory-storage.ts`, or `run()` from bench/run.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileStorage, MemoryStorage, PostgresStorage, type Storage } from '../src/inventory/index.js';

const SIZES = [1_000, 10_000] as const;
const RECORD = new Uint8Array(2048).fill(0x41);

interface Costs {
  put: number;
  get: number;
  cas: number;
  list: number;
}

async function measure(storage: Storage, n: number): Promise<Costs> {
  const keys = Array.from({ length: n }, (_, i) => `certs/${String(i).padStart(6, '0')}`);
  const versions: number[] = [];
  let t = performance.now();
  for (const k of keys) versions.push(await storage.put(k, RECORD, { expectedVersion: null }));
  const put = (performance.now() - t) / n;
  t = performance.now();
  for (const k of keys) await storage.get(k);
  const get = (performance.now() - t) / n;
  t = performance.now();
  for (let i = 0; i < n; i++)
    await storage.put(keys[i] as string, RECORD, { expectedVersion: versions[i] ?? null });
  const cas = (performance.now() - t) / n;
  t = performance.now();
  const listed = await storage.list('certs/');
  const list = performance.now() - t;
  if (listed.length !== n) throw new Error(`list returned ${listed.length} keys, expected ${n}`);
  return { put, get, cas, list };
}

type Backend = { name: string; make: () => Promise<{ storage: Storage; dispose: () => Promise<void> }> };

async function backends(): Promise<{ list: Backend[]; stop: () => Promise<void> }> {
  const list: Backend[] = [
    { name: 'MemoryStorage', make: async () => ({ storage: new MemoryStorage(), dispose: async () => {} }) },
    {
      name: 'FileStorage',
      make: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'certkit-bench-'));
        return {
          storage: new FileStorage({ dir }),
          dispose: () => rm(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  let stop = async () => {};
  let freshUrl: (() => Promise<string>) | undefined;
  const given = process.env.CERTKIT_BENCH_PG_URL;
  if (given !== undefined) {
    freshUrl = async () => given;
  } else {
    const helper = await import('../test/storage/helpers/postgres-server.js');
    if (helper.findPostgresBinary('initdb') !== undefined) {
      const server = await helper.startPostgres();
      freshUrl = () => server.freshDatabase();
      stop = () => server.stop();
    } else {
      console.log(
        '\n(PostgresStorage left out: no PostgreSQL server found; install the Debian package "postgresql")',
      );
    }
  }
  if (freshUrl !== undefined) {
    const fresh = freshUrl;
    let table = 0;
    list.push({
      name: 'PostgresStorage',
      make: async () => {
        const storage = new PostgresStorage({
          connectionString: await fresh(),
          table: `bench_${process.pid}_${++table}`,
        });
        return { storage, dispose: () => storage.close() };
      },
    });
  }
  return { list, stop };
}

const f = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

/** Runs the storage benchmark and prints a markdown table. */
export async function run(): Promise<void> {
  const { list, stop } = await backends();
  try {
    console.log(
      '\n## Storage backends: cost per operation (2 KB values), and growth from 1,000 to 10,000 records',
    );
    console.log(
      '| backend | records | put (create) | get | CAS update | list (all) | per-op growth put/get/CAS |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const b of list) {
      const results: Costs[] = [];
      for (const n of SIZES) {
        const { storage, dispose } = await b.make();
        try {
          results.push(await measure(storage, n));
        } finally {
          await storage.close();
          await dispose();
        }
      }
      SIZES.forEach((n, i) => {
        const r = results[i] as Costs;
        const base = results[0] as Costs;
        const growth =
          i === 0
            ? '—'
            : `${(r.put / base.put).toFixed(2)} / ${(r.get / base.get).toFixed(2)} / ${(r.cas / base.cas).toFixed(2)}`;
        console.log(
          `| ${b.name} | ${n} | ${f(r.put)} | ${f(r.get)} | ${f(r.cas)} | ${f(r.list)} | ${growth} |`,
        );
      });
    }
  } finally {
    await stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
