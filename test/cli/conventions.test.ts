import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certkit, certkitProcess } from '../helpers/cli-harness.js';
import { fixturePath } from '../helpers/fixtures.js';
import { freePort } from '../helpers/free-port.js';

// The command-line conventions of issue 11, each checked on the built command run as a real process
// (standard input and exit codes are those of a real process).

const example = (name: string) => fixturePath('..', '..', 'examples', 'files', name);
const certDer = readFileSync(fixturePath('pem', 'cert.der'));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certkit-conventions-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, bytes: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

const fileError = (stdout: string) => JSON.parse(stdout).files[0].error;

describe('broken input is an input error (exit 3, coded), never "unknown" with exit 0', () => {
  it('a truncated DER certificate says so with both sizes', async () => {
    const r = await certkitProcess(['inspect', '--json', file('cut.der', certDer.subarray(0, 300))]);
    expect(r.code).toBe(3);
    expect(fileError(r.stdout)).toMatchObject({
      code: 'ERR_DER_TRUNCATED',
      details: { expected: certDer.length, found: 300, missing: certDer.length - 300 },
    });
    const text = await certkitProcess(['inspect', file('cut2.der', certDer.subarray(0, 300))]);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain(`announces ${certDer.length} bytes, but only 300 are present`);
  });

  it('a PEM block with clean base64 of a cut certificate is truncated, not "no certificate"', async () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${certDer.subarray(0, certDer.length >> 1).toString('base64')}\n-----END CERTIFICATE-----\n`;
    const r = await certkitProcess(['inspect', '--json', file('cut.pem', pem)]);
    expect(r.code).toBe(3);
    expect(fileError(r.stdout)).toMatchObject({
      code: 'ERR_DER_TRUNCATED',
      details: { line: 1, label: 'CERTIFICATE', expected: certDer.length, found: certDer.length >> 1 },
    });
  });

  it('plain text without a PEM block is ERR_PEM_NO_BLOCK', async () => {
    const r = await certkitProcess([
      'inspect',
      '--json',
      file('notes.txt', 'just some notes\nno pem here\n'),
    ]);
    expect(r.code).toBe(3);
    expect(fileError(r.stdout).code).toBe('ERR_PEM_NO_BLOCK');
  });

  it('random bytes are ERR_INPUT_UNKNOWN_FORMAT (or a truncation when they happen to start like DER)', async () => {
    let bytes = randomBytes(2048);
    while (bytes[0] === 0x30) bytes = randomBytes(2048);
    const r = await certkitProcess(['inspect', '--json', file('random.bin', bytes)]);
    expect(r.code).toBe(3);
    expect(fileError(r.stdout).code).toBe('ERR_INPUT_UNKNOWN_FORMAT');
  });

  it('a whole DER SEQUENCE of no known kind is an input error too', async () => {
    const r = await certkitProcess([
      'inspect',
      '--json',
      file('seq.der', Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05)),
    ]);
    expect(r.code).toBe(3);
    expect(fileError(r.stdout).code).toBe('ERR_INPUT_UNKNOWN_FORMAT');
  });

  it('an encrypted key without its password is still described, exit 0', async () => {
    const r = await certkitProcess(['inspect', '--json', example('server-encrypted.key')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0].objects[0].type).toBe('encrypted-private-key');
  });
});

describe('`-` reads standard input wherever a file is taken', () => {
  const chain = readFileSync(example('server-chain.pem'));
  const key = readFileSync(example('server.key'));

  it('inspect -', async () => {
    const r = await certkitProcess(['inspect', '--json', '-'], { input: chain });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout).files[0];
    expect(out.path).toBe('standard input');
    expect(out.objects[0].certificate.subject).toContain('CN=demo.example');
  });

  it('match --key - --cert - reads one PEM text holding both', async () => {
    const r = await certkitProcess(['match', '--json', '--key', '-', '--cert', '-'], {
      input: Buffer.concat([key, chain]),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).matches).toBe(true);
  });

  it('verify - --ca FILE, bundle -, status -, and --password-file -', async () => {
    const verify = await certkitProcess(
      ['verify', '-', '--ca', example('root-ca.pem'), '--host', 'demo.example', '--json'],
      { input: chain },
    );
    expect(JSON.parse(verify.stdout).chain.length).toBe(3);
    expect([0, 1]).toContain(verify.code); // the demo leaf may be expiring or expired; the chain was read
    const bundle = await certkitProcess(['bundle', '--json', '-'], {
      input: readFileSync(example('unordered-bundle.pem')),
    });
    expect(JSON.parse(bundle.stdout).chain).toHaveLength(3);
    const status = await certkitProcess(['status', '--json', '-', '--within', '0'], { input: chain });
    expect(JSON.parse(status.stdout).certificates).toHaveLength(2);
    const unlocked = await certkitProcess(
      ['inspect', '--json', '--password-file', '-', example('server-encrypted.key')],
      { input: 'demo-password\n' },
    );
    expect(unlocked.code).toBe(0);
    expect(JSON.parse(unlocked.stdout).files[0].objects[0].key.wasEncrypted).toBe(true);
  });

  it('empty standard input is ERR_INPUT_EMPTY (exit 3)', async () => {
    const r = await certkitProcess(['inspect', '-'], { input: '' });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('ERR_INPUT_EMPTY');
  });
});

describe('JKS key passwords', () => {
  const jks = fixturePath('stores', 'keytool.jks'); // keytool: rsa-key and server with -keypass keypass

  it('a key password that differs from the store password opens with --key-password', async () => {
    const without = await certkitProcess(['inspect', jks, '--password', 'storepass']);
    expect(without.code).toBe(3);
    expect(without.stdout).toContain('ERR_JKS_BAD_KEY_PASSWORD');
    expect(without.stdout).toContain('--key-password');
    const opened = await certkitProcess(
      ['inspect', '--json', jks, '--password', 'storepass', '--key-password-env', 'KP'],
      { env: { KP: 'keypass' } },
    );
    expect(opened.code).toBe(0);
    const keys = JSON.parse(opened.stdout).files[0].objects.filter(
      (o: { type: string }) => o.type === 'private-key',
    );
    // ec-key keeps the store password: it still opens beside the two with the key password.
    expect(keys.map((k: { alias: string }) => k.alias).sort()).toEqual(['ec-key', 'rsa-key', 'server']);
    const status = await certkitProcess([
      'status',
      '--json',
      jks,
      '--password',
      'storepass',
      '--key-password',
      'keypass',
    ]);
    expect(JSON.parse(status.stdout).certificates).toHaveLength(6); // 1 + 1 + 3 in key entries, 1 trusted
  });
});

describe('exit codes and messages', () => {
  it('a temporary failure (CA unreachable) exits 75, not 1', async () => {
    const port = await freePort(); // nothing listens there
    const r = await certkitProcess(
      [
        'order',
        '--directory',
        `http://127.0.0.1:${port}/directory`,
        '--dns-hook',
        '/bin/true',
        '-d',
        'a.test',
        '--out',
        join(dir, 'never.pem'),
        '--state',
        join(dir, 'acme-state'),
        '--timeout',
        '20',
        '--quiet',
      ],
      { timeoutMs: 120_000 },
    );
    expect(r.code).toBe(75);
    expect(r.stderr).toContain('certkit order: ERR_ACME_UNREACHABLE');
    expect(r.stderr).toContain('try again later');
  }, 150_000);

  it('--help documents 75 with the other exit codes', async () => {
    const r = await certkitProcess(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 success, 1 the check said no, 2 usage error, 3 input error/);
    expect(r.stdout).toMatch(/75 temporary failure \(network, timeout, rate limit/);
    expect(r.stdout).toContain('`-` reads standard input');
  });

  it("a usage error carries one prefix and points at the command's own help", async () => {
    const r = await certkitProcess(['verify']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('certkit verify: ERR_CLI_USAGE: --file must name exactly one certificate file.');
    expect(lines[1]).toBe('Run `certkit verify --help` for usage.');
    expect(r.stderr.match(/certkit/g)).toHaveLength(2);
    const sub = await certkitProcess(['p12', 'pack', '--cert', 'x.pem']);
    expect(sub.stderr).toContain('certkit p12 pack: ERR_CLI_USAGE: --key is required.');
    expect(sub.stderr).toContain('Run `certkit p12 --help` for usage.');
    const option = await certkitProcess(['inspect', '--nope']);
    expect(option.stderr.split('\n')[0]).toMatch(/^certkit inspect: ERR_CLI_USAGE: Unknown option '--nope'/);
    const unknown = await certkitProcess(['frobnicate']);
    expect(unknown.stderr).toContain('certkit: ERR_CLI_USAGE: Unknown command "frobnicate".');
    expect(unknown.stderr).toContain('Run `certkit --help` for usage.');
  });

  it('a --json usage error has a message without a prefix and the exit code', async () => {
    const r = await certkitProcess(['match', '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      error: { code: 'ERR_CLI_USAGE', message: '--key is required.' },
      exitCode: 2,
    });
  });

  it('match --json carries ERR_KEY_MISMATCH beside matches: false', async () => {
    const r = await certkit([
      'match',
      '--json',
      '--key',
      example('other.key'),
      '--cert',
      example('server-chain.pem'),
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ matches: false, code: 'ERR_KEY_MISMATCH' });
    expect(out.reason).toMatch(/modulus|algorithm|curve/);
    const ok = await certkit([
      'match',
      '--json',
      '--key',
      example('server.key'),
      '--cert',
      example('server-chain.pem'),
    ]);
    expect(JSON.parse(ok.stdout)).not.toHaveProperty('code');
  });
});
