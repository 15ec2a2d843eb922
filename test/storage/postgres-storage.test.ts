import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../src/storage/index.js';
import { run } from '../helpers/peer-tools.js';
import { hasPostgres, type PostgresServer, startPostgres } from './helpers/postgres-server.js';
import { describeProcessContract } from './process-contract.js';
import { describeStorageContract } from './storage-contract.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('PostgresStorage loads pg lazily', () => {
  it('no source file imports pg statically', () => {
    const root = join(import.meta.dirname, '../../src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text, f).not.toMatch(/from\s+['"]pg['"]|require\(['"]pg['"]\)/);
    }
  });

  it('without pg installed, certkit/inventory loads and works; PostgresStorage answers ERR_STORAGE_DRIVER_MISSING when used', () => {
    const fixtures = join(import.meta.dirname, 'fixtures');
    const out = run(process.execPath, [
      '--import',
      'tsx',
      '--import',
      join(fixtures, 'block-pg.mjs'),
      join(fixtures, 'without-pg.ts'),
    ]);
    expect(out.trim()).toBe('code ERR_STORAGE_DRIVER_MISSING');
  });

  it('a server that cannot be reached answers ERR_STORAGE_UNAVAILABLE without the connection string', async () => {
    const storage = new PostgresStorage({ connectionString: 'postgresql://u:hunter2@127.0.0.1:1/none' });
    try {
      const error = await storage.get('k').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'ERR_STORAGE_UNAVAILABLE', details: { reason: 'ECONNREFUSED' } });
      expect(JSON.stringify(error)).not.toContain('hunter2');
    } finally {
      await storage.close();
    }
  });

  it('refuses bad table names and missing connection settings with TypeError', () => {
    expect(() => new PostgresStorage({ connectionString: 'postgresql://x', table: 'a;drop' })).toThrow(
      TypeError,
    );
    expect(() => new PostgresStorage({} as never)).toThrow(TypeError);
  });
});

describe.skipIf(!hasPostgres())('PostgresStorage against a real PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  describeStorageContract('PostgresStorage', async () => {
    const url = await server.freshDatabase();
    const storage = new PostgresStorage({ connectionString: url });
    return {
      storage,
      advance: (ms) => sleep(ms),
      sibling: async () => new PostgresStorage({ connectionString: url }),
    };
  });

  describeProcessContract('PostgresStorage', {
    backend: 'pg',
    freesDeadHoldersAtOnce: false,
    fresh: () => server.freshDatabase(),
    open: (url) => new PostgresStorage({ connectionString: url }),
  });

  it('uses a pool it is given without ending it, in the schema and table it is told', async () => {
    const url = await server.freshDatabase();
    const pool = new pg.Pool({ connectionString: url });
    try {
      await pool.query('CREATE SCHEMA inv');
      const storage = new PostgresStorage({ pool, schema: 'inv', table: 'certs' });
      const v = await storage.put('a', Uint8Array.of(7), { secret: true });
      await storage.close();
      const rows = await pool.query('SELECT key, version, secret FROM inv.certs');
      expect(rows.rows).toEqual([{ key: 'a', version: String(v), secret: true }]);
      const locks = await pool.query("SELECT to_regclass('inv.certs_locks') AS t");
      expect(locks.rows[0]?.t).toBe('inv.certs_locks');
      await expect(storage.get('a')).rejects.toMatchObject({ code: 'ERR_STORAGE_CLOSED' });
    } finally {
      await pool.end();
    }
  });

  it('migrate() is idempotent and safe when several instances run it at once', async () => {
    const url = await server.freshDatabase();
    const stores = Array.from({ length: 4 }, () => new PostgresStorage({ connectionString: url }));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      await Promise.all(stores.map((s) => s.migrate()));
      await stores[0]?.put('k', Uint8Array.of(1));
      expect((await stores[3]?.get('k'))?.value).toEqual(Uint8Array.of(1));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('judges lease expiry by the database clock: the lease end is the server time plus the TTL', async () => {
    const url = await server.freshDatabase();
    const storage = new PostgresStorage({ connectionString: url });
    const pool = new pg.Pool({ connectionString: url });
    try {
      const lock = await storage.acquireLock('clock', { ttlMs: 60_000 });
      const row = await pool.query(
        "SELECT expires_at, now() AS db_now FROM certkit_storage_locks WHERE name = 'clock'",
      );
      const first = row.rows[0] as { expires_at: Date; db_now: Date };
      const expires = first.expires_at.getTime();
      expect(lock?.expiresAt.getTime()).toBe(expires);
      const ahead = expires - first.db_now.getTime();
      expect(ahead).toBeGreaterThan(50_000);
      expect(ahead).toBeLessThanOrEqual(60_000);
    } finally {
      await storage.close();
      await pool.end();
    }
  });
});
