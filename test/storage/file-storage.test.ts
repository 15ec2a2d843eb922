import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStorage } from '../../src/storage/index.js';
import { describeStorageContract } from './storage-contract.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'certkit-fs-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describeStorageContract('FileStorage', async () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const dir = await tempDir();
  const storage = new FileStorage({ dir, clock: () => now });
  return {
    storage,
    sibling: async () => new FileStorage({ dir, clock: () => now }),
    advance: async (ms) => {
      now += ms;
    },
  };
});

describe('FileStorage on disk', () => {
  it('writes secret values with mode 0600 and others without group/other write', async () => {
    const dir = await tempDir();
    const s = new FileStorage({ dir });
    await s.put('keys/api', Uint8Array.of(1), { secret: true });
    await s.put('certs/api', Uint8Array.of(2));
    expect((await stat(join(dir, 'data', 'keys~api'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'data', 'certs~api'))).mode & 0o022).toBe(0);
    expect((await stat(join(dir, 'data'))).mode & 0o777).toBe(0o700);
  });

  it('keeps value and version in one file and leaves no temporary files behind', async () => {
    const dir = await tempDir();
    const s = new FileStorage({ dir });
    for (let i = 0; i < 20; i++) await s.put('a/b', new TextEncoder().encode(`v${i}`));
    const names = (await readdir(join(dir, 'data'))).sort();
    expect(names).toEqual(['a~b']);
    const raw = await readFile(join(dir, 'data', 'a~b'), 'latin1');
    expect(raw).toBe('certkit-storage/1 20 v 3\nv19');
  });

  it('a damaged file is reported as ERR_STORAGE_CORRUPT with its path', async () => {
    const dir = await tempDir();
    const s = new FileStorage({ dir });
    await s.put('x', new TextEncoder().encode('hello'));
    const path = join(dir, 'data', 'x');
    await writeFile(path, 'certkit-storage/1 1 v 5\nhel');
    await expect(s.get('x')).rejects.toMatchObject({ code: 'ERR_STORAGE_CORRUPT', details: { path } });
    await writeFile(path, 'garbage');
    await expect(s.get('x')).rejects.toMatchObject({ code: 'ERR_STORAGE_CORRUPT' });
  });

  it('two instances on one directory see each other and keep CAS', async () => {
    const dir = await tempDir();
    const a = new FileStorage({ dir });
    const b = new FileStorage({ dir });
    const v = await a.put('shared', Uint8Array.of(1), { expectedVersion: null });
    expect((await b.get('shared'))?.version).toBe(v);
    await b.put('shared', Uint8Array.of(2), { expectedVersion: v });
    await expect(a.put('shared', Uint8Array.of(3), { expectedVersion: v })).rejects.toMatchObject({
      code: 'ERR_STORAGE_CONFLICT',
    });
  });

  it('breaks a per-key lock file left by a dead process', async () => {
    const dir = await tempDir();
    const s = new FileStorage({ dir, lockWaitMs: 2000 });
    await s.put('k', Uint8Array.of(1));
    const { hostname } = await import('node:os');
    // pid 2^22+ is above Linux's pid_max default: no such process
    await writeFile(
      join(dir, 'data', 'k#mutex'),
      JSON.stringify({ pid: 4_194_304 + 7, host: hostname(), expiresAt: Date.now() + 600_000, token: 't' }),
    );
    expect(await s.put('k', Uint8Array.of(2))).toBe(2);
  });

  it('waits for a live holder and answers ERR_STORAGE_BUSY after lockWaitMs', async () => {
    const dir = await tempDir();
    const s = new FileStorage({ dir, lockWaitMs: 200 });
    await s.put('k', Uint8Array.of(1));
    const { hostname } = await import('node:os');
    await writeFile(
      join(dir, 'data', 'k#mutex'),
      JSON.stringify({ pid: process.pid, host: hostname(), expiresAt: Date.now() + 600_000, token: 't' }),
    );
    await expect(s.put('k', Uint8Array.of(2))).rejects.toMatchObject({ code: 'ERR_STORAGE_BUSY' });
  });
});

describe('FileStorage cleanup', () => {
  it('removes temporary files a crashed writer left more than ten minutes ago, and only those', async () => {
    const dir = await tempDir();
    await new FileStorage({ dir }).put('k', Uint8Array.of(1));
    const { utimes } = await import('node:fs/promises');
    const old = join(dir, 'data', 'k#tmp-0123456789ab');
    const fresh = join(dir, 'data', 'k#tmp-ba9876543210');
    await writeFile(old, 'half');
    await writeFile(fresh, 'half');
    const longAgo = new Date(Date.now() - 11 * 60_000);
    await utimes(old, longAgo, longAgo);
    const s = new FileStorage({ dir });
    expect(await s.list('')).toEqual(['k']);
    const names = await readdir(join(dir, 'data'));
    expect(names).not.toContain('k#tmp-0123456789ab');
    expect(names).toContain('k#tmp-ba9876543210');
  });
});
