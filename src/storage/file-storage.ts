import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory, writeFileAtomic } from './atomic-write.js';
import { ChangeHub } from './change-hub.js';
import { closedError, conflictError } from './conflict.js';
import { decodeRecord, encodeRecord, type FileRecord } from './file-record.js';
import { assertStorageKey, assertStoragePrefix, assertTtl, assertVersion } from './key.js';
import {
  isHolderGone,
  type LockFileContent,
  ownLockContent,
  parseLockFile,
  withLockFile,
} from './lock-file.js';
import { defaultLockOwner, lockToken } from './owner.js';
import { pollStorage } from './poll-storage.js';
import type {
  DeleteOptions,
  Lock,
  LockOptions,
  PutOptions,
  Storage,
  StorageChangeListener,
  StorageWatch,
  StoredValue,
  WatchOptions,
} from './storage.js';

/** Options of {@link FileStorage}. */
export interface FileStorageOptions {
  /** The directory that holds everything (created with mode 0700 when missing). */
  readonly dir: string;
  /** The clock that judges lock leases, in milliseconds since the epoch. Default `Date.now`. */
  readonly clock?: () => number;
  /** How long a write waits for another process's per-key lock before `ERR_STORAGE_BUSY`, in ms. Default 10,000. */
  readonly lockWaitMs?: number;
  /** How often `watch` looks for other processes' changes, in milliseconds. Default 1,000. */
  readonly watchIntervalMs?: number;
}

interface FileStamp {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly size: number;
  readonly version: number;
}

const TOMBSTONE = '#tomb';
const MUTEX = '#mutex';

function fileName(key: string): string {
  return key.replaceAll('/', '~');
}

async function readOptional(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function unlinkOptional(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Temporary files older than this were left by a crashed writer (no write takes this long). */
const LEFTOVER_AGE_MS = 10 * 60_000;

/** Removes temporary and set-aside files that a crashed writer left behind. */
async function removeCrashLeftovers(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    if (!name.includes('#tmp-') && !name.includes('#broken-')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && now - info.mtimeMs > LEFTOVER_AGE_MS) await unlinkOptional(path);
  }
}

/**
 * The default {@link Storage}: one directory on a local disk, safe for several processes on one host.
 *
 * - Every write is atomic: a temporary file in the same directory (created with its final mode),
 *   fsync, rename over the target, fsync of the directory. A crash leaves the old or the new value.
 * - The version is stored in a header of the same file as the value, so they can never disagree.
 *   Deleting leaves a small tombstone so that versions are never reused.
 * - `secret: true` values are written with mode 0600 (the directory itself is created 0700).
 * - Compare-and-swap is safe across processes: the read-check-write runs under a per-key lock file
 *   created with `O_EXCL`, which records pid, host and expiry; a lock file whose holder died on this
 *   host, or whose 30-second hold ran out, is broken.
 * - Named locks are lease files judged by `clock`; a holder that crashed loses its lock when its
 *   lease passes, or at once when its process is seen dead on this host.
 *
 * Not for network filesystems shared between hosts (pid checks and rename atomicity do not hold
 * there): use `PostgresStorage` for fleets. Processes sharing a directory from different pid
 * namespaces (containers) must have different host names, since a holder is judged dead by its pid
 * on its host name. Files left by a crash are ignored (`#mutex` files are broken when their holder
 * is dead; `#tmp-` files older than ten minutes are removed when a FileStorage first opens the
 * directory).
 *
 * @example
 * ```ts
 * import { FileStorage } from 'certkit/storage';
 * const storage = new FileStorage({ dir: '/var/lib/myapp/certkit' });
 * const v1 = await storage.put('keys/api', keyPem, { expectedVersion: null, secret: true });
 * ```
 * @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CONFLICT`, `ERR_STORAGE_CORRUPT`,
 *   `ERR_STORAGE_BUSY` from its methods.
 * @see Storage
 */
export class FileStorage implements Storage {
  readonly #dataDir: string;
  readonly #lockDir: string;
  readonly #clock: () => number;
  readonly #waitMs: number;
  readonly #watchIntervalMs: number;
  readonly #hub = new ChangeHub();
  readonly #feeds = new Set<StorageWatch>();
  #ready: Promise<void> | undefined;
  #closed = false;

  constructor(options: FileStorageOptions) {
    if (typeof options?.dir !== 'string' || options.dir.length === 0) {
      throw new TypeError('FileStorage needs a directory: { dir }');
    }
    this.#dataDir = join(options.dir, 'data');
    this.#lockDir = join(options.dir, 'locks');
    this.#clock = options.clock ?? Date.now;
    this.#waitMs = options.lockWaitMs ?? 10_000;
    this.#watchIntervalMs = options.watchIntervalMs ?? 1000;
  }

  async #open(): Promise<void> {
    if (this.#closed) throw closedError();
    this.#ready ??= (async () => {
      await mkdir(this.#dataDir, { recursive: true, mode: 0o700 });
      await mkdir(this.#lockDir, { recursive: true, mode: 0o700 });
      await removeCrashLeftovers(this.#dataDir);
      await removeCrashLeftovers(this.#lockDir);
    })();
    await this.#ready;
  }

  async #read(path: string): Promise<FileRecord | undefined> {
    const bytes = await readOptional(path);
    return bytes === undefined ? undefined : decodeRecord(bytes, path);
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CORRUPT`. */
  async get(key: string): Promise<StoredValue | undefined> {
    assertStorageKey(key);
    await this.#open();
    const record = await this.#read(join(this.#dataDir, fileName(key)));
    return record === undefined ? undefined : { value: record.value, version: record.version };
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CONFLICT`, `ERR_STORAGE_BUSY`. */
  async put(key: string, value: Uint8Array, options: PutOptions = {}): Promise<number> {
    assertStorageKey(key);
    if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
    const expected = options.expectedVersion;
    if (expected !== undefined && expected !== null) assertVersion(expected, 'expectedVersion');
    await this.#open();
    const path = join(this.#dataDir, fileName(key));
    const version = await withLockFile(
      `${path}${MUTEX}`,
      async () => {
        const current = await this.#read(path);
        if (expected !== undefined) {
          const actual = current?.version ?? null;
          if (actual !== expected) throw conflictError(key, expected, actual);
        }
        const base = current?.version ?? (await this.#read(`${path}${TOMBSTONE}`))?.version ?? 0;
        const version = base + 1;
        await writeFileAtomic(
          path,
          encodeRecord({ version, deleted: false, value }),
          options.secret === true ? 0o600 : 0o644,
        );
        return version;
      },
      { waitMs: this.#waitMs },
    );
    this.#hub.publish({ type: 'put', key, version });
    return version;
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`. */
  async list(prefix: string): Promise<string[]> {
    assertStoragePrefix(prefix);
    await this.#open();
    const names = await readdir(this.#dataDir);
    return names
      .filter((n) => !n.includes('#'))
      .map((n) => n.replaceAll('~', '/'))
      .filter((k) => k.startsWith(prefix))
      .sort();
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CONFLICT`, `ERR_STORAGE_BUSY`. */
  async delete(key: string, options: DeleteOptions = {}): Promise<boolean> {
    assertStorageKey(key);
    const expected = options.expectedVersion;
    if (expected !== undefined) assertVersion(expected, 'expectedVersion');
    await this.#open();
    const path = join(this.#dataDir, fileName(key));
    const deleted = await withLockFile(
      `${path}${MUTEX}`,
      async () => {
        const current = await this.#read(path);
        if (expected !== undefined && (current?.version ?? null) !== expected) {
          throw conflictError(key, expected, current?.version ?? null);
        }
        if (current === undefined) return false;
        await writeFileAtomic(
          `${path}${TOMBSTONE}`,
          encodeRecord({ version: current.version, deleted: true, value: new Uint8Array(0) }),
          0o600,
        );
        await unlinkOptional(path);
        await fsyncDirectory(this.#dataDir);
        return true;
      },
      { waitMs: this.#waitMs },
    );
    if (deleted) this.#hub.publish({ type: 'delete', key, version: null });
    return deleted;
  }

  /**
   * Reports writes and deletes under `prefix`: those made through this object at once, those of other
   * processes by a poll every `intervalMs` (default the `watchIntervalMs` option, 1,000) that reads a
   * file only when its inode, size or modification time changed.
   * @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CLOSED`.
   */
  async watch(
    prefix: string,
    listener: StorageChangeListener,
    options: WatchOptions = {},
  ): Promise<StorageWatch> {
    assertStoragePrefix(prefix);
    await this.#open();
    const local = this.#hub.add(prefix, listener);
    const stamps = new Map<string, FileStamp>();
    const poll = await pollStorage(this, prefix, listener, {
      intervalMs: options.intervalMs ?? this.#watchIntervalMs,
      versions: (p) => this.#versions(p, stamps),
    });
    const feed: StorageWatch = {
      close: async () => {
        this.#feeds.delete(feed);
        await local.close();
        await poll.close();
      },
    };
    this.#feeds.add(feed);
    return feed;
  }

  async #versions(prefix: string, stamps: Map<string, FileStamp>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const key of await this.list(prefix)) {
      const path = join(this.#dataDir, fileName(key));
      const info = await stat(path).catch(() => undefined);
      if (info === undefined) continue;
      const seen = stamps.get(key);
      if (seen?.ino === info.ino && seen.mtimeMs === info.mtimeMs && seen.size === info.size) {
        out.set(key, seen.version);
        continue;
      }
      const record = await this.#read(path).catch(() => undefined);
      if (record === undefined || record.deleted) continue;
      stamps.set(key, { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size, version: record.version });
      out.set(key, record.version);
    }
    for (const key of stamps.keys()) if (!out.has(key)) stamps.delete(key);
    return out;
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_BUSY`. */
  async acquireLock(name: string, options: LockOptions): Promise<Lock | undefined> {
    assertStorageKey(name);
    assertTtl(options?.ttlMs);
    await this.#open();
    const path = join(this.#lockDir, fileName(name));
    const owner = options.owner ?? defaultLockOwner();
    const token = lockToken();
    const clock = this.#clock;
    const waitMs = this.#waitMs;
    const readLease = async (): Promise<{ raw: string; lease: LockFileContent | undefined } | undefined> => {
      const bytes = await readOptional(path);
      if (bytes === undefined) return undefined;
      const raw = Buffer.from(bytes).toString('utf8');
      return { raw, lease: parseLockFile(raw) };
    };
    const writeLease = (expiresAt: number) =>
      writeFileAtomic(path, Buffer.from(JSON.stringify(ownLockContent(expiresAt, token, owner))), 0o600);

    let expiresAt = 0;
    const got = await withLockFile(
      `${path}${MUTEX}`,
      async () => {
        const held = await readLease();
        if (held?.lease !== undefined && !isHolderGone(held.lease, clock())) return false;
        expiresAt = clock() + options.ttlMs;
        await writeLease(expiresAt);
        return true;
      },
      { waitMs },
    );
    if (!got) return undefined;
    const defaultTtl = options.ttlMs;
    return {
      name,
      owner,
      get expiresAt() {
        return new Date(expiresAt);
      },
      renew: (ttlMs = defaultTtl) => {
        assertTtl(ttlMs);
        return withLockFile(
          `${path}${MUTEX}`,
          async () => {
            const held = await readLease();
            if (held?.lease?.token !== token) return false;
            const next = clock() + ttlMs;
            await writeLease(next);
            expiresAt = next;
            return true;
          },
          { waitMs },
        );
      },
      release: () =>
        withLockFile(
          `${path}${MUTEX}`,
          async () => {
            const held = await readLease();
            if (held?.lease?.token === token && (await unlinkOptional(path))) {
              await fsyncDirectory(this.#lockDir);
            }
          },
          { waitMs },
        ),
    };
  }

  /** Marks the storage closed and stops its watches (it holds no open handles between calls). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const feed of [...this.#feeds]) await feed.close();
    this.#hub.clear();
  }
}
