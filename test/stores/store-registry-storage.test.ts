import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage, MemoryStorage, type Storage } from '../../src/storage/index.js';
import { type Keystore, type StoreChangeEvent, StoreRegistry } from '../../src/stores/index.js';
import { rejectedCode } from '../helpers/coded-error.js';
import { type FleetPki, makeFleetPki, seedRegistry, TEST_SEAL } from './registry-fleet-fixtures.js';

let pki: FleetPki;
beforeAll(async () => {
  pki = await makeFleetPki();
}, 60_000);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(storage: Storage, pollIntervalMs = 50): Promise<StoreRegistry> {
  const registry = await StoreRegistry.open({ ...TEST_SEAL, storage, pollIntervalMs });
  cleanups.push(() => registry.close());
  return registry;
}

/** Resolves with the first change event that satisfies `test` (bounded by the test timeout). */
function nextChange(
  registry: StoreRegistry,
  test: (e: StoreChangeEvent) => boolean,
): Promise<StoreChangeEvent> {
  return new Promise((resolve) => {
    const stop = registry.on('change', (e) => {
      if (!test(e)) return;
      stop();
      resolve(e);
    });
  });
}

async function fileStorage(): Promise<{ dir: string; make: () => FileStorage }> {
  const dir = await mkdtemp(join(tmpdir(), 'certkit-registry-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return { dir, make: () => new FileStorage({ dir }) };
}

describe('StoreRegistry kept in a Storage', () => {
  it('persists stores, references, history and the rollback stack: a registry opened later sees them all', async () => {
    const { make } = await fileStorage();
    const first = await open(make());
    await seedRegistry(first, pki);
    await first.repointAsync('ref://api-ks', 'api-2', { actor: 'alice', reason: 'CHG-1' });
    await first.close();

    const second = await open(make());
    expect([...second.storeNames()].sort()).toEqual(['api-1', 'api-2', 'api-wrong-host', 'roots']);
    expect(second.target('ref://api-ks')).toBe('api-2');
    expect(second.resolveKeystore('ref://api-ks').entry('server').chain[0]?.sha256Fingerprint).toBe(
      pki.keystores.get('api-2')?.entry('server').chain[0]?.sha256Fingerprint,
    );
    expect(second.resolveKeystore('ref://api-ks').equals(pki.keystores.get('api-2')!)).toBe(true);
    expect(second.history('ref://api-ks').map((h) => [h.action, h.from, h.to, h.actor, h.reason])).toEqual([
      ['define', undefined, 'api-1', 'seed', undefined],
      ['repoint', 'api-1', 'api-2', 'alice', 'CHG-1'],
    ]);
    expect(second.references()).toEqual([
      {
        reference: 'ref://api-ks',
        target: 'api-2',
        kind: 'keystore',
        usage: { role: 'server', trustStore: 'roots' },
      },
    ]);
    const back = await second.rollbackAsync('ref://api-ks', { actor: 'oncall' });
    expect(back).toMatchObject({ action: 'rollback', from: 'api-2', to: 'api-1', actor: 'oncall' });
    await second.close();
    const third = await open(make());
    expect(third.target('ref://api-ks')).toBe('api-1');
    expect(await rejectedCode(third.rollbackAsync('ref://api-ks'))).toBe('ERR_STORE_NO_ROLLBACK');
  });

  it.each([
    [
      'MemoryStorage (one object, immediate)',
      async () => {
        const s = new MemoryStorage();
        return [s, s] as const;
      },
    ],
    [
      'FileStorage (two objects on one directory, polled)',
      async () => {
        const { make } = await fileStorage();
        return [make(), make()] as const;
      },
    ],
  ])(
    'a re-point made by one registry reaches another on the same storage, with its change event: %s',
    async (_, make) => {
      const [a, b] = await make();
      const writer = await open(a);
      await seedRegistry(writer, pki);
      const reader = await open(b);
      expect(reader.target('ref://api-ks')).toBe('api-1');
      const seen = nextChange(reader, (e) => e.type === 'repoint');
      await writer.repointAsync('ref://api-ks', 'api-2', { actor: 'deploy-bot', reason: 'rotation' });
      const event = await seen;
      expect(event).toMatchObject({
        type: 'repoint',
        reference: 'ref://api-ks',
        from: 'api-1',
        to: 'api-2',
        actor: 'deploy-bot',
        reason: 'rotation',
        forced: false,
      });
      expect(reader.target('ref://api-ks')).toBe('api-2');
      expect(reader.resolve('ref://api-ks')).toBe(event.store);

      const replaced = nextChange(reader, (e) => e.type === 'store-replaced');
      await writer.putKeystoreAsync('api-2', pki.keystores.get('api-1')!, { actor: 'ops' });
      expect(await replaced).toMatchObject({
        reference: 'ref://api-ks',
        from: 'api-2',
        to: 'api-2',
        actor: 'ops',
      });
      expect((reader.resolve('ref://api-ks') as Keystore).equals(pki.keystores.get('api-1')!)).toBe(true);

      const rolled = nextChange(reader, (e) => e.type === 'rollback');
      await writer.rollbackAsync('ref://api-ks');
      expect(await rolled).toMatchObject({ from: 'api-2', to: 'api-1' });
    },
  );

  it('over a storage without a change feed, the registry polls it and still hears of re-points', async () => {
    const inner = new MemoryStorage();
    const plain: Storage = {
      get: (k) => inner.get(k),
      put: (k, v, o) => inner.put(k, v, o),
      list: (p) => inner.list(p),
      delete: (k, o) => inner.delete(k, o),
      acquireLock: (n, o) => inner.acquireLock(n, o),
      close: () => inner.close(),
    };
    expect(plain.watch).toBeUndefined();
    const writer = await open(plain);
    await seedRegistry(writer, pki);
    const reader = await open(plain, 20);
    const seen = nextChange(reader, (e) => e.type === 'repoint');
    await writer.repointAsync('ref://api-ks', 'api-2');
    expect(await seen).toMatchObject({ from: 'api-1', to: 'api-2' });
    expect(reader.target('ref://api-ks')).toBe('api-2');
  });

  it('the rotation check runs in the writer before anything is written: a blocked re-point changes nothing anywhere', async () => {
    const storage = new MemoryStorage();
    const writer = await open(storage);
    await seedRegistry(writer, pki);
    const reader = await open(storage);
    const events: StoreChangeEvent[] = [];
    reader.on('change', (e) => events.push(e));
    const error = await writer.repointAsync('ref://api-ks', 'api-wrong-host').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_ROTATION_BLOCKED' });
    await reader.refresh();
    expect(reader.target('ref://api-ks')).toBe('api-1');
    expect(reader.history('ref://api-ks')).toHaveLength(1);
    expect(events).toEqual([]);
    const forced = await writer.repointAsync('ref://api-ks', 'api-wrong-host', { force: true, actor: 'x' });
    expect(forced).toMatchObject({ changed: true, forced: true });
    await reader.refresh();
    expect(reader.history('ref://api-ks').at(-1)).toMatchObject({ forced: true, to: 'api-wrong-host' });
  });

  it('two re-points racing on one reference are decided by compare-and-set: one is written, the other refused', async () => {
    const storage = new MemoryStorage();
    const seed = await open(storage);
    await seedRegistry(seed, pki);
    await seed.putKeystoreAsync('api-3', pki.keystores.get('api-1')!);
    // Hold both writers between their check and their write until both have read the reference.
    let waiting = 0;
    let release!: () => void;
    const bothChecked = new Promise<void>((r) => {
      release = r;
    });
    const gated: Storage = {
      ...storage,
      get: (k) => storage.get(k),
      list: (p) => storage.list(p),
      delete: (k, o) => storage.delete(k, o),
      acquireLock: (n, o) => storage.acquireLock(n, o),
      close: async () => undefined,
      put: async (key, value, options) => {
        if (key.startsWith('registry/refs/')) {
          if (++waiting === 2) release();
          await bothChecked;
        }
        return storage.put(key, value, options);
      },
    };
    const one = await StoreRegistry.open({ ...TEST_SEAL, storage: gated, watch: false });
    const two = await StoreRegistry.open({ ...TEST_SEAL, storage: gated, watch: false });
    const results = await Promise.allSettled([
      one.repointAsync('ref://api-ks', 'api-2', { actor: 'one' }),
      two.repointAsync('ref://api-ks', 'api-3', { actor: 'two' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: 'ERR_STORE_REFERENCE_CHANGED' });
    await seed.refresh();
    const history = seed.history('ref://api-ks');
    expect(history.filter((h) => h.action === 'repoint')).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ to: string }>).value.to;
    expect(seed.target('ref://api-ks')).toBe(winner);
    expect(lost[0]?.reason).toMatchObject({ details: { actual: winner } });
  });

  it('defining one reference from two registries at once: one wins, the other gets ERR_STORE_REFERENCE_EXISTS', async () => {
    const storage = new MemoryStorage();
    const a = await open(storage);
    await seedRegistry(a, pki);
    const b = await StoreRegistry.open({ ...TEST_SEAL, storage, watch: false });
    await a.defineReferenceAsync('ref://new', 'api-1');
    // b has not heard of it yet (no watch): its write is refused by the storage, not by its view.
    expect(await rejectedCode(b.defineReferenceAsync('ref://new', 'api-2'))).toBe(
      'ERR_STORE_REFERENCE_EXISTS',
    );
  });

  it('a store in use cannot be deleted, also when the reference to it was made by another process', async () => {
    const storage = new MemoryStorage();
    const a = await open(storage);
    await seedRegistry(a, pki);
    const b = await StoreRegistry.open({ ...TEST_SEAL, storage, watch: false });
    await a.putKeystoreAsync('api-3', pki.keystores.get('api-2')!);
    await a.defineReferenceAsync('ref://other', 'api-3');
    expect(await rejectedCode(b.deleteStoreAsync('api-3'))).toBe('ERR_STORE_IN_USE');
    await a.deleteReferenceAsync('ref://other');
    await b.deleteStoreAsync('api-3');
    await a.refresh();
    expect(a.hasStore('api-3')).toBe(false);
  });

  it('a registry kept in a Storage refuses the synchronous changes with TypeError, and writes store records (which hold keys) with mode 0600', async () => {
    const { dir, make } = await fileStorage();
    const registry = await open(make());
    await seedRegistry(registry, pki);
    expect(() => registry.repoint('ref://api-ks', 'api-2')).toThrow(TypeError);
    expect(() => registry.putKeystore('x', pki.keystores.get('api-1')!)).toThrow(TypeError);
    const { stat, readdir } = await import('node:fs/promises');
    const files = (await readdir(join(dir, 'data'))).filter((f) => f.startsWith('registry~stores~api-1'));
    expect(files).toHaveLength(1);
    expect((await stat(join(dir, 'data', files[0]!))).mode & 0o777).toBe(0o600);
  });

  it('store names with ":" and "/" round-trip through storage keys', async () => {
    const storage = new MemoryStorage();
    const a = await open(storage);
    await a.putKeystoreAsync('team/api:2026_v1', pki.keystores.get('api-1')!);
    await a.putKeystoreAsync('team_sapi:2026_v1', pki.keystores.get('api-2')!);
    const b = await open(storage);
    expect([...b.storeNames()].sort()).toEqual(['team/api:2026_v1', 'team_sapi:2026_v1']);
    expect(await storage.list('registry/stores/')).toHaveLength(2);
  });
});
