import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parsePrivateKey } from '../../src/keys/index.js';
import { probeTlsEndpoint } from '../../src/tls/index.js';
import type { ProbeReport } from '../../src/tls/probe/probe-report.js';
import { parseCertificates } from '../../src/x509/index.js';
import { freePort } from '../helpers/free-port.js';
import { type OpensslServer, startOpensslServer } from '../helpers/openssl-server.js';
import { hasPeerTool } from '../helpers/peer-tools.js';
import { type ProbePkiFiles, serve, writeProbePki } from './probe-pki-files.js';
import { closeServer, listen } from './socket-helpers.js';

const HAS_OPENSSL = hasPeerTool('openssl', 'openssl');
const VERSIONS = ['tls1_2', 'tls1_3'] as const;
const PROTOCOL = { tls1_2: 'TLSv1.2', tls1_3: 'TLSv1.3' } as const;

function check(report: ProbeReport, name: string) {
  return report.checks.find((c) => c.check === name)!;
}

describe.skipIf(!HAS_OPENSSL)('probeTlsEndpoint against openssl s_server', () => {
  let files: ProbePkiFiles;
  const servers: OpensslServer[] = [];

  beforeAll(async () => {
    files = await writeProbePki(['srv-good', 'srv-expired', 'srv-wrong-host', 'cli-good', 'cli-other-ca']);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });
  afterAll(() => files.remove());

  async function server(name: string, version: 'tls1_2' | 'tls1_3', extra: string[] = []): Promise<number> {
    const s = await startOpensslServer([...serve(files, name, version), ...extra]);
    servers.push(s);
    return s.port;
  }

  const probe = (port: number, extra: Partial<Parameters<typeof probeTlsEndpoint>[0]> = {}) =>
    probeTlsEndpoint({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      trust: [files.pki.root.cert],
      timeoutMs: 20_000,
      ...extra,
    });

  describe.each(VERSIONS)('%s', (version) => {
    it('no -verify: one-way, the chain as sent, every check passes', async () => {
      const report = await probe(await server('srv-good', version));
      expect(report.protocol).toBe(PROTOCOL[version]);
      expect(report.mode).toBe('one-way');
      expect(report.clientCaNames).toBeNull();
      expect(report.chain.map((c) => c.subject)).toEqual(['CN=localhost', 'CN=TLS Test Intermediate']);
      expect(report.chain[0]!.sha256Fingerprint).toBe(
        files.pki.leaves.get('srv-good')!.cert.sha256Fingerprint,
      );
      expect(report.checks.map((c) => [c.check, c.ok])).toEqual([
        ['expiry', true],
        ['trust', true],
        ['hostname', true],
        ['revocation', true],
      ]);
      // The test certificates name no OCSP responder or CRL: soft-fail passes and says why.
      expect(check(report, 'revocation').warnings.map((w) => w.code)).toEqual([
        'ERR_CHAIN_REVOCATION_UNKNOWN',
        'ERR_CHAIN_REVOCATION_UNKNOWN',
      ]);
      expect(check(report, 'revocation').message).toMatch(/^soft-fail: .*could not be had/);
      expect(report.ok).toBe(true);
    }, 60_000);

    it('-verify 1: two-way-optional, with the -CAfile names as client CA names', async () => {
      const port = await server('srv-good', version, ['-verify', '1', '-CAfile', files.path('root.pem')]);
      const report = await probe(port);
      expect(report.mode).toBe('two-way-optional');
      expect(report.clientCaNames).toEqual(['CN=TLS Test Root']);
      expect(report.ok).toBe(true);
    }, 60_000);

    it('-Verify 1: two-way-required', async () => {
      const port = await server('srv-good', version, ['-Verify', '1', '-CAfile', files.path('root.pem')]);
      const report = await probe(port);
      expect(report.mode).toBe('two-way-required');
      expect(report.modeReason).toMatch(/refused a handshake without a client certificate/);
      expect(report.clientCaNames).toEqual(['CN=TLS Test Root']);
      // The server's own chain is still read and checked.
      expect(report.chain).toHaveLength(2);
      expect(report.ok).toBe(true);
    }, 60_000);

    it('-Verify 1 -no_ca_names: asks without naming a CA', async () => {
      const port = await server('srv-good', version, [
        '-Verify',
        '1',
        '-CAfile',
        files.path('root.pem'),
        '-no_ca_names',
      ]);
      const report = await probe(port);
      expect(report.mode).toBe('two-way-required');
      expect(report.clientCaNames).toEqual([]);
    }, 60_000);

    it('a client identity from the CA is accepted by -Verify, one of another CA refused', async () => {
      const port = await server('srv-good', version, [
        '-Verify',
        '1',
        '-CAfile',
        files.path('root.pem'),
        '-verify_return_error',
      ]);
      const identity = async (name: string) => ({
        privateKey: parsePrivateKey((await files.pki.pemOf(name)).key),
        chain: parseCertificates((await files.pki.pemOf(name)).chain),
      });
      const good = await probe(port, { clientIdentity: await identity('cli-good') });
      expect(good.clientIdentity).toMatchObject({ subject: 'CN=client', accepted: true });
      expect(good.ok).toBe(true);
      const other = await probe(port, { clientIdentity: await identity('cli-other-ca') });
      expect(other.clientIdentity).toMatchObject({ subject: 'CN=client of other CA', accepted: false });
      expect(other.ok).toBe(false);
    }, 60_000);
  });

  it('an expired server certificate fails the expiry check with ERR_CHAIN_EXPIRED', async () => {
    const report = await probe(await server('srv-expired', 'tls1_3'));
    expect(check(report, 'expiry')).toMatchObject({ ok: false });
    expect(check(report, 'expiry').problems.map((p) => [p.code, p.depth])).toEqual([
      ['ERR_CHAIN_EXPIRED', 0],
    ]);
    expect(check(report, 'trust').ok).toBe(true);
    expect(check(report, 'revocation')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^not decided/),
    });
    expect(report.ok).toBe(false);
  }, 60_000);

  it('revocation: hard-fail refuses a chain whose status cannot be had, off does not look', async () => {
    const port = await server('srv-good', 'tls1_2');
    const hard = await probe(port, { revocation: 'hard-fail' });
    expect(check(hard, 'revocation').ok).toBe(false);
    expect(check(hard, 'revocation').problems.map((p) => p.code)).toContain('ERR_CHAIN_REVOCATION_UNKNOWN');
    const off = await probe(port, { revocation: 'off' });
    expect(check(off, 'revocation')).toMatchObject({ ok: true, message: 'not checked (revocation off)' });
  }, 60_000);

  it('a time given with `at` after notAfter fails the expiry check of a good certificate', async () => {
    const report = await probe(await server('srv-good', 'tls1_2'), {
      at: new Date(Date.now() + 3650 * 86_400_000),
    });
    expect(check(report, 'expiry').ok).toBe(false);
    expect(report.at).toBe(new Date(report.at).toISOString());
  }, 60_000);

  it('a name the certificate does not carry fails the hostname check', async () => {
    const port = await server('srv-wrong-host', 'tls1_2');
    const report = await probe(port);
    expect(check(report, 'hostname').problems.map((p) => p.code)).toEqual(['ERR_CHAIN_HOSTNAME_MISMATCH']);
    expect(check(report, 'hostname').ok).toBe(false);
    expect(check(report, 'trust').ok).toBe(true);
    const renamed = await probe(port, { servername: 'other.example' });
    expect(check(renamed, 'hostname').ok).toBe(true);
  }, 60_000);

  it('an IP address as the host: no SNI sent, the name checked is the address (IP SAN)', async () => {
    const port = await server('srv-good', 'tls1_3');
    const report = await probeTlsEndpoint({ host: '127.0.0.1', port, trust: [files.pki.root.cert] });
    expect(report.servername).toBeUndefined();
    expect(report.name).toBe('127.0.0.1');
    expect(check(report, 'hostname')).toMatchObject({
      ok: true,
      message: 'the certificate is valid for 127.0.0.1',
    });
  }, 60_000);

  it('a chain from a CA not in the trust anchors fails trust and leaves revocation undecided', async () => {
    const report = await probe(await server('srv-good', 'tls1_3'), { trust: [files.pki.otherRoot.cert] });
    expect(check(report, 'trust').ok).toBe(false);
    expect(check(report, 'trust').problems.length).toBeGreaterThan(0);
    expect(check(report, 'revocation')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not decided/),
    });
    expect(report.ok).toBe(false);
  }, 60_000);

  it('a server with no cipher in common is ERR_TLS_PROBE_HANDSHAKE_FAILED, naming its alert', async () => {
    const port = await server('srv-good', 'tls1_2', ['-cipher', 'PSK-AES128-CBC-SHA']);
    await expect(probe(port)).rejects.toMatchObject({
      code: 'ERR_TLS_PROBE_HANDSHAKE_FAILED',
      message: expect.stringMatching(/alert 40 \(handshake_failure\)/),
      details: { alert: { level: 2, description: 40 } },
    });
  }, 60_000);

  it('without trust anchors given, Node root store is used (a private CA is untrusted)', async () => {
    const port = await server('srv-good', 'tls1_2');
    const report = await probeTlsEndpoint({ host: '127.0.0.1', port, servername: 'localhost' });
    expect(check(report, 'trust').ok).toBe(false);
  }, 60_000);
});

describe('probeTlsEndpoint failures', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(servers.splice(0).map(closeServer));
  });
  /** A plain TCP server on 127.0.0.1 whose connections the test closes. */
  async function tcpServer(onConnection: (socket: Socket) => void): Promise<number> {
    const s = createServer((socket) => {
      sockets.push(socket);
      onConnection(socket);
    });
    servers.push(s);
    return listen(s);
  }

  it('a closed port is ERR_TLS_PROBE_UNREACHABLE', async () => {
    const port = await freePort();
    await expect(probeTlsEndpoint({ host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'ERR_TLS_PROBE_UNREACHABLE',
    });
  });

  it('a server that never answers is ERR_TLS_PROBE_TIMEOUT', async () => {
    const port = await tcpServer(() => undefined);
    await expect(probeTlsEndpoint({ host: '127.0.0.1', port, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'ERR_TLS_PROBE_TIMEOUT',
    });
  });

  it('a server that is not TLS gives a coded error', async () => {
    const port = await tcpServer((socket) => socket.end('HTTP/1.0 400 Bad Request\r\n\r\n'));
    await expect(probeTlsEndpoint({ host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'ERR_TLS_PROBE_MALFORMED',
    });
  });

  it('misuse is a TypeError', async () => {
    await expect(probeTlsEndpoint({ host: '', port: 1 })).rejects.toBeInstanceOf(TypeError);
    await expect(probeTlsEndpoint({ host: 'x', port: 70_000 })).rejects.toBeInstanceOf(TypeError);
  });
});
