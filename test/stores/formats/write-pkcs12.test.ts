import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePrivateKey } from '../../../src/keys/index.js';
import { decodePem } from '../../../src/pem/index.js';
import { readPkcs12, type StoreContents, writePkcs12 } from '../../../src/stores/index.js';
import { hasPeerTool, run, runAsync } from '../../helpers/peer-tools.js';
import { bytes, codeOf, NON_ASCII_PW, PW } from './fixtures.js';

/** Keys with chains from openssl and keytool files, plus keytool's trusted root. */
function sample(): StoreContents {
  const multi = readPkcs12(bytes('keytool-multi.p12'), { password: PW });
  const kt = readPkcs12(bytes('keytool.p12'), { password: PW });
  return { keys: [...multi.keys, ...kt.keys], trusted: kt.trusted };
}

/** What a reader sees: aliases, key fingerprints, chain DER (as fingerprints), trusted certificates. */
function view(c: StoreContents) {
  const keys = c.keys
    .map((k) => ({
      alias: k.alias,
      key: k.privateKey.publicKey.sha256Fingerprint,
      chain: k.chain.map((x) => x.sha256Fingerprint),
    }))
    .sort((a, b) => a.alias.localeCompare(b.alias));
  const trusted = c.trusted
    .map((t) => ({ alias: t.alias, cert: t.certificate.sha256Fingerprint }))
    .sort((a, b) => a.alias.localeCompare(b.alias));
  return { keys, trusted };
}

const tmp = mkdtempSync(join(tmpdir(), 'certkit-p12-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writePkcs12: round trips', () => {
  for (const profile of ['modern', 'legacy'] as const) {
    it(`${profile}: read(write(x)) equals x (several keys, shared chain, trusted entry)`, () => {
      const x = sample();
      const p12 = writePkcs12(x, { password: PW, profile, iterations: 2048 });
      expect(view(readPkcs12(p12, { password: PW }))).toEqual(view(x));
      expect(codeOf(() => readPkcs12(p12, { password: 'wrong' }))).toBe('ERR_PKCS12_BAD_PASSWORD');
    });
  }

  it('a non-ASCII password round-trips (UTF-8 for PBES2, BMPString for the MAC)', () => {
    for (const profile of ['modern', 'legacy'] as const) {
      const p12 = writePkcs12(sample(), { password: NON_ASCII_PW, profile, iterations: 1000 });
      expect(view(readPkcs12(p12, { password: NON_ASCII_PW }))).toEqual(view(sample()));
    }
  });

  it('duplicate aliases come back unique; a key without certificates keeps its key', () => {
    const [a, b] = sample().keys;
    const p12 = writePkcs12(
      {
        keys: [
          { ...a!, alias: 'dup' },
          { ...b!, alias: 'DUP' },
          { ...a!, alias: 'bare', chain: [] },
        ],
        trusted: [],
      },
      { password: PW, iterations: 1000 },
    );
    const back = readPkcs12(p12, { password: PW });
    expect(back.keys.map((k) => [k.alias, k.chain.length])).toEqual([
      ['dup', 3],
      ['DUP-2', 3],
      ['bare', 0],
    ]);
    expect(back.keys[2]!.privateKey.publicKey.equals(a!.privateKey.publicKey)).toBe(true);
  });

  it('misuse is a TypeError', () => {
    const x = sample();
    expect(() => writePkcs12(x, {} as unknown as { password: string })).toThrow(TypeError);
    expect(() => writePkcs12(x, { password: PW, iterations: 0 })).toThrow(TypeError);
    expect(() => writePkcs12(x, { password: PW, iterations: 2_000_000 })).toThrow(TypeError);
    expect(() => writePkcs12(x, { password: PW, profile: 'weak' as 'modern' })).toThrow(TypeError);
    expect(() =>
      writePkcs12({ keys: [{ alias: 'a', privateKey: {}, chain: [] }], trusted: [] } as never, {
        password: PW,
      }),
    ).toThrow(TypeError);
  });
});

describe.skipIf(!hasPeerTool('openssl', 'openssl'))('writePkcs12: openssl opens what we write', () => {
  for (const profile of ['modern', 'legacy'] as const) {
    it(`${profile}: openssl pkcs12 -info -nodes extracts our keys and certificates`, () => {
      const x = sample();
      const file = join(tmp, `${profile}.p12`);
      writeFileSync(file, writePkcs12(x, { password: PW, profile, iterations: 4096 }));
      const out = run('openssl', ['pkcs12', '-in', file, '-info', '-nodes', '-passin', `pass:${PW}`]);
      const blocks = decodePem(out);
      const keyFps = blocks
        .filter((b) => b.label === 'PRIVATE KEY')
        .map((b) => parsePrivateKey(b.bytes).publicKey.sha256Fingerprint)
        .sort();
      expect(keyFps).toEqual(x.keys.map((k) => k.privateKey.publicKey.sha256Fingerprint).sort());
      const certDer = new Set(
        blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => Buffer.from(b.bytes).toString('hex')),
      );
      for (const k of x.keys)
        for (const c of k.chain) expect(certDer.has(Buffer.from(c.der).toString('hex'))).toBe(true);
      for (const t of x.trusted)
        expect(certDer.has(Buffer.from(t.certificate.der).toString('hex'))).toBe(true);
      const stderr = run('sh', ['-c', `openssl pkcs12 -in '${file}' -info -noout -passin pass:${PW} 2>&1`]);
      if (profile === 'modern') {
        expect(stderr).toContain('MAC: sha256, Iteration 4096');
        expect(stderr).toContain('PBES2, PBKDF2, AES-256-CBC, Iteration 4096, PRF hmacWithSHA256');
      } else {
        expect(stderr).toContain('MAC: sha1, Iteration 4096');
        expect(stderr).toContain('pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 4096');
      }
      expect(out).toContain('friendlyName: server');
    });
  }

  it('the modern default is 600,000 iterations, for the MAC too', () => {
    const file = join(tmp, 'default.p12');
    const { keys } = readPkcs12(bytes('openssl-modern-ec.p12'), { password: PW });
    writeFileSync(file, writePkcs12({ keys, trusted: [] }, { password: PW }));
    const stderr = run('sh', ['-c', `openssl pkcs12 -in '${file}' -info -noout -passin pass:${PW} 2>&1`]);
    expect(stderr).toContain('MAC: sha256, Iteration 600000');
    expect(stderr).toContain('Iteration 600000, PRF hmacWithSHA256');
  });

  it('a non-ASCII password opens in openssl', () => {
    const file = join(tmp, 'nonascii.p12');
    writeFileSync(file, writePkcs12(sample(), { password: NON_ASCII_PW, iterations: 2048 }));
    const out = run('openssl', ['pkcs12', '-in', file, '-nodes', '-passin', `pass:${NON_ASCII_PW}`]);
    expect(decodePem(out).filter((b) => b.label === 'PRIVATE KEY')).toHaveLength(4);
  });
});

describe.skipIf(!hasPeerTool('keytool', 'openjdk-17-jre-headless', ['-help']))(
  'writePkcs12: keytool lists what we write',
  () => {
    for (const profile of ['modern', 'legacy'] as const) {
      it(`${profile}: keytool -list shows every alias with its entry type`, async () => {
        const file = join(tmp, `kt-${profile}.p12`);
        writeFileSync(file, writePkcs12(sample(), { password: PW, profile, iterations: 2048 }));
        const out = await runAsync('keytool', [
          '-list',
          '-storetype',
          'PKCS12',
          '-keystore',
          file,
          '-storepass',
          PW,
        ]);
        expect(out).toContain('Your keystore contains 5 entries');
        for (const alias of ['server', 'ec-server', 'rsa-key', 'ec-key'])
          expect(out).toMatch(new RegExp(`^${alias}, .*PrivateKeyEntry`, 'm'));
        expect(out).toMatch(/^trusted-root, .*trustedCertEntry/m);
        const chain = await runAsync('keytool', [
          '-list',
          '-v',
          '-alias',
          'server',
          '-storetype',
          'PKCS12',
          '-keystore',
          file,
          '-storepass',
          PW,
        ]);
        expect(chain).toContain('Certificate chain length: 3');
      });
    }
  },
);
