import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import type { Storage, StorageChange } from '../../src/storage/index.js';
import { rejectedCode } from '../helpers/coded-error.js';

/** A fresh, empty storage and a way to let lease time pass (a fake clock, or real sleeping). */
export interface ContractSubject {
  readonly storage: Storage;
  advance(ms: number): Promise<void>;
  dispose?(): Promise<void>;
  /** Another storage object on the same backend (another pool, another FileStorage on the directory). */
  sibling?(): Promise<Storage>;
}

/** Collects the changes a watch reports; `next(pred)` waits (bounded by the test timeout) for one that matches. */
function changeLog() {
  const seen: StorageChange[] = [];
  const waiters: { pred: (c: StorageChange) => boolean; resolve: (c: StorageChange) => void }[] = [];
  return {
    seen,
    listener: (c: StorageChange) => {
      seen.push(c);
      for (const w of [...waiters]) {
        if (w.pred(c)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(c);
        }
      }
    },
    next: (pred: (c: StorageChange) => boolean) =>
      new Promise<StorageChange>((resolve) => {
        const hit = seen.find(pred);
        if (hit !== undefined) resolve(hit);
        else waiters.push({ pred, resolve });
      }),
  };
}

const isPut = (key: string, version: number) => (c: StorageChange) =>
  c.type === 'put' && c.key === key && c.version === version;
const isDelete = (key: string) => (c: StorageChange) => c.type === 'delete' && c.key === key;

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

/** The behaviour every Storage backend must show. */
/**
 * The Storage contract. `options.sibling: false` for an engine with no second object on the same backend
 * (MemoryStorage): the cross-object watch test is then not defined at all, rather than skipped.
 */
export function describeStorageContract(
  name: string,
  make: () => Promise<ContractSubject>,
  options: { readonly sibling?: boolean } = {},
): void {
  describe(`Storage contract: ${name}`, () => {
    let subject: ContractSubject;
    let s: Storage;
    beforeEach(async () => {
      subject = await make();
      s = subject.storage;
    });
    afterEach(async () => {
      await s.close();
      await subject.dispose?.();
    });

    it('get of a missing key is undefined; put then get round-trips bytes and version', async () => {
      expect(await s.get('certs/a')).toBeUndefined();
      const v = await s.put('certs/a', bytes('hello'));
      expect(v).toBeGreaterThan(0);
      const got = await s.get('certs/a');
      expect(text(got?.value)).toBe('hello');
      expect(got?.version).toBe(v);
    });

    it('stores empty values and all 256 byte values', async () => {
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      await s.put('bin', all);
      await s.put('empty', new Uint8Array(0));
      expect([...((await s.get('bin'))?.value ?? [])]).toEqual([...all]);
      expect((await s.get('empty'))?.value.byteLength).toBe(0);
    });

    it('versions grow with every write, also across a delete', async () => {
      const v1 = await s.put('k', bytes('1'));
      const v2 = await s.put('k', bytes('2'));
      expect(v2).toBeGreaterThan(v1);
      expect(await s.delete('k')).toBe(true);
      const v3 = await s.put('k', bytes('3'), { expectedVersion: null });
      expect(v3).toBeGreaterThan(v2);
    });

    it('compare-and-swap: expectedVersion null creates only; a stale version conflicts and writes nothing', async () => {
      const v1 = await s.put('cas', bytes('one'), { expectedVersion: null });
      expect(await rejectedCode(s.put('cas', bytes('two'), { expectedVersion: null }))).toBe(
        'ERR_STORAGE_CONFLICT',
      );
      const v2 = await s.put('cas', bytes('two'), { expectedVersion: v1 });
      try {
        await s.put('cas', bytes('three'), { expectedVersion: v1 });
        expect.unreachable();
      } catch (error) {
        expect(isCertkitError(error) && error.code).toBe('ERR_STORAGE_CONFLICT');
        expect(isCertkitError(error) && error.details).toMatchObject({
          storageKey: 'cas',
          expected: v1,
          actual: v2,
        });
      }
      expect(text((await s.get('cas'))?.value)).toBe('two');
      expect(await rejectedCode(s.put('missing', bytes('x'), { expectedVersion: 5 }))).toBe(
        'ERR_STORAGE_CONFLICT',
      );
      expect(await s.get('missing')).toBeUndefined();
    });

    it('concurrent CAS writers on one key: exactly one wins each round', async () => {
      let version = await s.put('race', bytes('0'), { expectedVersion: null });
      for (let round = 1; round <= 5; round++) {
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            s.put('race', bytes(`${round}:${i}`), { expectedVersion: version }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        version = (won[0] as PromiseFulfilledResult<number>).value;
        expect((await s.get('race'))?.version).toBe(version);
      }
    });

    it('list returns keys by prefix, sorted, without deleted keys', async () => {
      for (const k of ['certs/b', 'certs/a', 'certs/a/x', 'keys/a', 'certsx', 'c_x'])
        await s.put(k, bytes(k));
      expect(await s.list('certs/')).toEqual(['certs/a', 'certs/a/x', 'certs/b']);
      expect(await s.list('certs')).toEqual(['certs/a', 'certs/a/x', 'certs/b', 'certsx']);
      expect(await s.list('c_')).toEqual(['c_x']);
      expect(await s.list('')).toHaveLength(6);
      await s.delete('certs/a');
      expect(await s.list('certs/')).toEqual(['certs/a/x', 'certs/b']);
      expect(await s.list('none/')).toEqual([]);
    });

    it('delete answers whether the key existed, with optional compare-and-swap', async () => {
      expect(await s.delete('nothing')).toBe(false);
      expect(await rejectedCode(s.delete('nothing', { expectedVersion: 1 }))).toBe('ERR_STORAGE_CONFLICT');
      const v = await s.put('d', bytes('x'));
      expect(await rejectedCode(s.delete('d', { expectedVersion: v + 1000 }))).toBe('ERR_STORAGE_CONFLICT');
      expect(await s.get('d')).toBeDefined();
      expect(await s.delete('d', { expectedVersion: v })).toBe(true);
      expect(await s.get('d')).toBeUndefined();
    });

    it('refuses invalid keys with ERR_STORAGE_INVALID_KEY', async () => {
      for (const bad of [
        '',
        '/a',
        'a/',
        'a//b',
        '../x',
        'a/../b',
        'a/./b',
        'a b',
        'a#b',
        'ä',
        'a\\b',
        'x'.repeat(201),
      ]) {
        expect(await rejectedCode(s.put(bad, bytes('x'))), bad).toBe('ERR_STORAGE_INVALID_KEY');
        expect(await rejectedCode(s.get(bad)), bad).toBe('ERR_STORAGE_INVALID_KEY');
      }
      expect(await rejectedCode(s.list('a b'))).toBe('ERR_STORAGE_INVALID_KEY');
      expect(await rejectedCode(s.acquireLock('../l', { ttlMs: 1000 }))).toBe('ERR_STORAGE_INVALID_KEY');
    });

    it('a lock is refused while held, renewed by its holder, and free after release', async () => {
      const a = await s.acquireLock('renew/api', { ttlMs: 60_000, owner: 'replica-a' });
      expect(a).toBeDefined();
      expect(a?.owner).toBe('replica-a');
      expect(a?.name).toBe('renew/api');
      expect(await s.acquireLock('renew/api', { ttlMs: 60_000 })).toBeUndefined();
      expect(await s.acquireLock('renew/other', { ttlMs: 60_000 })).toBeDefined();
      const before = a?.expiresAt.getTime() ?? 0;
      await subject.advance(1500);
      expect(await a?.renew()).toBe(true);
      expect(a?.expiresAt.getTime()).toBeGreaterThan(before);
      await a?.release();
      const b = await s.acquireLock('renew/api', { ttlMs: 60_000 });
      expect(b).toBeDefined();
      await a?.release(); // a no-op: it must not free b's lock
      expect(await s.acquireLock('renew/api', { ttlMs: 60_000 })).toBeUndefined();
    });

    it('a lease that is not renewed expires; the old holder then cannot renew', async () => {
      const a = await s.acquireLock('lease', { ttlMs: 800 });
      expect(a).toBeDefined();
      await subject.advance(1500);
      const b = await s.acquireLock('lease', { ttlMs: 60_000 });
      expect(b).toBeDefined();
      expect(await a?.renew()).toBe(false);
      await a?.release();
      expect(await s.acquireLock('lease', { ttlMs: 60_000 })).toBeUndefined();
      expect(await b?.renew(60_000)).toBe(true);
    });

    it('watch reports writes and deletes under its prefix with their versions, nothing else, and stops on close', async () => {
      expect(typeof s.watch).toBe('function');
      const log = changeLog();
      const feed = await s.watch!('reg/', log.listener, { intervalMs: 50 });
      const v1 = await s.put('reg/a', bytes('1'));
      await s.put('other/a', bytes('x'));
      await log.next(isPut('reg/a', v1));
      const v2 = await s.put('reg/a', bytes('2'), { expectedVersion: v1 });
      await log.next(isPut('reg/a', v2));
      await s.delete('reg/a');
      await log.next(isDelete('reg/a'));
      expect(log.seen.filter((c) => c.type !== 'resync' && !c.key.startsWith('reg/'))).toEqual([]);
      await feed.close();
      const count = log.seen.length;
      await s.put('reg/b', bytes('3'));
      await s.get('reg/b');
      expect(log.seen.length).toBe(count);
    });

    const crossObject: (title: string, body: () => Promise<void>) => void =
      options.sibling === false ? () => {} : (title, body) => it(title, body);
    crossObject('watch reports the changes another storage object on the same backend makes', async () => {
      if (subject.sibling === undefined)
        throw new Error(`${name}: the contract needs sibling() for this test`);
      const other = await subject.sibling();
      const log = changeLog();
      const feed = await s.watch!('reg/', log.listener, { intervalMs: 50 });
      try {
        const v = await other.put('reg/x', bytes('from the other one'));
        await log.next(isPut('reg/x', v));
        expect(text((await s.get('reg/x'))?.value)).toBe('from the other one');
        await other.delete('reg/x');
        await log.next(isDelete('reg/x'));
      } finally {
        await feed.close();
        await other.close();
      }
    });

    it('rejects misuse with TypeError', async () => {
      await expect(s.put('k', 'text' as unknown as Uint8Array)).rejects.toThrow(TypeError);
      await expect(s.acquireLock('l', { ttlMs: -1 })).rejects.toThrow(TypeError);
    });
  });
}
