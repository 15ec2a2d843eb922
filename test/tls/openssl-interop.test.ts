import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectTls, createTlsServer, type TlsProfile } from '../../src/tls/index.js';
import { hasPeerTool } from '../helpers/peer-tools.js';
import { closeServer, listen, readAll } from './socket-helpers.js';
import { makeTlsPki, type TlsPki } from './tls-pki.js';

const HAS_OPENSSL = hasPeerTool('openssl', 'openssl');

describe.skipIf(!HAS_OPENSSL)('interop with openssl s_server and s_client', () => {
  let pki: TlsPki;
  let dir: string;
  const children: ChildProcess[] = [];
  const servers: import('node:net').Server[] = [];
  const files: Record<string, string> = {};

  beforeAll(async () => {
    pki = await makeTlsPki();
    dir = mkdtempSync(join(tmpdir(), 'certkit-tls-'));
    const write = (name: string, text: string) => {
      const p = join(dir, name);
      writeFileSync(p, text, { mode: 0o600 });
      files[name] = p;
    };
    write('root.pem', pki.root.pem);
    write('inter.pem', pki.inter.pem);
    for (const name of ['srv-good', 'srv-revoked', 'cli-good', 'cli-other-ca']) {
      const { key, chain } = await pki.pemOf(name);
      write(`${name}.key`, key);
      write(`${name}.crt`, chain.split(/(?<=-----END CERTIFICATE-----\n)/)[0]!);
    }
  }, 60_000);
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await Promise.all(servers.splice(0).map(closeServer));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function freePort(): Promise<number> {
    const s = createServer();
    const port = await listen(s);
    await closeServer(s);
    return port;
  }

  /** Starts `openssl s_server -www` and waits for ACCEPT. */
  async function sServer(cert: string, extra: string[] = []): Promise<number> {
    const port = await freePort();
    const child = spawn('openssl', [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-cert',
      files[`${cert}.crt`]!,
      '-key',
      files[`${cert}.key`]!,
      '-cert_chain',
      files['inter.pem']!,
      '-www',
      ...extra,
    ]);
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ACCEPT')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`s_server exited ${code}`)));
    });
    return port;
  }

  /** Runs `openssl s_client` against a port and returns its stdout and exit code. */
  function sClient(port: number, args: string[]): Promise<{ out: string; code: number | null }> {
    const child = spawn('openssl', [
      's_client',
      '-connect',
      `127.0.0.1:${port}`,
      '-servername',
      'localhost',
      '-CAfile',
      files['root.pem']!,
      '-verify_return_error',
      '-ign_eof',
      ...args,
    ]);
    children.push(child);
    child.stdin.end();
    return new Promise((resolve) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.on('close', (code) => resolve({ out, code }));
    });
  }

  const client: TlsProfile = { enabled: true, trustStore: 'roots', serverName: 'localhost', enforce: true };

  it('certkit client -> openssl s_server, one-way', async () => {
    const port = await sServer('srv-good');
    const socket = await connectTls(client, pki.registry, { host: '127.0.0.1', port });
    socket.write('GET / HTTP/1.0\r\n\r\n');
    expect((await readAll(socket)).data).toMatch(/^HTTP\/1\.0 200 ok/);
  });

  it('certkit client -> openssl s_server, two-way (s_server -Verify)', async () => {
    const port = await sServer('srv-good', [
      '-Verify',
      '2',
      '-CAfile',
      files['root.pem']!,
      '-verify_return_error',
    ]);
    const socket = await connectTls(
      { ...client, clientAuthEnabled: true, keyStore: 'cli-good' },
      pki.registry,
      { host: '127.0.0.1', port },
    );
    socket.write('GET / HTTP/1.0\r\n\r\n');
    const out = await readAll(socket);
    expect(out.data).toMatch(/^HTTP\/1\.0 200 ok/);
    expect(out.data).toContain('CN=client'); // s_server shows the client certificate it verified
  });

  it('certkit client refuses a revoked openssl s_server with certkit problems', async () => {
    const port = await sServer('srv-revoked');
    await expect(
      connectTls(client, pki.registry, { host: '127.0.0.1', port, crls: pki.crls }),
    ).rejects.toMatchObject({ code: 'ERR_TLS_PEER_REJECTED', details: { codes: ['ERR_CHAIN_REVOKED'] } });
  });

  async function certkitServer(profile: TlsProfile): Promise<{ port: number; rejected: Error[] }> {
    const rejected: Error[] = [];
    const server = createTlsServer(profile, pki.registry, { crls: pki.crls }, (s) =>
      s.end('hello from certkit\n'),
    );
    server.on('tlsClientError', (e) => rejected.push(e));
    servers.push(server);
    return { port: await listen(server), rejected };
  }

  it('openssl s_client -> certkit server, one-way, verifies the chain', async () => {
    const { port } = await certkitServer({ enabled: true, keyStore: 'srv-good' });
    const r = await sClient(port, []);
    expect(r.out).toContain('hello from certkit');
    expect(r.out).toContain('Verify return code: 0 (ok)');
  });

  it('openssl s_client -> certkit server, two-way: a good client passes, one of another CA is refused', async () => {
    const profile: TlsProfile = {
      enabled: true,
      clientAuthEnabled: true,
      keyStore: 'srv-good',
      trustStore: 'roots',
      enforce: true,
    };
    const good = await certkitServer(profile);
    const ok = await sClient(good.port, [
      '-cert',
      files['cli-good.crt']!,
      '-key',
      files['cli-good.key']!,
      '-cert_chain',
      files['inter.pem']!,
    ]);
    expect(ok.out).toContain('hello from certkit');
    expect(good.rejected).toEqual([]);

    const bad = await certkitServer(profile);
    const refused = await sClient(bad.port, [
      '-cert',
      files['cli-other-ca.crt']!,
      '-key',
      files['cli-other-ca.key']!,
    ]);
    expect(refused.out).not.toContain('hello from certkit');
    expect(bad.rejected[0]).toMatchObject({
      code: 'ERR_TLS_PEER_REJECTED',
      details: { codes: ['ERR_CHAIN_NO_ISSUER'] },
    });

    const none = await certkitServer(profile);
    const missing = await sClient(none.port, []);
    expect(missing.out).not.toContain('hello from certkit');
    expect(none.rejected[0]).toMatchObject({ code: 'ERR_TLS_NO_PEER_CERTIFICATE' });
  });
});
