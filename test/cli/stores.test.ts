import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPrivateKey } from '../../src/keys/index.js';
import { FileStorage } from '../../src/storage/index.js';
import { StoreRegistry } from '../../src/stores/index.js';
import { certkit } from '../helpers/cli-harness.js';
import { hasPostgres, type PostgresServer, startPostgres } from '../storage/helpers/postgres-server.js';
import { type FleetPki, makeFleetPki } from '../stores/registry-fleet-fixtures.js';

let dir: string;
let pki: FleetPki;
const files = new Map<string, { cert: string; key: string; p12: string }>();
let rootFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certkit-cli-stores-'));
  pki = await makeFleetPki();
  for (const [name, ks] of pki.keystores) {
    const entry = ks.entry('server');
    const paths = {
      cert: join(dir, `${name}.pem`),
      key: join(dir, `${name}.key`),
      p12: join(dir, `${name}.p12`),
    };
    await writeFile(paths.cert, entry.chain.map((c) => c.pem).join(''));
    await writeFile(paths.key, exportPrivateKey(entry.privateKey, { format: 'pkcs8-pem' }));
    await writeFile(paths.p12, ks.toPkcs12({ password: 'pw', iterations: 1000 }));
    files.set(name, paths);
  }
  rootFile = join(dir, 'root.pem');
  await writeFile(rootFile, pki.root.pem);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The registry's passphrase, given as operators should: through the environment. */
const PASSPHRASE_ENV = { CERTKIT_TEST_PASSPHRASE: 'cli test passphrase' };
const run = (args: string[]) =>
  certkit([...args, '--passphrase-env', 'CERTKIT_TEST_PASSPHRASE'], PASSPHRASE_ENV);

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

/** The rotate-behind-a-reference task, as the README tells it, against one --store. */
async function rotateFlow(store: string): Promise<void> {
  const f1 = files.get('api-1')!;
  let r = await run([
    'keystore',
    'put',
    'api-1',
    '--cert',
    f1.cert,
    '--key',
    f1.key,
    '--trust',
    rootFile,
    '--store',
    store,
    '--json',
  ]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(json(r.stdout)).toMatchObject({ ok: true, name: 'api-1', kind: 'keystore', aliases: ['server'] });
  r = await run([
    'keystore',
    'put',
    'api-2',
    '--p12',
    files.get('api-2')!.p12,
    '--password',
    'pw',
    '--store',
    store,
  ]);
  expect(r.code, r.stderr).toBe(0);
  r = await run([
    'keystore',
    'put',
    'wrong-host',
    '--p12',
    files.get('api-wrong-host')!.p12,
    '--password',
    'pw',
    '--store',
    store,
  ]);
  expect(r.code, r.stderr).toBe(0);
  r = await run(['truststore', 'put', 'roots', '--ca', rootFile, '--store', store, '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect(json(r.stdout)).toMatchObject({ kind: 'truststore', aliases: ['fleet-root'] });

  r = await run([
    'ref',
    'set',
    'ref://api-ks',
    '--keystore',
    'api-1',
    '--role',
    'server',
    '--trust-store',
    'roots',
    '--store',
    store,
    '--json',
  ]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(json(r.stdout)).toMatchObject({ action: 'define', reference: 'ref://api-ks', to: 'api-1' });

  // A re-point that the rotation check refuses: exit 1, the findings printed, nothing changed.
  r = await run([
    'ref',
    'set',
    'ref://api-ks',
    '--keystore',
    'wrong-host',
    '--store',
    store,
    '--actor',
    'alice',
  ]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^REFUSED: ERR_ROTATION_BLOCKED/);
  expect(r.stdout).toMatch(/BLOCKING ERR_ROTATION_/);
  r = await run(['ref', 'set', 'ref://api-ks', '--keystore', 'wrong-host', '--store', store, '--json']);
  expect(r.code).toBe(1);
  const refused = json(r.stdout) as {
    ok: boolean;
    error: { code: string };
    findings: { severity: string }[];
  };
  expect(refused.ok).toBe(false);
  expect(refused.error.code).toBe('ERR_ROTATION_BLOCKED');
  expect(refused.findings.some((f) => f.severity === 'blocking')).toBe(true);

  r = await run([
    'ref',
    'set',
    'api-ks',
    '--keystore',
    'api-2',
    '--store',
    store,
    '--actor',
    'alice',
    '--reason',
    'CHG-7',
    '--json',
  ]);
  expect(r.code, r.stdout).toBe(0);
  expect(json(r.stdout)).toMatchObject({
    ok: true,
    action: 'repoint',
    from: 'api-1',
    to: 'api-2',
    forced: false,
  });

  r = await run(['ref', 'show', 'api-ks', '--store', store, '--json']);
  expect(r.code).toBe(0);
  expect(json(r.stdout)).toMatchObject({
    reference: 'ref://api-ks',
    target: 'api-2',
    kind: 'keystore',
    usage: { role: 'server', trustStore: 'roots' },
    lastChange: { action: 'repoint', actor: 'alice', reason: 'CHG-7' },
  });

  // In use: refused with the references listed.
  r = await run(['keystore', 'delete', 'api-2', '--store', store, '--json']);
  expect(r.code).toBe(1);
  expect(json(r.stdout)).toMatchObject({
    ok: false,
    error: { code: 'ERR_STORE_IN_USE', details: { references: ['ref://api-ks'] } },
  });

  r = await run(['ref', 'set', 'api-ks', '--keystore', 'wrong-host', '--force', '--store', store, '--json']);
  expect(r.code).toBe(0);
  expect(json(r.stdout)).toMatchObject({ action: 'repoint', forced: true });

  r = await run(['ref', 'rollback', 'api-ks', '--store', store, '--json']);
  expect(r.code).toBe(0);
  expect(json(r.stdout)).toMatchObject({ action: 'rollback', from: 'wrong-host', to: 'api-2' });

  r = await run(['ref', 'history', 'api-ks', '--store', store, '--json']);
  expect(r.code).toBe(0);
  const history = (json(r.stdout) as { history: { action: string; forced: boolean }[] }).history;
  expect(history.map((h) => [h.action, h.forced])).toEqual([
    ['define', false],
    ['repoint', false],
    ['repoint', true],
    ['rollback', false],
  ]);
  r = await run(['ref', 'history', 'api-ks', '--store', store]);
  expect(r.stdout.trim().split('\n')).toHaveLength(4);

  r = await run(['keystore', 'list', '--store', store, '--json']);
  expect(
    (json(r.stdout) as { keystores: { name: string; references: string[] }[] }).keystores.map((k) => [
      k.name,
      k.references,
    ]),
  ).toEqual([
    ['api-1', []],
    ['api-2', ['ref://api-ks']],
    ['wrong-host', []],
  ]);
  r = await run(['keystore', 'delete', 'api-1', '--store', store]);
  expect(r.code).toBe(0);
  r = await run(['truststore', 'show', 'roots', '--store', store, '--json']);
  expect(json(r.stdout)).toMatchObject({
    name: 'roots',
    references: ['ref://api-ks'],
    contents: { kind: 'truststore' },
  });
}

describe('certkit keystore / truststore / ref', () => {
  it('rotates a keystore behind a reference in a directory store, and a library process opening it sees the result', async () => {
    const store = join(dir, 'store');
    await rotateFlow(store);
    const storage = new FileStorage({ dir: store });
    const registry = await StoreRegistry.open({
      storage,
      watch: false,
      passphrase: PASSPHRASE_ENV.CERTKIT_TEST_PASSPHRASE,
    });
    expect(registry.target('ref://api-ks')).toBe('api-2');
    expect(registry.resolveKeystore('ref://api-ks').equals(pki.keystores.get('api-2')!)).toBe(true);
    await storage.close();
  }, 60_000);

  it('usage errors exit 2; a missing store directory for a read, or an unknown name, exit 3', async () => {
    expect((await run(['ref', 'set', 'x', '--store', dir])).code).toBe(2);
    expect(
      (await run(['ref', 'set', 'x', '--keystore', 'a', '--truststore', 'b', '--store', dir])).code,
    ).toBe(2);
    expect((await run(['keystore', 'list'])).code).toBe(2);
    expect((await run(['keystore', 'frobnicate', '--store', dir])).code).toBe(2);
    expect((await run(['keystore', 'put', 'x', '--store', dir])).code).toBe(2);
    const missing = await run(['ref', 'list', '--store', join(dir, 'nope'), '--json']);
    expect(missing.code).toBe(3);
    expect(json(missing.stdout)).toMatchObject({ error: { code: 'ERR_INVENTORY_STORE_MISSING' } });
    const unknown = await run(['ref', 'show', 'nothing', '--store', join(dir, 'store'), '--json']);
    expect(unknown.code).toBe(3);
    expect(json(unknown.stdout)).toMatchObject({ error: { code: 'ERR_STORE_REFERENCE_NOT_FOUND' } });
  });

  it('seals keys with the passphrase: without it a keystore is refused (exit 3) unless --plaintext-keys', async () => {
    const f = files.get('api-1')!;
    const store = join(dir, 'plain');
    const put = [
      'keystore',
      'put',
      'api-1',
      '--cert',
      f.cert,
      '--key',
      f.key,
      '--trust',
      rootFile,
      '--store',
      store,
    ];
    const refused = await certkit([...put, '--json']);
    expect(refused.code).toBe(3);
    expect(json(refused.stdout)).toMatchObject({ error: { code: 'ERR_STORE_PASSPHRASE_REQUIRED' } });
    expect((await certkit([...put, '--plaintext-keys'])).code).toBe(0);
    const sealed = join(dir, 'sealed');
    expect((await run(put.slice(0, -1).concat(sealed))).code).toBe(0);
    const listed = await certkit(['keystore', 'list', '--store', sealed, '--json']);
    expect(listed.code).toBe(3);
    expect(json(listed.stdout)).toMatchObject({ error: { code: 'ERR_STORE_PASSPHRASE_REQUIRED' } });
    const wrong = await certkit(['keystore', 'list', '--store', sealed, '--passphrase', 'guess', '--json']);
    expect(json(wrong.stdout)).toMatchObject({ error: { code: 'ERR_STORE_PASSPHRASE_WRONG' } });
  }, 60_000);

  it('refuses a key that does not belong to the certificate (exit 1, the upload check code)', async () => {
    const r = await run([
      'keystore',
      'put',
      'bad',
      '--cert',
      files.get('api-1')!.cert,
      '--key',
      files.get('api-2')!.key,
      '--store',
      join(dir, 'bad'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(json(r.stdout)).toMatchObject({ ok: false, error: { code: 'ERR_KEYSTORE_KEY_MISMATCH' } });
  });
});

describe.skipIf(!hasPostgres())('certkit keystore / truststore / ref with --store postgres://…', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  it('runs the same rotation against PostgreSQL', async () => {
    await rotateFlow(await server.freshDatabase());
  }, 60_000);
});
