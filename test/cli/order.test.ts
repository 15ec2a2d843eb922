import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyMatchesCertificate, parsePrivateKey } from '../../src/keys/index.js';
import { parseCertificates } from '../../src/x509/index.js';
import { certkit } from '../helpers/cli-harness.js';
import { hasPebble, type Pebble, startPebble } from '../helpers/pebble.js';

describe.skipIf(!hasPebble())('certkit order against Pebble', () => {
  let pebble: Pebble;
  let dir: string;
  let caFile: string;
  let hook: string;
  beforeAll(async () => {
    pebble = await startPebble();
    dir = mkdtempSync(join(tmpdir(), 'certkit-cli-order-'));
    caFile = join(dir, 'pebble-https-ca.pem');
    writeFileSync(caFile, pebble.caCertificates);
    // A DNS hook as users write them: a program called with present|cleanup <name> <value> <domain>.
    hook = join(dir, 'dns-hook.mjs');
    writeFileSync(
      hook,
      `#!${process.execPath}
const [action, name, value] = process.argv.slice(2);
const api = ${JSON.stringify(pebble.challtestsrvUrl)};
const post = (path, body) => fetch(api + path, { method: 'POST', body: JSON.stringify(body) });
if (action === 'present') await post('/set-txt', { host: name + '.', value });
else if (action === 'cleanup') await post('/clear-txt', { host: name + '.' });
else process.exit(9);
`,
    );
    chmodSync(hook, 0o755);
  }, 30_000);
  afterAll(async () => {
    await pebble?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const base = () => [
    '--directory',
    pebble.directoryUrl,
    '--ca-file',
    caFile,
    '--agree-tos',
    '--state',
    join(dir, 'state'),
  ];

  it('orders with a DNS hook, shows progress on stderr, writes the chain and a 0600 key that match', async () => {
    const out = join(dir, 'hook.pem');
    const run = await certkit([
      'order',
      ...base(),
      '--domain',
      'hook.cli.test',
      '--domain',
      '*.hook.cli.test',
      '--dns-hook',
      hook,
      '--resolver',
      pebble.dnsServer,
      '--out',
      out,
      '--key-type',
      'ec-p384',
    ]);
    expect(run.stderr).toContain('order created for hook.cli.test, *.hook.cli.test');
    expect(run.stderr).toContain('dns-01 published at _acme-challenge.hook.cli.test');
    expect(run.stderr).toContain('certificate issued');
    expect(run.code).toBe(0);
    const chain = parseCertificates(readFileSync(out, 'utf8'));
    expect(chain.length).toBeGreaterThanOrEqual(2);
    expect(chain[0]?.subjectAltNames.map((n) => n.value).sort()).toEqual([
      '*.hook.cli.test',
      'hook.cli.test',
    ]);
    const keyFile = join(dir, 'hook.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = parsePrivateKey(readFileSync(keyFile));
    expect(key.publicKey.curve).toBe('P-384');
    expect(keyMatchesCertificate(key, chain[0]!).matches).toBe(true);
  });

  it('orders with HTTP-01 on a port, --json output', async () => {
    const out = join(dir, 'http.pem');
    const run = await certkit([
      'order',
      ...base(),
      '-d',
      'http.cli.test',
      '--http-port',
      String(pebble.httpPort),
      '--http-host',
      '127.0.0.1',
      '--out',
      out,
      '--key-out',
      join(dir, 'http-key.pem'),
      '--json',
      '--quiet',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      resumed: false,
      domains: ['http.cli.test'],
      certificateFile: out,
      keyFile: join(dir, 'http-key.pem'),
    });
    expect(json.orderUrl).toMatch(/^https:/);
    expect(existsSync(join(dir, 'http-key.pem'))).toBe(true);
  });

  it('a failing hook is exit 1 with ERR_ACME_SOLVER_FAILED and nothing written', async () => {
    const bad = join(dir, 'bad-hook.sh');
    writeFileSync(bad, '#!/bin/sh\necho "zone not found" >&2\nexit 4\n');
    chmodSync(bad, 0o755);
    const out = join(dir, 'bad.pem');
    const run = await certkit([
      'order',
      ...base(),
      '-d',
      'bad.cli.test',
      '--dns-hook',
      bad,
      '--out',
      out,
      '--json',
    ]);
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe('ERR_ACME_SOLVER_FAILED');
    expect(error.details).toMatchObject({ exitCode: 4, action: 'present' });
    expect(error.details.stderr).toContain('zone not found');
    expect(existsSync(out)).toBe(false);
  });

  it('usage errors are exit 2', async () => {
    expect((await certkit(['order', ...base(), '--out', 'x.pem', '--dns-hook', hook])).code).toBe(2);
    expect((await certkit(['order', ...base(), '-d', 'a.test', '--out', 'x.pem'])).stderr).toContain(
      'give a challenge solver',
    );
    expect(
      (await certkit(['order', ...base(), '-d', 'a.test', '--out', 'x.pem', '--http-port', '99999'])).code,
    ).toBe(2);
    expect(
      (
        await certkit([
          'order',
          ...base(),
          '-d',
          'a.test',
          '--out',
          'x.pem',
          '--dns-hook',
          hook,
          '--key-type',
          'dsa',
        ])
      ).code,
    ).toBe(2);
  });
});
