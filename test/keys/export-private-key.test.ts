import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPrivateKey, parsePrivateKey } from '../../src/keys/index.js';
import { hasPeerTool, run } from '../helpers/peer-tools.js';
import { bytes, KEY_TYPES, PASSWORD, text, UTF8_PASSWORD } from './fixtures.js';

const withOpenssl = hasPeerTool('openssl', 'openssl');
const dir = mkdtempSync(join(tmpdir(), 'certkit-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opensslPubDer(file: string, args: string[]): Buffer {
  const r = spawnSync('openssl', ['pkey', '-in', file, ...args, '-pubout', '-outform', 'DER']);
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return r.stdout;
}

describe('exportPrivateKey: plain PKCS#8', () => {
  for (const t of KEY_TYPES) {
    it(`${t.type}: PEM and DER read back to the same key`, () => {
      const key = parsePrivateKey(text(`${t.type}-a.pkcs8.pem`));
      const pem = exportPrivateKey(key, { format: 'pkcs8-pem' });
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      const der = exportPrivateKey(key, { format: 'pkcs8-der' });
      expect(der).toBeInstanceOf(Uint8Array);
      for (const again of [parsePrivateKey(pem), parsePrivateKey(der)]) {
        expect(again.format).toBe('pkcs8');
        expect(again.publicKey.sha256Fingerprint).toBe(key.publicKey.sha256Fingerprint);
      }
    });
  }
  it('converts PKCS#1 and SEC1 keys to the PKCS#8 openssl writes', () => {
    expect(
      Buffer.compare(
        exportPrivateKey(parsePrivateKey(text('rsa-a.pkcs1.pem')), { format: 'pkcs8-der' }),
        bytes('rsa-a.pkcs8.der'),
      ),
    ).toBe(0);
    expect(
      Buffer.compare(
        exportPrivateKey(parsePrivateKey(text('ec-p384-a.sec1.pem')), { format: 'pkcs8-der' }),
        bytes('ec-p384-a.pkcs8.der'),
      ),
    ).toBe(0);
  });
});

describe('exportPrivateKey: encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, AES-CBC)', () => {
  for (const t of KEY_TYPES) {
    it(`${t.type}: certkit reads its own encrypted export`, () => {
      const key = parsePrivateKey(text(`${t.type}-a.pkcs8.pem`));
      const pem = exportPrivateKey(key, { format: 'pkcs8-pem', password: PASSWORD, iterations: 1000 });
      expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      const again = parsePrivateKey(pem, { password: PASSWORD });
      expect(again.encryption).toBe('pbes2-pbkdf2-aes-256-cbc');
      expect(again.encryptionInfo).toMatchObject({ hash: 'sha256', iterations: 1000 });
      expect(again.publicKey.sha256Fingerprint).toBe(key.publicKey.sha256Fingerprint);
      expect(() => parsePrivateKey(pem, { password: 'nope' })).toThrow(/does not decrypt/);
    });
  }

  it('defaults to 600000 iterations and AES-256-CBC; aes-128-cbc on request', () => {
    const key = parsePrivateKey(text('ec-p256-a.pkcs8.pem'));
    const def = parsePrivateKey(exportPrivateKey(key, { format: 'pkcs8-der', password: 'x' }), {
      password: 'x',
    });
    expect(def.encryptionInfo).toMatchObject({ iterations: 600000, cipher: 'aes-256-cbc', hash: 'sha256' });
    const aes128 = parsePrivateKey(
      exportPrivateKey(key, { format: 'pkcs8-der', password: 'x', cipher: 'aes-128-cbc', iterations: 10 }),
      { password: 'x' },
    );
    expect(aes128.encryption).toBe('pbes2-pbkdf2-aes-128-cbc');
  });

  it('every export uses a fresh salt and IV', () => {
    const key = parsePrivateKey(text('ed25519-a.pkcs8.pem'));
    const a = exportPrivateKey(key, { format: 'pkcs8-der', password: 'x', iterations: 10 });
    const b = exportPrivateKey(key, { format: 'pkcs8-der', password: 'x', iterations: 10 });
    expect(Buffer.compare(a, b)).not.toBe(0);
  });

  it('rejects bad options with TypeErrors', () => {
    const key = parsePrivateKey(text('ed25519-a.pkcs8.pem'));
    expect(() => exportPrivateKey(key, { format: 'pem' as never })).toThrow(TypeError);
    expect(() =>
      exportPrivateKey(key, { format: 'pkcs8-pem', password: 'x', cipher: 'des' as never }),
    ).toThrow(TypeError);
    expect(() => exportPrivateKey(key, { format: 'pkcs8-pem', password: 'x', iterations: 0 })).toThrow(
      TypeError,
    );
    expect(() => exportPrivateKey({} as never, { format: 'pkcs8-pem' })).toThrow(TypeError);
  });
});

describe.skipIf(!withOpenssl)('exportPrivateKey output, checked by openssl', () => {
  for (const t of KEY_TYPES) {
    for (const cipher of ['aes-256-cbc', 'aes-128-cbc'] as const) {
      it(`${t.type} ${cipher}: asn1parse shows PBES2/PBKDF2/hmacWithSHA256 and openssl pkey -passin reads it`, () => {
        const key = parsePrivateKey(text(`${t.type}-a.pkcs8.pem`));
        const file = join(dir, `${t.type}-${cipher}.pem`);
        writeFileSync(
          file,
          exportPrivateKey(key, { format: 'pkcs8-pem', password: PASSWORD, cipher, iterations: 2048 }),
        );
        const asn1 = run('openssl', ['asn1parse', '-in', file]);
        expect(asn1).toMatch(/OBJECT\s+:PBES2/);
        expect(asn1).toMatch(/OBJECT\s+:PBKDF2/);
        expect(asn1).toMatch(/OBJECT\s+:hmacWithSHA256/);
        expect(asn1).toMatch(new RegExp(`OBJECT\\s+:${cipher}`));
        expect(asn1).toMatch(/INTEGER\s+:0800/); // 2048 iterations
        const pub = opensslPubDer(file, ['-passin', `pass:${PASSWORD}`]);
        expect(Buffer.compare(pub, key.publicKey.spki)).toBe(0);
        const bad = spawnSync('openssl', ['pkey', '-in', file, '-passin', 'pass:wrong', '-noout']);
        expect(bad.status).not.toBe(0);
      });
    }
  }

  it('a UTF-8 password round-trips through openssl', () => {
    const key = parsePrivateKey(text('rsa-a.pkcs1.pem'));
    const file = join(dir, 'utf8.der');
    writeFileSync(
      file,
      exportPrivateKey(key, { format: 'pkcs8-der', password: UTF8_PASSWORD, iterations: 2048 }),
    );
    const pub = opensslPubDer(file, ['-inform', 'DER', '-passin', `pass:${UTF8_PASSWORD}`]);
    expect(Buffer.compare(pub, key.publicKey.spki)).toBe(0);
  });

  it('plain export is what openssl pkey reads', () => {
    const key = parsePrivateKey(text('ed448-a.pkcs8.pem'));
    const file = join(dir, 'plain.pem');
    writeFileSync(file, exportPrivateKey(key, { format: 'pkcs8-pem' }));
    expect(Buffer.compare(opensslPubDer(file, []), key.publicKey.spki)).toBe(0);
  });
});
