/**
 * `npm run bench -- fleet`: a shared StoreRegistry across real processes (FileStorage, PostgreSQL).
 *
 * 1. Propagation: the time from a re-point (`repointAsync`, what `certkit ref set` runs) in this
 *    process to the first TLS handshake on the new certificate served by another process; median
 *    over 20 re-points, with a random pause between them so the poll phase of FileStorage is sampled.
 * 2. Under load: three replica processes serve `ref://api-ks`; six loops handshake with them without
 *    pause while this process makes 50 re-points (each waited for on every replica): failed
 *    handshakes (target 0).
 *
 * PostgreSQL: CERTKIT_BENCH_PG_URL, or a throwaway server when the Debian package is installed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { pathToFileURL } from 'node:url';
import { FileStorage, PostgresStorage, type Storage } from '../src/storage/index.js';
import { StoreRegistry } from '../src/stores/index.js';
import { type Child, startTsxChild } from '../test/helpers/tsx-child.js';
import {
  type FleetPki,
  makeFleetPki,
  seedRegistry,
  TEST_SEAL,
} from '../test/stores/registry-fleet-fixtures.js';

const REPLICA = join(import.meta.dirname, '..', 'test', 'stores', 'fixtures', 'registry-replica.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Backend {
  readonly label: string;
  readonly kind: 'file' | 'pg';
  readonly pollMs: number;
  fresh(): Promise<string>;
  open(where: string): Storage;
}

function handshake(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      const fp = s.getPeerCertificate().fingerprint256;
      s.destroy();
      resolve(fp);
    });
    s.on('error', reject);
  });
}

async function untilServed(port: number, ca: string, fingerprint: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await handshake(port, ca).catch(() => '')) === fingerprint) return;
  }
  throw new Error(`port ${port} did not serve the new certificate within ${timeoutMs} ms`);
}

async function startReplicas(
  n: number,
  backend: Backend,
  where: string,
): Promise<{ children: Child[]; ports: number[] }> {
  const children = Array.from({ length: n }, () =>
    startTsxChild(REPLICA, ['serve', backend.kind, where, String(backend.pollMs)]),
  );
  const ports = await Promise.all(
    children.map(async (c) => Number((await c.waitFor((l) => l.startsWith('port '), 60_000)).slice(5))),
  );
  return { children, ports };
}

async function stopAll(children: readonly Child[]): Promise<void> {
  for (const c of children) {
    c.process.kill('SIGKILL');
    await c.exited;
  }
}

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

interface Row {
  readonly label: string;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
  /** Median time of the re-point itself (reads, rotation check, compare-and-set write) in the writer. */
  readonly write: number;
  readonly loadSeconds: number;
  readonly handshakes: number;
  readonly failed: number;
  readonly repoints: number;
}

async function measure(backend: Backend, pki: FleetPki): Promise<Row> {
  const where = await backend.fresh();
  const storage = backend.open(where);
  const registry = await StoreRegistry.open({ ...TEST_SEAL, storage, watch: false });
  await seedRegistry(registry, pki);
  const ca = pki.root.pem;
  const targets = ['api-2', 'api-1'];
  const children: Child[] = [];
  try {
    // 1. propagation to one other process
    const first = await startReplicas(1, backend, where);
    children.push(...first.children);
    const latencies: number[] = [];
    const writes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const to = targets[i % 2]!;
      await sleep(Math.random() * Math.min(backend.pollMs, 500));
      const t0 = performance.now();
      await registry.repointAsync('ref://api-ks', to, { actor: 'bench' });
      writes.push(performance.now() - t0);
      await untilServed(first.ports[0]!, ca, pki.fingerprint(to));
      latencies.push(performance.now() - t0);
    }

    // 2. 50 re-points under continuous load on three replicas
    const more = await startReplicas(2, backend, where);
    children.push(...more.children);
    const ports = [...first.ports, ...more.ports];
    const current = targets[1]!; // after 20 re-points the reference points at api-1 again
    for (const port of ports) await untilServed(port, ca, pki.fingerprint(current));
    let stop = false;
    let handshakes = 0;
    let failed = 0;
    const loop = async (k: number) => {
      for (let j = k; !stop; j++) {
        try {
          await handshake(ports[j % ports.length]!, ca);
          handshakes++;
        } catch {
          failed++;
        }
      }
    };
    const loadStart = performance.now();
    const loops = Array.from({ length: 6 }, (_, k) => loop(k));
    for (let i = 0; i < 50; i++) {
      const to = targets[i % 2]!;
      await registry.repointAsync('ref://api-ks', to, { actor: 'bench' });
      await Promise.all(ports.map((p) => untilServed(p, ca, pki.fingerprint(to))));
    }
    stop = true;
    await Promise.all(loops);
    return {
      label: backend.label,
      median: quantile(latencies, 0.5),
      p90: quantile(latencies, 0.9),
      max: Math.max(...latencies),
      write: quantile(writes, 0.5),
      loadSeconds: (performance.now() - loadStart) / 1000,
      handshakes,
      failed,
      repoints: 50,
    };
  } finally {
    await stopAll(children);
    await registry.close();
    await storage.close();
  }
}

export async function run(): Promise<void> {
  console.log('\n## Shared registry: re-point propagation across processes\n');
  const pki = await makeFleetPki();
  const dirs: string[] = [];
  const freshDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'certkit-bench-fleet-'));
    dirs.push(d);
    return d;
  };
  const backends: Backend[] = [
    {
      label: 'FileStorage, poll 1000 ms (default)',
      kind: 'file',
      pollMs: 1000,
      fresh: freshDir,
      open: (d) => new FileStorage({ dir: d }),
    },
    {
      label: 'FileStorage, poll 100 ms',
      kind: 'file',
      pollMs: 100,
      fresh: freshDir,
      open: (d) => new FileStorage({ dir: d }),
    },
  ];
  let stopPg = async () => {};
  const given = process.env.CERTKIT_BENCH_PG_URL;
  const helper = await import('../test/storage/helpers/postgres-server.js');
  let freshUrl: (() => Promise<string>) | undefined;
  if (given !== undefined) freshUrl = async () => given;
  else if (helper.findPostgresBinary('initdb') !== undefined) {
    const server = await helper.startPostgres();
    freshUrl = () => server.freshDatabase();
    stopPg = () => server.stop();
  } else console.log('(PostgreSQL left out: no server found; install the Debian package "postgresql")\n');
  if (freshUrl !== undefined) {
    backends.push({
      label: 'PostgreSQL, LISTEN/NOTIFY',
      kind: 'pg',
      pollMs: 1000,
      fresh: freshUrl,
      open: (url) => new PostgresStorage({ connectionString: url }),
    });
  }
  const rows: Row[] = [];
  try {
    for (const b of backends) rows.push(await measure(b, pki));
  } finally {
    await stopPg();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
  console.log(
    '| storage | re-point → first handshake on the new certificate in another process: median | p90 | max | the re-point itself (median) | 50 re-points on 3 replicas under load: time | handshakes | failed |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const cells = [r.median, r.p90, r.max, r.write].map((ms) => `${ms.toFixed(0)} ms`);
    console.log(
      `| ${r.label} | ${cells.join(' | ')} | ${r.loadSeconds.toFixed(1)} s | ${r.handshakes} | ${r.failed} |`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
