import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/index.js';
import { type Child, startChild } from './helpers/child.js';

/** Where a fresh, empty store lives (a directory or a database), and how the parent opens it. */
export interface ProcessSubject {
  readonly backend: 'file' | 'pg';
  /** Whether a lock whose holder process died is free at once (FileStorage, same host) or only when its lease ends. */
  readonly freesDeadHoldersAtOnce: boolean;
  fresh(): Promise<string>;
  open(where: string): Storage;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function kill(child: Child, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  child.process.kill(signal);
  await child.exited;
}

async function pollLock(storage: Storage, name: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lock = await storage.acquireLock(name, { ttlMs: 30_000, owner: 'parent' });
    if (lock !== undefined || Date.now() > deadline) return lock;
    await sleep(50);
  }
}

/** Parses a value written by the child's write loop and checks it is whole (its checksum matches). */
function checkValue(key: string, value: Uint8Array): { key: string; seq: number } {
  const outer = JSON.parse(new TextDecoder().decode(value)) as { body: string; sha256: string };
  expect(createHash('sha256').update(outer.body).digest('hex')).toBe(outer.sha256);
  const body = JSON.parse(outer.body) as { key: string; seq: number };
  expect(body.key).toBe(key);
  return body;
}

/** The multi-process behaviour: crash in the middle of writes, CAS races, lock races, dead holders. */
export function describeProcessContract(name: string, subject: ProcessSubject): void {
  describe(`Storage across processes: ${name}`, () => {
    const children: Child[] = [];
    const spawnChild = (args: string[]) => {
      const c = startChild([subject.backend, ...args]);
      children.push(c);
      return c;
    };
    afterAll(async () => {
      for (const c of children)
        if (c.process.exitCode === null && c.process.signalCode === null) await kill(c);
    });

    it('a writer killed with SIGKILL mid-write leaves every record old or new, never torn, and loses nothing acknowledged', async () => {
      for (const killAfter of [150, 233, 401]) {
        const where = await subject.fresh();
        const child = spawnChild([where, 'write', '20']);
        // while it writes, this process reads: a reader must never see a torn value either
        const reader = subject.open(where);
        let reads = 0;
        let stop = false;
        let readError: unknown;
        const reading = (async () => {
          while (!stop) {
            const key = `rec/${reads % 20}`;
            const got = await reader.get(key);
            if (got !== undefined) checkValue(key, got.value);
            reads++;
          }
        })().catch((error: unknown) => {
          readError = error;
        });
        try {
          await child.waitFor((l) => l.startsWith('ack ') && Number(l.split(' ')[2]) >= killAfter, 60_000);
          await sleep(Math.random() * 20); // land the kill at an arbitrary point of a write
          await kill(child);
        } finally {
          stop = true;
          await reading;
          await reader.close();
        }
        if (readError !== undefined) throw readError;
        expect(reads).toBeGreaterThan(0);
        const acked = new Map<string, { seq: number; version: number }>();
        let maxSeq = -1;
        for (const line of child.lines) {
          const [tag, key, seq, version] = line.split(' ');
          if (tag !== 'ack' || key === undefined) continue;
          acked.set(key, { seq: Number(seq), version: Number(version) });
          maxSeq = Math.max(maxSeq, Number(seq));
        }
        expect(acked.size).toBe(20);
        const storage = subject.open(where);
        try {
          const keys = await storage.list('rec/');
          expect(keys).toHaveLength(20);
          for (const key of keys) {
            const got = await storage.get(key);
            expect(got).toBeDefined();
            const body = checkValue(key, got?.value ?? new Uint8Array(0));
            const last = acked.get(key);
            expect(last).toBeDefined();
            // nothing acknowledged is lost: the stored write is the last acknowledged one or the one in flight
            expect(body.seq).toBeGreaterThanOrEqual(last?.seq ?? Number.POSITIVE_INFINITY);
            expect(body.seq).toBeLessThanOrEqual(maxSeq + 1);
            expect(got?.version).toBeGreaterThanOrEqual(last?.version ?? Number.POSITIVE_INFINITY);
            // and the store stays writable: per-key locks left by the dead writer are broken
            const v = await storage.put(key, new TextEncoder().encode('after'), {
              expectedVersion: got?.version ?? null,
            });
            expect(v).toBeGreaterThan(got?.version ?? 0);
          }
        } finally {
          await storage.close();
        }
      }
    }, 120_000);

    it('two processes racing compare-and-swap on one key: exactly one wins each round, no update is lost', async () => {
      const where = await subject.fresh();
      const startAt = String(Date.now() + 2500);
      const a = spawnChild([where, 'cas', 'a', '100', startAt]);
      const b = spawnChild([where, 'cas', 'b', '100', startAt]);
      await Promise.all([a.waitFor((l) => l === 'done', 90_000), b.waitFor((l) => l === 'done', 90_000)]);
      const wins = [...a.lines, ...b.lines].filter((l) => l.startsWith('won '));
      expect(wins).toHaveLength(200);
      const counts = wins.map((l) => Number(l.split(' ')[2]));
      expect(new Set(counts).size).toBe(200); // each counter value (round) was won by exactly one process
      expect(Math.max(...counts)).toBe(200);
      expect(new Set(wins.map((l) => l.split(' ')[3])).size).toBe(200);
      const storage = subject.open(where);
      try {
        expect(new TextDecoder().decode((await storage.get('counter'))?.value)).toBe('200');
      } finally {
        await storage.close();
      }
    }, 120_000);

    it('two processes racing for one lock never hold it together', async () => {
      const where = await subject.fresh();
      const markerDir = await mkdtemp(join(tmpdir(), 'certkit-marker-'));
      const marker = join(markerDir, 'in-critical-section');
      try {
        const a = spawnChild([where, 'race', marker, '12', 'a']);
        const b = spawnChild([where, 'race', marker, '12', 'b']);
        const done = await Promise.all([
          a.waitFor((l) => l.startsWith('done'), 90_000),
          b.waitFor((l) => l.startsWith('done'), 90_000),
        ]);
        for (const line of done) {
          const [, , got, violations] = line.split(' ');
          expect(got).toBe('12');
          expect(violations).toBe('0');
        }
      } finally {
        await rm(markerDir, { recursive: true, force: true });
      }
    }, 120_000);

    it('a lock holder killed while holding: the lock is refused while it lives and taken once the lease is gone', async () => {
      const where = await subject.fresh();
      const child = spawnChild([where, 'hold', '8000']);
      expect(await child.waitFor((l) => l.startsWith('locked') || l === 'refused')).toMatch(/^locked /);
      const storage = subject.open(where);
      try {
        expect(await storage.acquireLock('renewal/api', { ttlMs: 30_000 })).toBeUndefined();
        await kill(child);
        if (!subject.freesDeadHoldersAtOnce) {
          // the lease (8 s) still runs: nobody can tell a dead holder from a slow one yet
          expect(await storage.acquireLock('renewal/api', { ttlMs: 30_000 })).toBeUndefined();
        }
        const lock = await pollLock(storage, 'renewal/api', 30_000);
        expect(lock).toBeDefined();
        expect(lock?.owner).toBe('parent');
      } finally {
        await storage.close();
      }
    }, 60_000);

    it('a holder that lives but stops renewing (SIGSTOP) loses the lock when its lease runs out', async () => {
      const where = await subject.fresh();
      const child = spawnChild([where, 'hold', '1500']);
      expect(await child.waitFor((l) => l.startsWith('locked') || l === 'refused')).toMatch(/^locked /);
      child.process.kill('SIGSTOP');
      const storage = subject.open(where);
      try {
        const lock = await pollLock(storage, 'renewal/api', 30_000);
        expect(lock).toBeDefined();
      } finally {
        await storage.close();
        await kill(child);
      }
    }, 60_000);
  });
}
