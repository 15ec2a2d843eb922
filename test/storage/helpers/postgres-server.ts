import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Finds a PostgreSQL server program on PATH or in Debian's /usr/lib/postgresql/<version>/bin. */
export function findPostgresBinary(name: 'initdb' | 'postgres' | 'pg_ctl'): string | undefined {
  if (spawnSync(name, ['--version'], { stdio: 'ignore' }).error === undefined) return name;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const candidate = join(root, v, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Whether a PostgreSQL server can be started for the tests. In CI (`CI=true`) a missing server fails
 * the run; elsewhere the tests are skipped with a line naming the Debian package.
 */
export function hasPostgres(): boolean {
  if (findPostgresBinary('initdb') !== undefined && findPostgresBinary('postgres') !== undefined) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      'PostgreSQL (initdb, postgres) is required in CI: install the Debian package "postgresql" in .ci/run',
    );
  }
  console.warn('SKIPPED: tests that need PostgreSQL; install the Debian package "postgresql" to run them');
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A throwaway PostgreSQL server on 127.0.0.1. */
export interface PostgresServer {
  /** A connection string to the `postgres` database. */
  readonly url: string;
  /** Creates an empty database and answers its connection string. */
  freshDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL in a temporary directory with trust authentication, listening on 127.0.0.1 on a
 * free port and on a Unix socket in the same directory. As root, it runs as the `postgres` user
 * (PostgreSQL refuses to run as root).
 */
export async function startPostgres(): Promise<PostgresServer> {
  const initdb = findPostgresBinary('initdb');
  const postgres = findPostgresBinary('postgres');
  if (initdb === undefined || postgres === undefined) throw new Error('PostgreSQL binaries not found');
  const dir = await mkdtemp(join(tmpdir(), 'certkit-pg-'));
  const asRoot = process.getuid?.() === 0;
  const asUser = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    await chown(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  const data = join(dir, 'data');
  const [initCmd, initArgs] = asUser(initdb, [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}${init.error ?? ''}`);
  const port = await freePort();
  const [cmd, args] = asUser(postgres, ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-F']);
  const server: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr?.setEncoding('utf8');
  server.stderr?.on('data', (c: string) => {
    log += c;
  });
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline || server.exitCode !== null) {
        server.kill('SIGKILL');
        throw new Error(`PostgreSQL did not start: ${String(error)}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let n = 0;
  return {
    url,
    async freshDatabase() {
      const name = `certkit_t${process.pid}_${++n}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      // SIGTERM to postgres (through runuser, which passes it on) is a "smart" shutdown; SIGQUIT is
      // immediate. Signal the postmaster itself through its pid file to be sure.
      const pidLine = spawnSync('head', ['-1', join(data, 'postmaster.pid')], {
        encoding: 'utf8',
      }).stdout.trim();
      const pid = Number(pidLine);
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          // already gone
        }
      }
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
