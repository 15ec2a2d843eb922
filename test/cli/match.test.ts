import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certkit } from '../helpers/cli-harness.js';
import { fixturePath } from '../helpers/fixtures.js';

const example = (name: string) => fixturePath('..', '..', 'examples', 'files', name);

describe('certkit match', () => {
  it('exits 0 when the key belongs to the certificate', async () => {
    const r = await certkit(['match', '--key', example('server.key'), '--cert', example('server-chain.pem')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK');
  });

  it('exits 1 with both public key fingerprints on a mismatch', async () => {
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
    expect(out.matches).toBe(false);
    expect(out.keyPublicKeySha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(out.keyPublicKeySha256).not.toBe(out.certificatePublicKeySha256);
  });

  it('reads an encrypted key with --password-file, and says how to give one without it', async () => {
    const noPassword = await certkit([
      'match',
      '--key',
      example('server-encrypted.key'),
      '--cert',
      example('server-chain.pem'),
    ]);
    expect(noPassword.code).toBe(3);
    expect(noPassword.stderr).toContain('ERR_KEY_ENCRYPTED');
    expect(noPassword.stderr).toContain('--password');
    const wrong = await certkit([
      'match',
      '--password',
      'nope',
      '--key',
      example('server-encrypted.key'),
      '--cert',
      example('server-chain.pem'),
    ]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('ERR_KEY_BAD_PASSWORD');
    expect(wrong.stderr).not.toContain('nope');
    const file = join(mkdtempSync(join(tmpdir(), 'certkit-')), 'pw.txt');
    writeFileSync(file, 'demo-password\n', { mode: 0o600 });
    const viaFile = await certkit([
      'match',
      '--password-file',
      file,
      '--key',
      example('server-encrypted.key'),
      '--cert',
      example('server-chain.pem'),
    ]);
    expect(viaFile.code).toBe(0);
  });

  it('requires --key and --cert (usage error, exit 2)', async () => {
    expect((await certkit(['match', '--key', example('server.key')])).code).toBe(2);
  });
});
