import { InventoryError } from '../errors/area-errors.js';
import { closedError, conflictError } from './conflict.js';
import { assertStorageKey, assertStoragePrefix, assertTtl, assertVersion } from './key.js';
import { defaultLockOwner, lockToken } from './owner.js';
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

/** The rows of a query, as the `pg` driver answers them. */
export interface PostgresQueryResult {
  readonly rows: Record<string, unknown>[];
}

/** A connection checked out of a pool (the part of `pg.PoolClient` certkit uses). */
export interface PostgresPoolClientLike {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  /** `true` (or an error) destroys the connection instead of returning it to the pool. */
  release(destroy?: boolean | Error): void;
  /** Events of the connection (`notification`, `error`, `end`), as `pg.Client` has them: needed by `watch`. */
  on?(event: string, listener: (arg: never) => void): unknown;
}

/** The part of a `pg.Pool` that certkit uses: pass your own pool to share it. */
export interface PostgresPoolLike {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  connect(): Promise<PostgresPoolClientLike>;
  end(): Promise<void>;
}

/** Options every PostgresStorage takes, whichever way it connects. */
export interface PostgresCommonOptions {
  /** The schema of the tables (must exist, or be `public`). Default `public`. */
  readonly schema?: string;
  /** The name of the values table; the lease table is `<table>_locks`. Default `certkit_storage`. */
  readonly table?: string;
}

/**
 * Options of {@link PostgresStorage}: a connection string (certkit makes and ends the pool) or a pool
 * you own (certkit never ends it).
 */
export type PostgresStorageOptions =
  | (PostgresCommonOptions & { readonly connectionString: string; readonly pool?: never })
  | (PostgresCommonOptions & { readonly pool: PostgresPoolLike; readonly connectionString?: never });

const IDENT = /^[a-z_][a-z0-9_]{0,50}$/;

/** Wraps a driver or server error (never the connection string, which may hold a password). */
function unavailable(error: unknown): unknown {
  if (error instanceof InventoryError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return new InventoryError('ERR_STORAGE_UNAVAILABLE', 'PostgreSQL storage operation failed', {
    cause: error,
    details: { backend: 'postgres', reason: typeof code === 'string' ? code : 'unknown' },
  });
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/**
 * A {@link Storage} in PostgreSQL, for fleets of services sharing one inventory.
 *
 * The `pg` driver is an optional peer dependency, loaded with a dynamic `import('pg')` only when a
 * PostgresStorage made from a connection string is first used: programs that never use PostgreSQL
 * never load it (install it with `npm install pg` when you do). The tables are created on first use
 * (or call {@link PostgresStorage.migrate} at deploy time). Versions come from one sequence, so they
 * grow and are never reused; compare-and-swap is one conditional statement (`UPDATE … WHERE key = $1
 * AND version = $2`), atomic in its own transaction. Locks are rows of a lease table taken with
 * `INSERT … ON CONFLICT DO UPDATE … WHERE expires_at < now()`: expiry is judged by the database
 * clock, so the clocks of the replicas do not matter.
 *
 * @example
 * ```ts
 * import { PostgresStorage } from 'certkit/storage';
 * const storage = new PostgresStorage({ connectionString: process.env.DATABASE_URL ?? '' });
 * const lock = await storage.acquireLock('renew/api.example.com', { ttlMs: 120_000 });
 * if (lock) try { ... } finally { await lock.release(); }
 * await storage.close();
 * ```
 * @throws InventoryError `ERR_STORAGE_DRIVER_MISSING` when `pg` is not installed,
 *   `ERR_STORAGE_UNAVAILABLE` when the server cannot be reached or answers an error,
 *   `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CONFLICT`, `ERR_STORAGE_CLOSED` from its methods.
 * @see Storage
 */
export class PostgresStorage implements Storage {
  readonly #options: PostgresStorageOptions;
  readonly #values: string;
  readonly #locks: string;
  readonly #seq: string;
  readonly #channel: string;
  readonly #feeds = new Set<StorageWatch>();
  #pool: Promise<PostgresPoolLike> | undefined;
  #migrated: Promise<void> | undefined;
  #closed = false;

  /** @throws TypeError when the schema or table name is not a plain lower-case identifier. */
  constructor(options: PostgresStorageOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('PostgresStorage needs options');
    if (options.pool === undefined && typeof options.connectionString !== 'string') {
      throw new TypeError('PostgresStorage needs a connectionString or a pool');
    }
    const schema = options.schema ?? 'public';
    const table = options.table ?? 'certkit_storage';
    if (!IDENT.test(schema) || !IDENT.test(table)) {
      throw new TypeError('schema and table must match /^[a-z_][a-z0-9_]{0,50}$/');
    }
    this.#options = options;
    this.#values = `"${schema}"."${table}"`;
    this.#locks = `"${schema}"."${table}_locks"`;
    this.#seq = `"${schema}"."${table}_version_seq"`;
    this.#channel = `${table}_changes`;
  }

  async #poolOf(): Promise<PostgresPoolLike> {
    if (this.#closed) throw closedError();
    this.#pool ??= (async () => {
      if (this.#options.pool !== undefined) return this.#options.pool;
      let pg: {
        default?: { Pool: new (c: object) => PostgresPoolLike };
        Pool?: new (c: object) => PostgresPoolLike;
      };
      try {
        pg = (await import('pg')) as typeof pg;
      } catch (cause) {
        throw new InventoryError('ERR_STORAGE_DRIVER_MISSING', 'PostgresStorage needs the pg package', {
          cause,
        });
      }
      const Pool = pg.Pool ?? pg.default?.Pool;
      if (Pool === undefined) {
        throw new InventoryError('ERR_STORAGE_DRIVER_MISSING', 'The pg package has no Pool export');
      }
      return new Pool({ connectionString: this.#options.connectionString, max: 4 });
    })();
    return this.#pool;
  }

  /**
   * Creates the tables and the version sequence when missing (idempotent, safe to run from several
   * processes at once: it holds a transaction-scoped advisory lock). Runs by itself on first use.
   *
   * @throws InventoryError `ERR_STORAGE_UNAVAILABLE`, `ERR_STORAGE_DRIVER_MISSING`, `ERR_STORAGE_CLOSED`.
   */
  async migrate(): Promise<void> {
    const pool = await this.#poolOf();
    this.#migrated ??= (async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`certkit:${this.#values}`]);
        await client.query(`CREATE SEQUENCE IF NOT EXISTS ${this.#seq}`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.#values} (key text PRIMARY KEY, value bytea NOT NULL, version bigint NOT NULL, secret boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now())`,
        );
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.#locks} (name text PRIMARY KEY, owner text NOT NULL, token text NOT NULL, expires_at timestamptz NOT NULL)`,
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    })();
    try {
      await this.#migrated;
    } catch (error) {
      this.#migrated = undefined;
      throw unavailable(error);
    }
  }

  async #query(text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
    const pool = await this.#poolOf();
    try {
      await this.migrate();
      return (await pool.query(text, values)).rows;
    } catch (error) {
      throw unavailable(error);
    }
  }

  async #versionOf(key: string): Promise<number | null> {
    const rows = await this.#query(`SELECT version FROM ${this.#values} WHERE key = $1`, [key]);
    return rows[0] === undefined ? null : num(rows[0].version);
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`. */
  async get(key: string): Promise<StoredValue | undefined> {
    assertStorageKey(key);
    const rows = await this.#query(`SELECT value, version FROM ${this.#values} WHERE key = $1`, [key]);
    const row = rows[0];
    if (row === undefined) return undefined;
    const value = row.value as Buffer;
    return {
      value: new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
      version: num(row.version),
    };
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CONFLICT`. */
  async put(key: string, value: Uint8Array, options: PutOptions = {}): Promise<number> {
    assertStorageKey(key);
    if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
    const expected = options.expectedVersion;
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const secret = options.secret === true;
    // The write and its NOTIFY are one statement: watchers hear of it when (and only if) it commits.
    const notify = (write: string) =>
      `WITH w AS (${write}) SELECT version, pg_notify('${this.#channel}', version::text || ' ' || $1) FROM w`;
    let rows: Record<string, unknown>[];
    if (expected === undefined) {
      rows = await this.#query(
        notify(`INSERT INTO ${this.#values} (key, value, version, secret) VALUES ($1, $2, nextval('${this.#seq}'), $3)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version, secret = EXCLUDED.secret, updated_at = now()
         RETURNING version`),
        [key, bytes, secret],
      );
    } else if (expected === null) {
      rows = await this.#query(
        notify(`INSERT INTO ${this.#values} (key, value, version, secret) VALUES ($1, $2, nextval('${this.#seq}'), $3)
         ON CONFLICT (key) DO NOTHING RETURNING version`),
        [key, bytes, secret],
      );
    } else {
      assertVersion(expected, 'expectedVersion');
      rows = await this.#query(
        notify(`UPDATE ${this.#values} SET value = $2, version = nextval('${this.#seq}'), secret = $4, updated_at = now()
         WHERE key = $1 AND version = $3 RETURNING version`),
        [key, bytes, expected, secret],
      );
    }
    if (rows[0] === undefined) throw conflictError(key, expected ?? null, await this.#versionOf(key));
    return num(rows[0].version);
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`. */
  async list(prefix: string): Promise<string[]> {
    assertStoragePrefix(prefix);
    const rows = await this.#query(
      `SELECT key FROM ${this.#values} WHERE starts_with(key, $1) ORDER BY key COLLATE "C"`,
      [prefix],
    );
    return rows.map((r) => String(r.key));
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CONFLICT`. */
  async delete(key: string, options: DeleteOptions = {}): Promise<boolean> {
    assertStorageKey(key);
    const expected = options.expectedVersion;
    const notify = (write: string) =>
      `WITH d AS (${write}) SELECT version, pg_notify('${this.#channel}', '- ' || $1) FROM d`;
    if (expected === undefined) {
      const rows = await this.#query(notify(`DELETE FROM ${this.#values} WHERE key = $1 RETURNING version`), [
        key,
      ]);
      return rows.length > 0;
    }
    assertVersion(expected, 'expectedVersion');
    const rows = await this.#query(
      notify(`DELETE FROM ${this.#values} WHERE key = $1 AND version = $2 RETURNING version`),
      [key, expected],
    );
    if (rows.length === 0) throw conflictError(key, expected, await this.#versionOf(key));
    return true;
  }

  /** @throws InventoryError `ERR_STORAGE_INVALID_KEY`. */
  async acquireLock(name: string, options: LockOptions): Promise<Lock | undefined> {
    assertStorageKey(name);
    assertTtl(options?.ttlMs);
    const owner = options.owner ?? defaultLockOwner();
    const token = lockToken();
    const rows = await this.#query(
      `INSERT INTO ${this.#locks} AS l (name, owner, token, expires_at)
       VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, token = EXCLUDED.token, expires_at = EXCLUDED.expires_at
       WHERE l.expires_at <= now()
       RETURNING expires_at`,
      [name, owner, token, Math.ceil(options.ttlMs)],
    );
    if (rows[0] === undefined) return undefined;
    let expiresAt = rows[0].expires_at as Date;
    const defaultTtl = options.ttlMs;
    return {
      name,
      owner,
      get expiresAt() {
        return new Date(expiresAt.getTime());
      },
      renew: async (ttlMs = defaultTtl) => {
        assertTtl(ttlMs);
        const r = await this.#query(
          `UPDATE ${this.#locks} SET expires_at = now() + $3 * interval '1 millisecond'
           WHERE name = $1 AND token = $2 RETURNING expires_at`,
          [name, token, Math.ceil(ttlMs)],
        );
        if (r[0] === undefined) return false;
        expiresAt = r[0].expires_at as Date;
        return true;
      },
      release: async () => {
        if (this.#closed) return;
        await this.#query(`DELETE FROM ${this.#locks} WHERE name = $1 AND token = $2`, [name, token]);
      },
    };
  }

  /**
   * Reports writes and deletes under `prefix` made by any process on this table: every write sends a
   * `NOTIFY` in its own statement, and the watch holds one pool connection that `LISTEN`s. When that
   * connection is lost it reconnects (every `retryMs`, default 1,000) and reports `resync`, since
   * notifications sent meanwhile are lost.
   * @throws InventoryError `ERR_STORAGE_UNAVAILABLE`, `ERR_STORAGE_INVALID_KEY`, `ERR_STORAGE_CLOSED`.
   * @throws TypeError when the pool's connections have no `on` (not a `pg` pool).
   */
  async watch(
    prefix: string,
    listener: StorageChangeListener,
    options: WatchOptions = {},
  ): Promise<StorageWatch> {
    assertStoragePrefix(prefix);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const retryMs = options.retryMs ?? 1000;
    await this.migrate();
    const pool = await this.#poolOf();
    let client: PostgresPoolClientLike | undefined;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const onNotification = (msg: { channel?: string; payload?: string }) => {
      // `closed`: the connection ends asynchronously, and may still deliver what was on its way.
      if (closed || msg.channel !== this.#channel || typeof msg.payload !== 'string') return;
      const space = msg.payload.indexOf(' ');
      const head = msg.payload.slice(0, space);
      const key = msg.payload.slice(space + 1);
      if (!key.startsWith(prefix)) return;
      try {
        if (head === '-') listener({ type: 'delete', key, version: null });
        else listener({ type: 'put', key, version: Number(head) });
      } catch {
        // the listener's failure is its own
      }
    };
    const connect = async (): Promise<void> => {
      const c = await pool.connect();
      if (typeof c.on !== 'function') {
        c.release();
        throw new TypeError('PostgresStorage.watch needs pool connections with on() (a pg pool)');
      }
      const lost = (error?: unknown) => {
        if (client !== c) return;
        client = undefined;
        c.release(error instanceof Error ? error : true);
        if (!closed) reconnectLater();
      };
      c.on('notification', onNotification as (arg: never) => void);
      c.on('error', lost as (arg: never) => void);
      c.on('end', (() => lost()) as (arg: never) => void);
      try {
        await c.query(`LISTEN "${this.#channel}"`);
      } catch (error) {
        c.release(true);
        throw error;
      }
      client = c;
    };
    const reconnectLater = () => {
      timer = setTimeout(() => {
        connect().then(
          () => {
            if (closed) return void feed.close();
            try {
              listener({ type: 'resync' });
            } catch {
              // the listener's failure is its own
            }
          },
          () => {
            if (!closed) reconnectLater();
          },
        );
      }, retryMs);
      timer.unref();
    };
    try {
      await connect();
    } catch (error) {
      throw error instanceof TypeError ? error : unavailable(error);
    }
    const feed: StorageWatch = {
      close: async () => {
        closed = true;
        this.#feeds.delete(feed);
        if (timer !== undefined) clearTimeout(timer);
        const c = client;
        client = undefined;
        if (c === undefined) return;
        // Destroyed rather than returned: its listeners must not follow it back into the pool.
        c.release(true);
      },
    };
    this.#feeds.add(feed);
    return feed;
  }

  /** Stops its watches and ends the pool it made from a connection string (a pool passed in is left to its owner). */
  async close(): Promise<void> {
    if (this.#closed) return;
    for (const feed of [...this.#feeds]) await feed.close();
    this.#closed = true;
    if (this.#pool !== undefined && this.#options.pool === undefined) {
      const pool = await this.#pool.catch(() => undefined);
      await pool?.end();
    }
  }
}
