import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { certkit, certkitProcess } from '../helpers/cli-harness.js';
import { freePort } from '../helpers/free-port.js';
import { type OpensslServer, startOpensslServer } from '../helpers/openssl-server.js';
import { hasPeerTool, runAsync } from '../helpers/peer-tools.js';
import { type ProbePkiFiles, serve, writeProbePki } from '../tls/probe-pki-files.js';

const HAS_OPENSSL = hasPeerTool('openssl', 'openssl');

/** The command in-process, at the real time (the test PKI is minted around now). */
const run = (args: string[]) => certkit(['probe', ...args], {}, new Date());

describe.skipIf(!HAS_OPENSSL)('certkit probe against openssl s_server', () => {
  let files: ProbePkiFiles;
  const servers: OpensslServer[] = [];
  beforeAll(async () => {
    files = await writeProbePki(['srv-good', 'cli-good']);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });
  afterAll(() => files.remove());

  async function server(extra: string[] = [], version: 'tls1_2' | 'tls1_3' = 'tls1_3'): Promise<string> {
    const s = await startOpensslServer([...serve(files, 'srv-good', version), ...extra]);
    servers.push(s);
    return `127.0.0.1:${s.port}`;
  }
  const trusted = () => ['--servername', 'localhost', '--ca', files.path('root.pem')];

  it('--json: the documented shape, exit 0 when every check passes', async () => {
    const target = await server(['-Verify', '1', '-CAfile', files.path('root.pem')]);
    const r = await run([target, ...trusted(), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual([
      'host',
      'port',
      'servername',
      'name',
      'at',
      'protocol',
      'cipherSuite',
      'mode',
      'modeReason',
      'clientCaNames',
      'chain',
      'checks',
      'ok',
    ]);
    expect(report).toMatchObject({
      host: '127.0.0.1',
      servername: 'localhost',
      protocol: 'TLSv1.3',
      mode: 'two-way-required',
      clientCaNames: ['CN=TLS Test Root'],
      ok: true,
    });
    expect(report.chain[0]).toMatchObject({
      depth: 0,
      subject: 'CN=localhost',
      issuer: 'CN=TLS Test Intermediate',
    });
    expect(report.checks.map((c: { check: string }) => c.check)).toEqual([
      'expiry',
      'trust',
      'hostname',
      'revocation',
    ]);
  }, 60_000);

  it('text: mode, CA names, chain and each check on its own line', async () => {
    const target = await server(['-verify', '1', '-CAfile', files.path('root.pem')], 'tls1_2');
    const r = await run([target, ...trusted()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/TLSv1\.2/);
    expect(r.stdout).toMatch(/^Mode: two-way-optional \(/m);
    expect(r.stdout).toMatch(/^Client CA names:\n {2}CN=TLS Test Root$/m);
    expect(r.stdout).toMatch(/^ {2}0 CN=localhost$/m);
    for (const check of ['expiry', 'trust', 'hostname', 'revocation'])
      expect(r.stdout).toMatch(new RegExp(`^ {2}ok {8}${check}`, 'm'));
    expect(r.stdout.trim().split('\n').at(-1)).toBe('OK');
  }, 60_000);

  it('exit 1 when a check fails: the wrong name, or no --ca for a private CA', async () => {
    const target = await server();
    const wrong = await run([target, '--servername', 'wrong.example', '--ca', files.path('root.pem')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/FAILED {4}hostname +ERR_CHAIN_HOSTNAME_MISMATCH/);
    expect(wrong.stdout).toMatch(/UNDECIDED revocation not decided/);
    const roots = await run([target, '--servername', 'localhost', '--json']);
    expect(roots.code).toBe(1);
    expect(JSON.parse(roots.stdout).checks[1]).toMatchObject({ check: 'trust', ok: false });
  }, 60_000);

  it('--at after the certificate expires fails the expiry check', async () => {
    const target = await server();
    const r = await run([target, ...trusted(), '--at', '2099-01-01', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).checks[0]).toMatchObject({ check: 'expiry', ok: false });
  }, 60_000);

  it('--cert/--key: the client identity is presented and accepted', async () => {
    const target = await server(['-Verify', '1', '-CAfile', files.path('root.pem'), '-verify_return_error']);
    const args = [
      target,
      ...trusted(),
      '--cert',
      files.path('cli-good-chain.crt'),
      '--key',
      files.path('cli-good.key'),
    ];
    const r = await run([...args, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).clientIdentity).toMatchObject({ subject: 'CN=client', accepted: true });
    const text = await run(args);
    expect(text.stdout).toMatch(/^Client certificate CN=client: ACCEPTED/m);
    // An encrypted key opened with --key-password.
    const encrypted = `${files.dir}/cli-good-encrypted.key`;
    await runAsync('openssl', [
      'pkcs8',
      '-topk8',
      '-in',
      files.path('cli-good.key'),
      '-out',
      encrypted,
      '-passout',
      'pass:s3cret',
    ]);
    const withPassword = await run([
      target,
      ...trusted(),
      '--cert',
      files.path('cli-good-chain.crt'),
      '--key',
      encrypted,
      '--key-password',
      's3cret',
      '--json',
    ]);
    expect(withPassword.code).toBe(0);
    expect(JSON.parse(withPassword.stdout).clientIdentity.accepted).toBe(true);
  }, 60_000);
});

describe('certkit probe usage, input and temporary failures', () => {
  it('exit 2 for a bad target or option', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['example.com'])).code).toBe(2);
    expect((await run(['example.com:0'])).code).toBe(2);
    expect((await run(['example.com:443', '--timeout', 'soon'])).code).toBe(2);
    expect((await run(['example.com:443', '--revocation', 'maybe'])).code).toBe(2);
    expect((await run(['example.com:443', '--cert', 'x.pem'])).code).toBe(2);
  });

  it('exit 3 for a CA file that cannot be read', async () => {
    const r = await run(['127.0.0.1:1', '--ca', '/nonexistent/ca.pem', '--json']);
    expect(r.code).toBe(3);
  });

  it('exit 3 for a client key that does not belong to the certificate', async () => {
    const files = await writeProbePki(['cli-good', 'cli-other-ca']);
    try {
      const r = await run([
        '127.0.0.1:1',
        '--cert',
        files.path('cli-good.crt'),
        '--key',
        files.path('cli-other-ca.key'),
        '--json',
      ]);
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout).error.code).toBe('ERR_KEY_MISMATCH');
    } finally {
      files.remove();
    }
  }, 60_000);

  it('exit 75 for a refused connection (the built command as a real process)', async () => {
    const port = await freePort();
    const r = await certkitProcess(['probe', `127.0.0.1:${port}`, '--json']);
    expect(r.code).toBe(75);
    expect(JSON.parse(r.stdout).error.code).toBe('ERR_TLS_PROBE_UNREACHABLE');
    const text = await certkitProcess(['probe', `127.0.0.1:${port}`]);
    expect(text.stderr).toMatch(/^certkit probe: ERR_TLS_PROBE_UNREACHABLE: /);
    expect(text.stderr).toMatch(/temporary failure/);
  }, 60_000);

  it('is listed in certkit --help and has its own usage with the JSON shape', async () => {
    expect((await certkit(['--help'])).stdout).toMatch(/^ {2}probe +connect to a live TLS endpoint/m);
    const help = await certkit(['probe', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/"mode": "one-way"\|"two-way-optional"\|"two-way-required"/);
  });
});
