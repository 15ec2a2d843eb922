/**
 * A fleet of real processes on one shared registry (FileStorage, and a real PostgreSQL): a re-point
 * made in one process is served by the TLS servers of the others without a restart, and two
 * processes re-pointing one reference at once are decided by compare-and-set.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage, PostgresStorage, type Storage } from '../../src/storage/index.js';
import { StoreRegistry } from '../../src/stores/index.js';
import { type Child, startTsxChild } from '../helpers/tsx-child.js';
import { hasPostgres, type PostgresServer, startPostgres } from '../storage/helpers/postgres-server.js';
import { type FleetPki, makeFleetPki, seedRegistry, TEST_SEAL } from './registry-fleet-fixtures.js';

const REPLICA = join(import.meta.dirname, 'fixtures', 'registry-replica.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pki: FleetPki;
beforeAll(async () => {
  pki = await makeFleetPki();
}, 60_000);

function handshake(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: pki.root.pem }, () => {
      const fingerprint = s.getPeerCertificate().fingerprint256;
      s.destroy();
      resolve(fingerprint);
    });
    s.on('error', reject);
  });
}

/** Handshakes until the server presents `fingerprint`; fails after `timeoutMs`. */
async function servesSoon(port: number, fingerprint: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await handshake(port);
    if (last === fingerprint) return;
    await sleep(25);
  }
  expect(last).toBe(fingerprint);
}

interface FleetSubject {
  readonly backend: 'file' | 'pg';
  fresh(): Promise<string>;
  open(where: string): Storage;
}

function describeFleet(name: string, subject: () => FleetSubject): void {
  describe(`a fleet on ${name}`, () => {
    const children: Child[] = [];
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of children.splice(0)) {
        if (c.process.exitCode === null && c.process.signalCode === null) {
          c.process.kill('SIGKILL');
          await c.exited;
        }
      }
      for (const close of closers.splice(0).reverse()) await close();
    });

    async function seeded(): Promise<{ where: string; registry: StoreRegistry }> {
      const s = subject();
      const where = await s.fresh();
      const storage = s.open(where);
      const registry = await StoreRegistry.open({ ...TEST_SEAL, storage, watch: false });
      closers.push(() => storage.close());
      await seedRegistry(registry, pki);
      return { where, registry };
    }

    it('a re-point in one process reaches the TLS servers of three others, without a restart; so does a rollback', async () => {
      const { where, registry } = await seeded();
      const replicas = [1, 2, 3].map(() => {
        const c = startTsxChild(REPLICA, ['serve', subject().backend, where, '100']);
        children.push(c);
        return c;
      });
      const ports = await Promise.all(
        replicas.map(async (c) => Number((await c.waitFor((l) => l.startsWith('port '), 60_000)).slice(5))),
      );
      for (const port of ports) expect(await handshake(port)).toBe(pki.fingerprint('api-1'));

      await registry.repointAsync('ref://api-ks', 'api-2', { actor: 'parent' });
      for (const port of ports) await servesSoon(port, pki.fingerprint('api-2'));
      for (const c of replicas) await c.waitFor((l) => l === 'change api-2');

      await registry.rollbackAsync('ref://api-ks', { actor: 'parent' });
      for (const port of ports) await servesSoon(port, pki.fingerprint('api-1'));
    }, 120_000);

    it('two processes re-pointing one reference at once: compare-and-set writes one, refuses the other', async () => {
      const { where, registry } = await seeded();
      await registry.putKeystoreAsync('api-3', pki.keystores.get('api-2')!);
      const dir = await mkdtemp(join(tmpdir(), 'certkit-barrier-'));
      closers.push(() => rm(dir, { recursive: true, force: true }));
      const barrier = join(dir, 'go');
      const racers = ['api-2', 'api-3'].map((to) => {
        const c = startTsxChild(REPLICA, ['repoint', subject().backend, where, to, barrier]);
        children.push(c);
        return c;
      });
      // Both have read the reference and passed the rotation check before either writes.
      await Promise.all(racers.map((c) => c.waitFor((l) => l === 'checked', 60_000)));
      await writeFile(barrier, 'go');
      const results = await Promise.all(
        racers.map((c) => c.waitFor((l) => l.startsWith('won ') || l.startsWith('lost '), 60_000)),
      );
      const won = results.filter((r) => r.startsWith('won '));
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r === 'lost ERR_STORE_REFERENCE_CHANGED')).toHaveLength(1);
      await registry.refresh();
      expect(registry.target('ref://api-ks')).toBe(won[0]?.slice(4));
      expect(registry.history('ref://api-ks').filter((h) => h.action === 'repoint')).toHaveLength(1);
    }, 120_000);
  });
}

describeFleet('FileStorage', () => ({
  backend: 'file',
  fresh: async () => mkdtemp(join(tmpdir(), 'certkit-fleet-')),
  open: (dir) => new FileStorage({ dir }),
}));

describe.skipIf(!hasPostgres())('with PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  }, 30_000);
  describeFleet('PostgreSQL (LISTEN/NOTIFY)', () => ({
    backend: 'pg',
    fresh: () => server.freshDatabase(),
    open: (url) => new PostgresStorage({ connectionString: url }),
  }));
});
