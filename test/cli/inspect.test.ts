import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certkit } from '../helpers/cli-harness.js';
import { fixturePath } from '../helpers/fixtures.js';
import { hasPeerTool } from '../helpers/peer-tools.js';

const example = (name: string) => fixturePath('..', '..', 'examples', 'files', name);

describe('certkit inspect', () => {
  it('describes every certificate of a bundle with status and days left', async () => {
    const r = await certkit(['inspect', example('unordered-bundle.pem')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 objects');
    expect(r.stdout).toContain('CN=demo.example');
    expect(r.stdout).toContain('Certkit Demo Root CA');
    expect(r.stdout).toMatch(/valid, \d+ days left/);
  });

  it('--json gives the stable shape, with the status at --at', async () => {
    const r = await certkit([
      'inspect',
      '--json',
      '--at',
      '2035-05-20T00:00:00Z',
      example('server-chain.pem'),
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.files).toHaveLength(1);
    const [leaf, intermediate] = out.files[0].objects;
    expect(leaf.type).toBe('certificate');
    expect(leaf.line).toBe(1);
    expect(leaf.certificate.subject).toBe('O=Certkit Demo,CN=demo.example'); // as openssl -nameopt RFC2253 prints it
    expect(leaf.certificate.subjectAltNames).toContainEqual({ type: 'dns', value: 'www.demo.example' });
    expect(leaf.status).toMatchObject({ status: 'expiring', daysRemaining: 12 });
    expect(intermediate.status.status).toBe('valid');
  });

  it('shows key facts without secrets, and asks for a password for an encrypted key', async () => {
    const plain = await certkit(['inspect', '--json', example('server.key')]);
    const key = JSON.parse(plain.stdout).files[0].objects[0];
    expect(key).toMatchObject({
      type: 'private-key',
      key: { algorithm: 'rsa', bits: 2048, wasEncrypted: false },
    });
    expect(plain.stdout).not.toMatch(/MII[A-Za-z0-9+/]{20}/);
    const locked = await certkit(['inspect', '--json', example('server-encrypted.key')]);
    expect(JSON.parse(locked.stdout).files[0].objects[0].type).toBe('encrypted-private-key');
    const unlocked = await certkit(
      ['inspect', '--json', '--password-env', 'PW', example('server-encrypted.key')],
      {
        PW: 'demo-password',
      },
    );
    expect(JSON.parse(unlocked.stdout).files[0].objects[0].key.wasEncrypted).toBe(true);
    expect(unlocked.stdout).not.toContain('demo-password');
  });

  it('reads DER files by content, whatever their name', async () => {
    const r = await certkit([
      'inspect',
      '--json',
      fixturePath('pem', 'cert.der'),
      fixturePath('pem', 'csr.der'),
      fixturePath('pem', 'crl.der'),
    ]);
    expect(r.code).toBe(0);
    const types = JSON.parse(r.stdout).files.map((f: { objects: { type: string }[] }) => f.objects[0]!.type);
    expect(types).toEqual(['certificate', 'csr', 'crl']);
  });

  it.skipIf(!hasPeerTool('openssl', 'openssl'))(
    'lists the certificates of a PKCS#7 bundle (.p7b, PEM and DER) made by openssl',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'certkit-inspect-p7-'));
      try {
        for (const form of ['PEM', 'DER']) {
          const file = join(dir, `chain-${form}.p7b`);
          const made = spawnSync('openssl', [
            'crl2pkcs7',
            '-nocrl',
            '-certfile',
            example('server-chain.pem'),
            '-outform',
            form,
            '-out',
            file,
          ]);
          expect(made.status, String(made.stderr)).toBe(0);
          const r = await certkit(['inspect', '--json', file]);
          expect(r.code, r.stderr).toBe(0);
          const objects = JSON.parse(r.stdout).files[0].objects;
          expect(objects.map((o: { type: string }) => o.type)).toEqual(['certificate', 'certificate']);
          expect(objects[0].certificate.subject).toBe('O=Certkit Demo,CN=demo.example');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('names trailing bytes after a DER certificate (exit 3, ERR_DER_TRAILING_DATA)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certkit-inspect-trailing-'));
    try {
      const der = readFileSync(fixturePath('pem', 'cert.der'));
      const file = join(dir, 'trailing.der');
      writeFileSync(file, Buffer.concat([der, Buffer.from('junk\n')]));
      const r = await certkit(['inspect', '--json', file]);
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout).files[0].error).toMatchObject({
        code: 'ERR_DER_TRAILING_DATA',
        details: { kind: 'certificate', objectBytes: der.length, trailingBytes: 5 },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 3 with the code and line when a file is broken or missing', async () => {
    const broken = await certkit(['inspect', '--json', fixturePath('pem', 'truncated.pem')]);
    expect(broken.code).toBe(3);
    expect(JSON.parse(broken.stdout).files[0].error).toMatchObject({
      code: 'ERR_PEM_TRUNCATED',
      details: { line: 1 },
    });
    const missing = await certkit(['inspect', fixturePath('pem', 'missing.pem')]);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toContain('ERR_INPUT_UNREADABLE');
  });
});

describe('certkit inspect: encoding deviations', () => {
  it('shows what a certificate breaks of DER or RFC 5280 as a warning, and still describes it', async () => {
    const { deviantCertificate, nameOf, newKey, stringTlv } = await import(
      '../x509/helpers/deviant-certificate.js'
    );
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    // A PrintableString holding '*', which X.680 does not allow and real certificates carry anyway.
    const der = deviantCertificate(newKey(), {
      subject: nameOf(['2.5.4.3', stringTlv(0x13, '*.example.test')]),
    });
    const dir = await mkdtemp(join(tmpdir(), 'certkit-inspect-dev-'));
    try {
      const file = join(dir, 'deviant.der');
      await writeFile(file, der);
      const r = await certkit(['inspect', file]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Warning: +subject: .*PrintableString/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
