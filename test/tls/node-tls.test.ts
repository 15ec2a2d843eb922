import { once } from 'node:events';
import https from 'node:https';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import {
  connectTls,
  createHttpsAgent,
  createTlsServer,
  explainPeerCertificate,
  type IgnoredTlsFinding,
  type TlsProfile,
  toNodeTlsOptions,
} from '../../src/tls/index.js';
import { closeServer, listen, type Outcome, readAll } from './socket-helpers.js';
import { makeTlsPki, type TlsPki } from './tls-pki.js';

let pki: TlsPki;
const servers: import('node:net').Server[] = [];
beforeAll(async () => {
  pki = await makeTlsPki();
}, 60_000);
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});

const MODES = {
  enforce: { enforce: true, ignoreValidationErrors: true },
  ignore: { enforce: false, ignoreValidationErrors: true },
  defaults: {},
} as const satisfies Record<string, Partial<TlsProfile>>;
type Mode = keyof typeof MODES;

async function oneWayServer(keyStore: string): Promise<number> {
  const server = createTlsServer({ enabled: true, keyStore }, pki.registry, {}, (s) => s.end('ok\n'));
  servers.push(server);
  return listen(server);
}

/** Connects with connectTls (certkit validates) and reads to the end. */
async function viaConnectTls(
  profile: TlsProfile,
  port: number,
): Promise<Outcome & { ignored: IgnoredTlsFinding[] }> {
  const ignored: IgnoredTlsFinding[] = [];
  try {
    const socket = await connectTls(profile, pki.registry, {
      host: '127.0.0.1',
      port,
      crls: pki.crls,
      onIgnoredFinding: (f) => ignored.push(f),
    });
    return { ...(await readAll(socket)), ignored };
  } catch (error) {
    return { data: '', error: error as Outcome['error'] & Error, ignored };
  }
}

describe('client role: the server certificate is checked by certkit', () => {
  const cases: [string, string, string, boolean][] = [
    // name, server keystore, expected problem, ignorable (SNI in use)
    ['expired', 'srv-expired', 'ERR_CHAIN_EXPIRED', true],
    ['not yet valid', 'srv-not-yet-valid', 'ERR_CHAIN_NOT_YET_VALID', true],
    ['self-signed', 'srv-self-signed', 'ERR_CHAIN_UNTRUSTED_ROOT', true],
    ['wrong hostname (SNI)', 'srv-wrong-host', 'ERR_CHAIN_HOSTNAME_MISMATCH', false],
    ['untrusted root', 'srv-untrusted', 'ERR_CHAIN_NO_ISSUER', true],
    ['revoked (CRL)', 'srv-revoked', 'ERR_CHAIN_REVOKED', true],
  ];
  const matrix = cases.flatMap(([name, ks, code, ignorable]) =>
    (Object.keys(MODES) as Mode[]).map((mode) => [name, mode, ks, code, ignorable] as const),
  );
  it.each(matrix)('%s under %s', async (_name, mode, ks, code, ignorable) => {
    const port = await oneWayServer(ks);
    const profile: TlsProfile = {
      enabled: true,
      trustStore: 'roots',
      serverName: 'localhost',
      ...MODES[mode],
    };
    const out = await viaConnectTls(profile, port);
    if (mode === 'ignore' && ignorable) {
      expect(out.error).toBeUndefined();
      expect(out.data).toBe('ok\n');
      expect(out.ignored.map((f) => f.code)).toContain(code);
      expect(out.ignored.every((f) => f.role === 'client' && f.host === 'localhost')).toBe(true);
    } else {
      expect(out.data).toBe('');
      expect(out.error && isCertkitError(out.error) && out.error.code).toBe('ERR_TLS_PEER_REJECTED');
      const problems = out.error?.details?.problems as { code: string; depth: number | null }[];
      expect(problems.map((p) => p.code)).toContain(code);
      expect(out.ignored).toEqual([]);
    }
  });

  it.each(Object.keys(MODES) as Mode[])('a good server passes under %s with no finding', async (mode) => {
    const port = await oneWayServer('srv-good');
    const out = await viaConnectTls(
      { enabled: true, trustStore: 'roots', serverName: 'localhost', ...MODES[mode] },
      port,
    );
    expect(out).toEqual({ data: 'ok\n', ignored: [] });
  });

  it('a wrong name is ignorable without SNI (connecting to an IP address)', async () => {
    const port = await oneWayServer('srv-wrong-host');
    const out = await viaConnectTls({ enabled: true, trustStore: 'roots', ...MODES.ignore }, port);
    expect(out.data).toBe('ok\n');
    expect(out.ignored.map((f) => [f.code, f.depth])).toEqual([['ERR_CHAIN_IP_MISMATCH', 0]]);
  });

  it('the problem says which certificate: depth and subject', async () => {
    const port = await oneWayServer('srv-revoked');
    const out = await viaConnectTls(
      { enabled: true, trustStore: 'roots', serverName: 'localhost', enforce: true },
      port,
    );
    expect(out.error?.details?.problems).toEqual([
      expect.objectContaining({ code: 'ERR_CHAIN_REVOKED', depth: 0, subject: 'CN=revoked server' }),
    ]);
  });
});

describe('toNodeTlsOptions with tls.connect', () => {
  async function raw(profile: TlsProfile, port: number): Promise<Outcome> {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      ...toNodeTlsOptions(profile, pki.registry, { role: 'client', crls: pki.crls }),
    });
    return readAll(socket);
  }
  it('checkServerIdentity rejects with certkit problems what OpenSSL accepts (revoked, wrong name)', async () => {
    for (const [ks, code] of [
      ['srv-revoked', 'ERR_CHAIN_REVOKED'],
      ['srv-wrong-host', 'ERR_CHAIN_HOSTNAME_MISMATCH'],
    ] as const) {
      const port = await oneWayServer(ks);
      const out = await raw(
        { enabled: true, trustStore: 'roots', serverName: 'localhost', enforce: true },
        port,
      );
      expect(out.error?.code).toBe('ERR_TLS_PEER_REJECTED');
      expect((out.error?.details?.problems as { code: string }[] | undefined)?.map((p) => p.code)).toEqual([
        code,
      ]);
    }
  });
  it('OpenSSL rejects first what it sees itself (expired) under enforce', async () => {
    const port = await oneWayServer('srv-expired');
    const out = await raw(
      { enabled: true, trustStore: 'roots', serverName: 'localhost', enforce: true },
      port,
    );
    expect(out.error?.code).toBe('CERT_HAS_EXPIRED');
  });
  it('a good server passes; rejectUnauthorized follows the profile', async () => {
    const port = await oneWayServer('srv-good');
    expect(await raw({ enabled: true, trustStore: 'roots', serverName: 'localhost' }, port)).toEqual({
      data: 'ok\n',
    });
    const o = toNodeTlsOptions({ enabled: true, ...MODES.ignore }, pki.registry, { role: 'client' });
    expect(o.rejectUnauthorized).toBe(false);
    const e = toNodeTlsOptions({ enabled: true, ...MODES.enforce }, pki.registry, { role: 'client' });
    expect(e.rejectUnauthorized).toBe(true);
    expect(e.minVersion).toBe('TLSv1.2');
    expect(e.maxVersion).toBe('TLSv1.3');
  });
  it('refuses a disabled or invalid profile with a code', () => {
    expect(() => toNodeTlsOptions({ enabled: false }, pki.registry, { role: 'client' })).toThrow(
      expect.objectContaining({ code: 'ERR_TLS_DISABLED' }),
    );
    expect(() => toNodeTlsOptions({ enabled: true }, pki.registry, { role: 'server' })).toThrow(
      expect.objectContaining({ code: 'ERR_TLS_PROFILE_REJECTED' }),
    );
  });
});

describe('createHttpsAgent', () => {
  async function httpsServer(keyStore: string): Promise<number> {
    const server = https.createServer(
      toNodeTlsOptions({ enabled: true, keyStore }, pki.registry, { role: 'server' }),
      (_req, res) => res.end('hello'),
    );
    servers.push(server);
    return listen(server);
  }
  function get(port: number, agent: https.Agent): Promise<string> {
    return new Promise((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port, path: '/', agent, servername: 'localhost' }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => {
            body += d.toString();
          });
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
  }
  it('talks to a good server and refuses a revoked one with certkit problems', async () => {
    const profile: TlsProfile = {
      enabled: true,
      trustStore: 'roots',
      serverName: 'localhost',
      enforce: true,
    };
    const agent = createHttpsAgent(profile, pki.registry, { crls: pki.crls });
    expect(await get(await httpsServer('srv-good'), agent)).toBe('hello');
    await expect(get(await httpsServer('srv-revoked'), agent)).rejects.toMatchObject({
      code: 'ERR_TLS_PEER_REJECTED',
      details: { codes: ['ERR_CHAIN_REVOKED'] },
    });
    agent.destroy();
  });
});

describe('server role: two-way TLS, the client certificate is checked by certkit', () => {
  const cases: [string, string | null, string][] = [
    ['missing client certificate', null, 'ERR_TLS_NO_PEER_CERTIFICATE'],
    ['client certificate from another CA', 'cli-other-ca', 'ERR_CHAIN_NO_ISSUER'],
    ['client certificate without clientAuth EKU', 'cli-no-eku', 'ERR_CHAIN_EXTENDED_KEY_USAGE'],
    ['expired client certificate', 'cli-expired', 'ERR_CHAIN_EXPIRED'],
    ['revoked client certificate (CRL)', 'cli-revoked', 'ERR_CHAIN_REVOKED'],
  ];
  const matrix = cases.flatMap(([name, ks, code]) =>
    (Object.keys(MODES) as Mode[]).map((mode) => [name, mode, ks, code] as const),
  );

  async function mtlsServer(mode: Mode) {
    const ignored: IgnoredTlsFinding[] = [];
    const rejected: Error[] = [];
    const profile: TlsProfile = {
      enabled: true,
      clientAuthEnabled: true,
      keyStore: 'srv-good',
      trustStore: 'roots',
      ...MODES[mode],
    };
    const server = createTlsServer(
      profile,
      pki.registry,
      { crls: pki.crls, onIgnoredFinding: (f) => ignored.push(f) },
      (s) => s.end(`ok ${s.authorized}\n`),
    );
    server.on('tlsClientError', (e) => rejected.push(e));
    servers.push(server);
    return { port: await listen(server), ignored, rejected, profile };
  }
  async function client(port: number, keyStore: string | null): Promise<Outcome> {
    const profile: TlsProfile = {
      enabled: true,
      trustStore: 'roots',
      serverName: 'localhost',
      ...(keyStore === null ? {} : { clientAuthEnabled: true, keyStore }),
    };
    return readAll(
      tls.connect({
        host: '127.0.0.1',
        port,
        ...toNodeTlsOptions(profile, pki.registry, { role: 'client' }),
      }),
    );
  }

  it.each(matrix)('%s under %s', async (_name, mode, ks, code) => {
    const s = await mtlsServer(mode);
    const out = await client(s.port, ks);
    if (mode === 'ignore' && ks !== null) {
      expect(out.data).toBe('ok false\n');
      expect(s.ignored.map((f) => f.code)).toContain(code);
      expect(s.rejected).toEqual([]);
    } else {
      expect(out.data).toBe('');
      await new Promise((r) => setImmediate(r));
      expect(s.rejected).toHaveLength(1);
      const e = s.rejected[0]!;
      if (code === 'ERR_TLS_NO_PEER_CERTIFICATE') expect(isCertkitError(e) && e.code).toBe(code);
      else {
        expect(isCertkitError(e) && e.code).toBe('ERR_TLS_PEER_REJECTED');
        expect(isCertkitError(e) && e.details.codes).toContain(code);
      }
    }
  });

  it.each(Object.keys(MODES) as Mode[])('a good client passes under %s', async (mode) => {
    const s = await mtlsServer(mode);
    const out = await client(s.port, 'cli-good');
    expect(out.data).toBe('ok true\n');
    expect(s.ignored).toEqual([]);
    expect(s.rejected).toEqual([]);
  });

  it('with raw options OpenSSL refuses the client; explainPeerCertificate explains an accepted one', async () => {
    const profile: TlsProfile = {
      enabled: true,
      clientAuthEnabled: true,
      keyStore: 'srv-good',
      trustStore: 'roots',
    };
    const opts = toNodeTlsOptions(profile, pki.registry, { role: 'server' });
    expect(opts.requestCert).toBe(true);
    expect(opts.rejectUnauthorized).toBe(true);
    const strict = tls.createServer(opts, (s) => s.end('ok\n'));
    servers.push(strict);
    expect((await client(await listen(strict), 'cli-other-ca')).data).toBe('');

    const lenient = tls.createServer({ ...opts, rejectUnauthorized: false });
    servers.push(lenient);
    const port = await listen(lenient);
    const seen = once(lenient, 'secureConnection');
    const c = client(port, 'cli-no-eku');
    const [socket] = (await seen) as [tls.TLSSocket];
    const verdict = explainPeerCertificate(socket, profile, pki.registry);
    socket.end('bye\n');
    await c;
    expect(verdict.accepted).toBe(false);
    expect(verdict.problems.map((p) => [p.code, p.depth])).toEqual([['ERR_CHAIN_EXTENDED_KEY_USAGE', 0]]);
  });
});
