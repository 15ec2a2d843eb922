import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { InventoryError } from '../errors/area-errors.js';

/** What a lock file records about its holder. */
export interface LockFileContent {
  readonly pid: number;
  readonly host: string;
  /** Milliseconds since the epoch after which the lock may be broken. */
  readonly expiresAt: number;
  readonly token: string;
  readonly owner?: string;
}

const HOST = hostname();
/** How long an unreadable (just created, or left empty by a crash) lock file is given before it is stale. */
const EMPTY_GRACE_MS = 5_000;

/** Whether a process with this id runs on this host. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parses lock file text; undefined when it is not (yet) a complete record. */
export function parseLockFile(raw: string): LockFileContent | undefined {
  try {
    const c = JSON.parse(raw) as Partial<LockFileContent>;
    if (
      typeof c.pid === 'number' &&
      typeof c.host === 'string' &&
      typeof c.expiresAt === 'number' &&
      typeof c.token === 'string'
    ) {
      return c as LockFileContent;
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** A holder is gone when its lease passed, or when it ran on this host and its process is dead. */
export function isHolderGone(content: LockFileContent, now: number): boolean {
  if (content.expiresAt <= now) return true;
  return content.host === HOST && !isProcessAlive(content.pid);
}

/** The content a lock file of this process records. */
export function ownLockContent(expiresAt: number, token: string, owner?: string): LockFileContent {
  return owner === undefined
    ? { pid: process.pid, host: HOST, expiresAt, token }
    : { pid: process.pid, host: HOST, expiresAt, token, owner };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes a stale lock file, but only the one that was judged stale: it is renamed aside first and
 * compared with what was read; when another process replaced it in between, it is linked back.
 */
async function breakLockFile(path: string, judged: string): Promise<void> {
  const aside = `${path}#broken-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const got = await readText(aside);
  if (got !== judged) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function tryCreate(path: string, content: LockFileContent): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(content));
  } finally {
    await handle.close();
  }
  return true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Options of {@link withLockFile}. */
export interface LockFileOptions {
  /** How long the holder may keep it before others may break it (real time). Default 30 s. */
  readonly holdMs?: number;
  /** How long to wait for it before `ERR_STORAGE_BUSY`. Default 10 s. */
  readonly waitMs?: number;
}

/**
 * Runs `fn` while holding the lock file `path` (created with `O_EXCL`), across processes. A lock file
 * whose holder died on this host, or whose hold time passed, is broken.
 *
 * @throws InventoryError `ERR_STORAGE_BUSY` when a live holder keeps it longer than `waitMs`.
 */
export async function withLockFile<T>(
  path: string,
  fn: () => Promise<T>,
  options: LockFileOptions = {},
): Promise<T> {
  const holdMs = options.holdMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  const token = randomBytes(9).toString('hex');
  let pause = 1;
  for (;;) {
    if (await tryCreate(path, ownLockContent(Date.now() + holdMs, token))) break;
    const raw = await readText(path);
    if (raw === undefined) continue;
    const content = parseLockFile(raw);
    if (content === undefined) {
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > EMPTY_GRACE_MS) {
        await breakLockFile(path, raw);
        continue;
      }
    } else if (isHolderGone(content, Date.now())) {
      await breakLockFile(path, raw);
      continue;
    }
    if (Date.now() > deadline) {
      throw new InventoryError('ERR_STORAGE_BUSY', `Lock file ${path} stayed taken`, {
        details: { path, holder: content === undefined ? null : `${content.host}:${content.pid}` },
      });
    }
    await sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 25);
  }
  try {
    return await fn();
  } finally {
    const raw = await readText(path);
    if (raw !== undefined && parseLockFile(raw)?.token === token) await unlink(path).catch(() => undefined);
  }
}
