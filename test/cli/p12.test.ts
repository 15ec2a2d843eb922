import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyMatchesCertificate, parsePrivateKey } from '../../src/keys/index.js';
import { parseCertificate } from '../../src/x509/index.js';
import { certkit } from '../helpers/cli-harness.js';
import { fixturePath } from '../helpers/fixtures.js';
import { hasPeerTool, run } from '../helpers/peer-tools.js';

const example = (name: string) => fixturePath('..', '..', 'examples', 'files', name);
const store = (name: string) => fixturePath('stores', name);
const tmp = () => mkdtempSync(join(tmpdir(), 'certkit-p12-'));
const hasOpenssl = hasPeerTool('openssl', 'openssl');
const hasKeytool = hasPeerTool('keytool', 'default-jre-headless', ['-help']);

describe.skipIf(!hasOpenssl || !hasKeytool)('certkit p12 pack: files openssl and keytool open', () => {
  for (const legacy of [false, true]) {
    it(`${legacy ? 'legacy' : 'modern'} profile`, async () => {
      const out = join(tmp(), 'server.p12');
      const args = ['p12', 'pack', '--key', example('server.key'), '--cert', example('server-chain.pem')];
      const r = await certkit(
        [
          ...args,
          '--chain',
          example('root-ca.pem'),
          '--out',
          out,
          '--password-env',
          'PW',
          ...(legacy ? ['--legacy'] : []),
        ],
        {
          PW: 'pack-password',
        },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const dumped = run('openssl', [
        'pkcs12',
        '-in',
        out,
        '-passin',
        'pass:pack-password',
        '-nodes',
        ...(legacy ? ['-legacy'] : []),
      ]);
      const certs = dumped.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      expect(certs.map((c) => parseCertificate(c).subject.commonName)).toEqual([
        'demo.example',
        'Certkit Demo Issuing CA',
        'Certkit Demo Root CA',
      ]);
      const key = parsePrivateKey(
        dumped.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/)![0],
      );
      expect(keyMatchesCertificate(key, parseCertificate(certs[0]!)).matches).toBe(true);
      const listed = run('keytool', [
        '-list',
        '-storetype',
        'PKCS12',
        '-keystore',
        out,
        '-storepass',
        'pack-password',
      ]);
      expect(listed).toContain('demo.example, ');
      expect(listed).toMatch(/PrivateKeyEntry/);
    });
  }

  it('refuses a key that does not belong to the certificate and writes nothing', async () => {
    const out = join(tmp(), 'wrong.p12');
    const r = await certkit([
      'p12',
      'pack',
      '--key',
      example('other.key'),
      '--cert',
      example('server-chain.pem'),
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_KEY_MISMATCH');
    expect(() => statSync(out)).toThrow();
  });
});

describe('certkit p12 unpack', () => {
  it('lists an openssl-made file and writes key (0600) and chain that match', async () => {
    const dir = tmp();
    const r = await certkit([
      'p12',
      'unpack',
      store('openssl-modern-rsa.p12'),
      '--password',
      'changeit',
      '--out-dir',
      dir,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.keys[0].alias).toBe('server');
    expect(out.keys[0].chain.length).toBeGreaterThanOrEqual(2);
    expect(r.stdout).not.toMatch(/BEGIN PRIVATE KEY/);
    const keyFile = join(dir, 'server.key.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = parsePrivateKey(readFileSync(keyFile));
    const leaf = parseCertificate(readFileSync(join(dir, 'server.chain.pem')));
    expect(keyMatchesCertificate(key, leaf).matches).toBe(true);
  });

  it('a wrong password is ERR_PKCS12_BAD_PASSWORD (exit 3) and is never echoed', async () => {
    const r = await certkit(['p12', 'unpack', store('openssl-modern-rsa.p12'), '--password', 'guess-123']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ERR_PKCS12_BAD_PASSWORD');
    expect(r.stderr).not.toContain('guess-123');
  });

  it('needs pack or unpack', async () => {
    expect((await certkit(['p12'])).code).toBe(2);
  });
});

describe('inspect and verify read keystores directly', () => {
  it('inspect describes a PKCS#12 file entry by entry', async () => {
    const r = await certkit(['inspect', '--json', '--password', 'changeit', store('keytool.p12')]);
    expect(r.code, r.stdout).toBe(0);
    const objects = JSON.parse(r.stdout).files[0].objects as { type: string; alias: string }[];
    expect(
      objects
        .filter((o) => o.type === 'private-key')
        .map((o) => o.alias)
        .sort(),
    ).toEqual(['ec-key', 'rsa-key']);
    expect(objects.some((o) => o.type === 'certificate' && o.alias === 'trusted-root')).toBe(true);
  });

  it('inspect reads a JKS store with a non-ASCII password, and asks for one without it', async () => {
    const r = await certkit(['inspect', '--json', '--password', 'pässwörd-ü', store('nonascii.jks')]);
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).files[0].objects[0]).toMatchObject({ type: 'private-key', alias: 'k' });
    const without = await certkit(['inspect', '--json', store('nonascii.jks')]);
    expect(without.code).toBe(3);
    expect(JSON.parse(without.stdout).files[0].error.code).toBe('ERR_CLI_USAGE');
  });

  it('verify takes the chain from a PKCS#12 file', async () => {
    const r = await certkit([
      'verify',
      '--json',
      store('openssl-modern-rsa.p12'),
      '--password',
      'changeit',
      '--ca',
      store('root.pem'),
      '--purpose',
      'any',
    ]);
    const out = JSON.parse(r.stdout);
    expect(out.chain.length).toBeGreaterThanOrEqual(2);
    expect(out.problems.map((p: { code: string }) => p.code)).not.toContain('ERR_CHAIN_NO_ISSUER');
  });
});
