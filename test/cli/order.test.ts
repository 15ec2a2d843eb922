import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyMatchesCertificate, parsePrivateKey } from '../../src/keys/index.js';
import { parseCertificates } from '../../src/x509/index.js';
import { certkit } from '../helpers/cli-harness.js';
import { closeServer, listenLocal } from '../helpers/local-http.js';
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

  it('a callback receiver that never answers: --timeout bounds the whole order, exit 75 with ERR_ACME_CALLBACK_UNAVAILABLE, attempts on stderr', async () => {
    const sockets: Socket[] = [];
    const silent = await listenLocal(() => {}); // accepts connections, never answers
    silent.on('connection', (s) => sockets.push(s));
    try {
      const out = join(dir, 'silent.pem');
      const run = await certkit([
        'order',
        ...base(),
        '-d',
        'silent.cli.test',
        '--dns-callback',
        `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`,
        '--resolver',
        pebble.dnsServer,
        '--timeout',
        '3',
        '--out',
        out,
      ]);
      expect(run.code, run.stderr).toBe(75);
      expect(run.stderr).toContain('ERR_ACME_CALLBACK_UNAVAILABLE');
      expect(run.stderr).toContain('cert_domain_validation_required not delivered (the order ended)');
      expect(existsSync(out)).toBe(false);
    } finally {
      for (const s of sockets) s.destroy();
      await closeServer(silent);
    }
  }, 60_000);

  it('a callback receiver that accepts but never publishes: exit 75 at --timeout, saying what was awaited, with waiting lines', async () => {
    const accepting = await listenLocal((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(202).end());
    });
    try {
      const run = await certkit([
        'order',
        ...base(),
        '-d',
        'unpublished.cli.test',
        '--dns-callback',
        `http://127.0.0.1:${(accepting.address() as AddressInfo).port}/hook`,
        '--resolver',
        pebble.dnsServer,
        '--timeout',
        '8',
        '--out',
        join(dir, 'unpublished.pem'),
      ]);
      expect(run.code, run.stderr).toBe(75);
      expect(run.stderr).toContain('ERR_ACME_TIMEOUT');
      expect(run.stderr).toContain(
        'waiting for the callback solver to publish _acme-challenge.unpublished.cli.test and see it visible',
      );
      expect(run.stderr).toMatch(
        /unpublished\.cli\.test: waiting for .* s so far, \d+ s left before --timeout/,
      );
    } finally {
      await closeServer(accepting);
    }
  }, 60_000);

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
