import { describe, expect, it } from 'vitest';
import { readJks } from '../../../src/stores/index.js';
import { bytes, codeOf, NON_ASCII_PW, rsaKey, rsaLeaf } from './fixtures.js';

// keytool.jks (scripts/fixtures/make-stores.sh): store password "storepass"; rsa-key and server with
// key password "keypass" (-keypass), ec-key with the store password; trusted-root a trustedCertEntry.
const keyPassword = (alias: string) => (alias === 'ec-key' ? undefined : 'keypass');

describe('readJks: stores made by keytool -storetype JKS', () => {
  it('PrivateKeyEntry (RSA, EC, and a chain imported from openssl) and trustedCertEntry', () => {
    const { keys, trusted } = readJks(bytes('keytool.jks'), { storePassword: 'storepass', keyPassword });
    expect(
      keys.map((k) => [k.alias, k.privateKey.algorithm, k.chain.map((c) => c.subject.commonName)]),
    ).toEqual([
      ['rsa-key', 'rsa', ['jks rsa']],
      ['ec-key', 'ec', ['jks ec']],
      ['server', 'rsa', ['rsa.example.test', 'certkit Test Intermediate', 'certkit Test Root']],
    ]);
    for (const k of keys) expect(k.chain[0]!.publicKey.equals(k.privateKey.publicKey)).toBe(true);
    const server = keys.find((k) => k.alias === 'server')!;
    expect(server.privateKey.publicKey.equals(rsaKey().publicKey)).toBe(true);
    expect(server.chain[0]!.sha256Fingerprint).toBe(rsaLeaf().sha256Fingerprint);
    expect(trusted.map((t) => [t.alias, t.certificate.subject.commonName])).toEqual([
      ['trusted-root', 'certkit Test Root'],
    ]);
  });

  it('the key password defaults to the store password; a wrong one names the alias', () => {
    let err: unknown;
    try {
      readJks(bytes('keytool.jks'), { storePassword: 'storepass' });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_JKS_BAD_KEY_PASSWORD', details: { alias: 'rsa-key' } });
    expect(
      codeOf(() => readJks(bytes('keytool.jks'), { storePassword: 'storepass', keyPassword: 'keypass' })),
    ).toBe('ERR_JKS_BAD_KEY_PASSWORD');
  });

  it('a wrong store password is ERR_JKS_BAD_PASSWORD (integrity digest), before any key is touched', () => {
    expect(codeOf(() => readJks(bytes('keytool.jks'), { storePassword: 'wrong', keyPassword }))).toBe(
      'ERR_JKS_BAD_PASSWORD',
    );
  });

  it('a non-ASCII store password (UTF-16BE in the digest and the key protector)', () => {
    const { keys } = readJks(bytes('nonascii.jks'), { storePassword: NON_ASCII_PW });
    expect(keys.map((k) => k.alias)).toEqual(['k']);
    expect(codeOf(() => readJks(bytes('nonascii.jks'), { storePassword: 'passwörd-u' }))).toBe(
      'ERR_JKS_BAD_PASSWORD',
    );
  });

  it('damaged files: truncated is ERR_JKS_MALFORMED, a flipped byte fails the digest', () => {
    const jks = bytes('keytool.jks');
    for (const n of [0, 3, 8, 12, 40, jks.length - 21, jks.length - 1]) {
      expect(codeOf(() => readJks(jks.subarray(0, n), { storePassword: 'storepass', keyPassword }))).toBe(
        'ERR_JKS_MALFORMED',
      );
    }
    const flipped = Buffer.from(jks);
    flipped[jks.length - 100]! ^= 1;
    expect(codeOf(() => readJks(flipped, { storePassword: 'storepass', keyPassword }))).toBe(
      'ERR_JKS_BAD_PASSWORD',
    );
  });

  it('JCEKS is refused with ERR_JKS_UNSUPPORTED; other formats are ERR_JKS_MALFORMED', () => {
    expect(codeOf(() => readJks(bytes('keytool.jceks'), { storePassword: 'storepass' }))).toBe(
      'ERR_JKS_UNSUPPORTED',
    );
    expect(codeOf(() => readJks(bytes('openssl-modern-rsa.p12'), { storePassword: 'changeit' }))).toBe(
      'ERR_JKS_MALFORMED',
    );
  });

  it('misuse is a TypeError', () => {
    expect(() => readJks(bytes('keytool.jks'), {} as never)).toThrow(TypeError);
    expect(() => readJks('x' as never, { storePassword: 'x' })).toThrow(TypeError);
    expect(() =>
      readJks(bytes('keytool.jks'), { storePassword: 'storepass', keyPassword: 3 as never }),
    ).toThrow(TypeError);
  });
});
