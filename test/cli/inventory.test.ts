import { webcrypto } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certkit } from '../helpers/cli-harness.js';
import { closeServer, listenLocal } from '../helpers/local-http.js';
import { type Minted, mint } from '../helpers/make-certs.js';
import { hasPostgres, type PostgresServer, startPostgres } from '../storage/helpers/postgres-server.js';

const DAY = 86_400_000;
const NOW = new Date('2026-01-01T00:00:00Z');
const PASS = { CERTKIT_TEST_PASSPHRASE: 'inventory master secret' };
let dir: string;
let store: string;
let root: Minted;
const files: Record<string, string> = {};

async function keyPem(m: Minted): Promise<string> {
  const der = Buffer.from(
    await webcrypto.subtle.exportKey('pkcs8', m.keys.privateKey as webcrypto.CryptoKey),
  );
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
}

async function leafFiles(name: string, host: string, daysLeft: number, issuer: Minted): Promise<void> {
  const leaf = await mint({
    subject: `CN=${host}`,
    issuer,
    san: [{ dns: host }],
    notBefore: new Date(NOW.getTime() - 30 * DAY),
    notAfter: new Date(NOW.getTime() + daysLeft * DAY),
  });
  files[`${name}.pem`] = join(dir, `${name}.pem`);
  files[`${name}.key`] = join(dir, `${name}.key`);
  await writeFile(files[`${name}.pem`]!, leaf.pem);
  await writeFile(files[`${name}.key`]!, await keyPem(leaf));
}

/** `certkit inventory …` on the test store with the passphrase from the environment. */
function inv(...args: string[]) {
  return certkit(
    ['inventory', ...args, '--store', store, '--passphrase-env', 'CERTKIT_TEST_PASSPHRASE'],
    PASS,
    NOW,
  );
}

function importArgs(name: string, file: string, ...extra: string[]): string[] {
  return ['import', name, '--cert', files[`${file}.pem`]!, '--key', files[`${file}.key`]!, ...extra];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certkit-inventory-cli-'));
  store = join(dir, 'store');
  const validity = {
    notBefore: new Date(NOW.getTime() - 100 * DAY),
    notAfter: new Date(NOW.getTime() + 900 * DAY),
  };
  root = await mint({ subject: 'CN=Inventory Root', ca: true, ...validity });
  const other = await mint({ subject: 'CN=Other Root', ca: true, ...validity });
  files['root.pem'] = join(dir, 'root.pem');
  files['other.pem'] = join(dir, 'other.pem');
  await writeFile(files['root.pem'], root.pem);
  await writeFile(files['other.pem'], other.pem);
  await leafFiles('api', 'api.example', 200, root);
  await leafFiles('soon', 'soon.example', 10, root);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('certkit inventory over a FileStorage directory', () => {
  it('imports after the upload checks and shows the record', async () => {
    const imported = await inv(
      ...importArgs('api', 'api', '--trust', files['root.pem']!, '--allow-private-ca', '--json'),
    );
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const out = JSON.parse(imported.stdout) as {
      imported: boolean;
      record: { name: string; current: { hasKey: boolean; keyEncrypted: boolean; primaryDomain: string } };
    };
    expect(out.imported).toBe(true);
    expect(out.record.current).toMatchObject({
      hasKey: true,
      keyEncrypted: true,
      primaryDomain: 'api.example',
    });

    const shown = await inv('show', 'api');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('api.example');
    expect(shown.stdout).toContain('sealed with the passphrase');
  });

  it('refuses a chain that does not reach the configured trust anchor: exit 1 with the code and its findings', async () => {
    const refused = await inv(
      ...importArgs('api-untrusted', 'api', '--trust', files['other.pem']!, '--allow-private-ca', '--json'),
    );
    expect(refused.code).toBe(1);
    const out = JSON.parse(refused.stdout) as {
      imported: boolean;
      code: string;
      findings: { code: string; severity: string }[];
    };
    expect(out.imported).toBe(false);
    expect(out.code).toMatch(/^ERR_KEYSTORE_/);
    expect(out.findings.some((f) => f.severity === 'blocking' && f.code === out.code)).toBe(true);
    const listed = JSON.parse((await inv('list', '--json')).stdout) as {
      records: { name: string; status: string }[];
    };
    expect(listed.records.find((r) => r.name === 'api-untrusted')?.status).toBe('failed');
  });

  it('without --trust, refuses a private CA (the anchors are the public roots) unless --allow-private-ca', async () => {
    // The upload carries its own root: that root is not trusted because it came with the upload.
    const withRoot = join(dir, 'api-with-root.pem');
    await writeFile(withRoot, `${await readFile(files['api.pem']!, 'utf8')}\n${root.pem}\n`);
    const args = ['import', 'private', '--cert', withRoot, '--key', files['api.key']!, '--json'];
    const refused = await inv(...args);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect((JSON.parse(refused.stdout) as { code: string }).code).toBe('ERR_KEYSTORE_PRIVATE_CA');
    const allowed = await inv(...args, '--allow-private-ca');
    expect(allowed.code, allowed.stdout).toBe(0);
  });

  it('will not store a key unencrypted unless told to', async () => {
    const r = await certkit(
      [
        'inventory',
        ...importArgs('plain', 'api', '--trust', files['root.pem']!, '--allow-private-ca'),
        '--store',
        store,
      ],
      {},
      NOW,
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ERR_INVENTORY_PLAINTEXT_KEY');
  });

  it('refuses to delete a record in use (exit 1, consumers listed), and deletes it once unbound', async () => {
    expect((await inv('bind', 'api', 'reference:ref://gw/server')).code).toBe(0);
    const refused = await inv('delete', 'api', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      deleted: false,
      code: 'ERR_INVENTORY_IN_USE',
      consumers: [{ kind: 'reference', id: 'ref://gw/server' }],
    });
    expect((await inv('unbind', 'api', 'reference:ref://gw/server')).code).toBe(0);
    const bound = await inv(
      ...importArgs('api2', 'api', '--trust', files['root.pem']!, '--allow-private-ca'),
    );
    expect(bound.code, bound.stdout).toBe(0);
    const deleted = await inv('delete', 'api2', '--json');
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: true, name: 'api2' });
    expect((await inv('show', 'api2')).code).toBe(3);
  });

  it('prints Prometheus metrics per record', async () => {
    const r = await inv('metrics');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# TYPE certkit_certificate_days_left gauge');
    expect(r.stdout).toMatch(/^certkit_certificate_days_left\{name="api",domain="api\.example"\} 200$/m);
    expect(r.stdout).toMatch(
      /^certkit_certificate_status\{name="api",domain="api\.example",status="[a-z]+"\} 1$/m,
    );
    const seconds = Math.floor((NOW.getTime() + 200 * DAY) / 1000);
    expect(r.stdout).toContain(
      `certkit_certificate_not_after_seconds{name="api",domain="api.example"} ${seconds}`,
    );
  });
});

describe('certkit inventory alerts', () => {
  let server: Server;
  let received: string[] = [];
  let failNext = 0;

  beforeAll(async () => {
    const imported = await inv(
      ...importArgs('soon', 'soon', '--trust', files['root.pem']!, '--allow-private-ca'),
    );
    expect(imported.code, imported.stdout).toBe(0);
    server = await listenLocal((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(502).end();
          return;
        }
        received.push(body);
        res.writeHead(204).end();
      });
    });
  });
  afterAll(async () => {
    await closeServer(server);
  });

  it('lists the due alert without sending it', async () => {
    const r = await inv('alerts', '--json');
    const due = (JSON.parse(r.stdout) as { due: { name: string; kind: string }[] }).due;
    expect(due.filter((a) => a.name === 'soon').map((a) => a.kind)).toEqual(['expiring']);
  });

  it('a failed delivery exits 75 and is tried again by the next run; a sent alert is never sent twice', async () => {
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
    failNext = 1;
    received = [];
    expect((await inv('alerts', '--send', url)).code).toBe(75);
    expect(received).toEqual([]);
    const second = await inv('alerts', '--send', url, '--json');
    expect(second.code).toBe(0);
    expect(received.map((b) => (JSON.parse(b) as { name: string }).name)).toEqual(['soon']);
    const third = await inv('alerts', '--send', url, '--json');
    expect(JSON.parse(third.stdout)).toEqual({ sent: [] });
    expect(received).toHaveLength(1);
  });

  it('--exec gives the alert to a program on standard input', async () => {
    await leafFiles('later', 'later.example', 5, root);
    expect(
      (await inv(...importArgs('later', 'later', '--trust', files['root.pem']!, '--allow-private-ca'))).code,
    ).toBe(0);
    const out = join(dir, 'exec-out.json');
    const program = join(dir, 'hook.sh');
    await writeFile(program, `#!/bin/sh\ncat > '${out}'\necho "$CERTKIT_ALERT_NAME" >> '${out}.name'\n`);
    await chmod(program, 0o755);
    const r = await inv('alerts', '--exec', program);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((JSON.parse(await readFile(out, 'utf8')) as { name: string }).name).toBe('later');
    expect((await readFile(`${out}.name`, 'utf8')).trim()).toBe('later');
  });
});

describe('certkit env', () => {
  const env = (...args: string[]) =>
    certkit(['env', ...args, '--store', store, '--passphrase-env', 'CERTKIT_TEST_PASSPHRASE'], PASS, NOW);

  it('creates an environment with its certificate variable name, selects a record and tracks deployment', async () => {
    const created = await env('create', 'prod', '--kind', 'production', '--json');
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      name: 'prod',
      kind: 'production',
      variable: 'cert_prod',
      state: 'needs-deploy',
    });
    expect((await env('create', 'prod2', '--kind', 'production')).stderr).toContain(
      'ERR_INVENTORY_ENVIRONMENT_EXISTS',
    );
    const custom = await env(
      'create',
      'stage',
      '--kind',
      'staging',
      '--variable',
      'stagingClientCert',
      '--json',
    );
    expect(JSON.parse(custom.stdout)).toMatchObject({ variable: 'stagingClientCert' });
    expect((await env('create', 'dev', '--variable', 'not-an-identifier')).stderr).toContain(
      'ERR_INVENTORY_INVALID_NAME',
    );

    const selected = await env('select', 'prod', 'api', '--json');
    expect(JSON.parse(selected.stdout)).toMatchObject({ record: 'api', version: 1, state: 'needs-deploy' });
    expect(JSON.parse((await env('deploy', 'prod', '--json')).stdout)).toMatchObject({ state: 'deploying' });
    expect(JSON.parse((await env('deployed', 'prod', '--json')).stdout)).toMatchObject({
      state: 'deployed',
      deployedRecord: 'api',
      deployedVersion: 1,
    });
    const all = JSON.parse((await env('show', '--json')).stdout) as { environments: { name: string }[] };
    expect(all.environments.map((e) => e.name)).toEqual(['prod', 'stage']);
    const inUse = await inv('delete', 'api');
    expect(inUse.code).toBe(1);
    expect(inUse.stdout).toContain('environment:prod');
  });

  it('gives each subcommand its own help and refuses unknown ones', async () => {
    expect((await certkit(['env', 'select', '--help'])).stdout).toContain('certkit env select ENV RECORD');
    expect((await certkit(['env'])).code).toBe(2);
    expect((await certkit(['env', 'frobnicate', '--store', store])).code).toBe(2);
  });
});

describe.skipIf(!hasPostgres())('certkit inventory over PostgreSQL', () => {
  let pg: PostgresServer;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('a record imported by one run is listed by the next (postgres:// store)', async () => {
    const url = await pg.freshDatabase();
    const args = ['--store', url, '--passphrase-env', 'CERTKIT_TEST_PASSPHRASE'];
    const imported = await certkit(
      [
        'inventory',
        ...importArgs('pg-api', 'api', '--trust', files['root.pem']!, '--allow-private-ca'),
        ...args,
      ],
      PASS,
      NOW,
    );
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const listed = await certkit(['inventory', 'list', '--json', ...args], PASS, NOW);
    expect((JSON.parse(listed.stdout) as { records: { name: string }[] }).records.map((r) => r.name)).toEqual(
      ['pg-api'],
    );
  });
});
