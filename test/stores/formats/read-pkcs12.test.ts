import { describe, expect, it } from 'vitest';
import {
  children,
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  encodeTlv,
  readRoot,
  tlvBytes,
} from '../../../src/internal/der/index.js';
import { readPkcs12 } from '../../../src/stores/index.js';
import { bytes, chainCerts, codeOf, ecKey, ecLeaf, NON_ASCII_PW, PW, rsaKey, rsaLeaf } from './fixtures.js';

const cns = (certs: readonly { subject: { commonName: string | undefined } }[]) =>
  certs.map((c) => c.subject.commonName);

/** Rebuilds a PFX with another MAC iteration count (the MAC itself is left as it was). */
function withMacIterations(p12: Uint8Array, iterations: number): Uint8Array {
  const root = readRoot(p12);
  const [version, authSafe, mac] = children(p12, root);
  const [digestInfo, salt] = children(p12, mac!);
  return derSequence(
    tlvBytes(p12, version!),
    tlvBytes(p12, authSafe!),
    derSequence(tlvBytes(p12, digestInfo!), tlvBytes(p12, salt!), derInteger(iterations)),
  );
}

describe('readPkcs12: files made by openssl pkcs12 -export', () => {
  const chainCns = ['certkit Test Intermediate', 'certkit Test Root'];
  for (const [file, kind] of [
    ['openssl-modern-rsa.p12', 'rsa'],
    ['openssl-modern-ec.p12', 'ec'],
    ['openssl-legacy-rsa.p12', 'rsa'],
    ['openssl-legacy-ec.p12', 'ec'],
    ['openssl-3des-rsa.p12', 'rsa'],
    ['keytool-rsa.p12', 'rsa'],
    ['openssl-nomac.p12', 'rsa'],
  ] as const) {
    it(`${file}: the key openssl packed, its leaf and the full chain, alias from friendlyName`, () => {
      const { keys, trusted } = readPkcs12(bytes(file), { password: PW });
      expect(keys).toHaveLength(1);
      const [entry] = keys;
      const key = kind === 'rsa' ? rsaKey() : ecKey();
      const leaf = kind === 'rsa' ? rsaLeaf() : ecLeaf();
      expect(entry!.alias).toBe(kind === 'rsa' ? 'server' : 'ec-server');
      expect(entry!.privateKey.publicKey.equals(key.publicKey)).toBe(true);
      expect(Buffer.from(entry!.chain[0]!.der).equals(Buffer.from(leaf.der))).toBe(true);
      expect(cns(entry!.chain.slice(1))).toEqual(chainCns);
      expect(entry!.chain.slice(1).map((c) => c.sha256Fingerprint)).toEqual(
        chainCerts().map((c) => c.sha256Fingerprint),
      );
      expect(trusted).toEqual([]);
    });
  }

  it('a file without password, MAC or encryption (-keypbe NONE -certpbe NONE -nomac)', () => {
    const { keys } = readPkcs12(bytes('openssl-nopass.p12'));
    expect(keys[0]!.privateKey.publicKey.equals(rsaKey().publicKey)).toBe(true);
    expect(keys[0]!.chain).toHaveLength(3);
  });

  it('non-ASCII passwords: UTF-8 for PBES2, BMPString for the MAC and the legacy PBE (RFC 7292 B.1)', () => {
    for (const file of ['openssl-nonascii.p12', 'openssl-legacy-nonascii.p12']) {
      const { keys } = readPkcs12(bytes(file), { password: NON_ASCII_PW });
      expect(keys[0]!.alias).toBe('nonascii');
      expect(keys[0]!.privateKey.publicKey.equals(ecKey().publicKey)).toBe(true);
      expect(codeOf(() => readPkcs12(bytes(file), { password: 'passwörd-u' }))).toBe(
        'ERR_PKCS12_BAD_PASSWORD',
      );
    }
  });

  it('no friendlyName: the alias is made up (key-1)', () => {
    expect(readPkcs12(bytes('openssl-noname.p12'), { password: PW }).keys[0]!.alias).toBe('key-1');
  });

  it('certificates only (-nokeys): every certificate a trusted entry, alias from the CN', () => {
    const { keys, trusted } = readPkcs12(bytes('openssl-certs-only.p12'), { password: PW });
    expect(keys).toEqual([]);
    expect(trusted.map((t) => t.alias)).toEqual([
      'certkit Test Root',
      'certkit Other Root',
      'certkit Test Intermediate',
    ]);
  });
});

describe('readPkcs12: files made by Java keytool (PKCS12, the default store type of Java 17)', () => {
  it('RSA and EC key entries and a trusted certificate (trustedKeyUsage attribute)', () => {
    const { keys, trusted } = readPkcs12(bytes('keytool.p12'), { password: PW });
    expect(keys.map((k) => [k.alias, k.privateKey.algorithm, cns(k.chain)])).toEqual([
      ['rsa-key', 'rsa', ['keytool rsa']],
      ['ec-key', 'ec', ['keytool ec']],
    ]);
    for (const k of keys) expect(k.chain[0]!.publicKey.equals(k.privateKey.publicKey)).toBe(true);
    expect(trusted.map((t) => [t.alias, t.certificate.subject.commonName])).toEqual([
      ['trusted-root', 'certkit Test Root'],
    ]);
  });

  it('several keys with chains in one file, paired by localKeyId', () => {
    const { keys, trusted } = readPkcs12(bytes('keytool-multi.p12'), { password: PW });
    const byAlias = Object.fromEntries(keys.map((k) => [k.alias, k]));
    expect(Object.keys(byAlias).sort()).toEqual(['ec-server', 'server']);
    expect(byAlias.server!.privateKey.publicKey.equals(rsaKey().publicKey)).toBe(true);
    expect(byAlias['ec-server']!.privateKey.publicKey.equals(ecKey().publicKey)).toBe(true);
    expect(cns(byAlias.server!.chain)).toEqual([
      'rsa.example.test',
      'certkit Test Intermediate',
      'certkit Test Root',
    ]);
    expect(cns(byAlias['ec-server']!.chain)).toEqual([
      'ec.example.test',
      'certkit Test Intermediate',
      'certkit Test Root',
    ]);
    expect(trusted).toEqual([]);
  });
});

describe('readPkcs12: passwords and damaged files', () => {
  it('a wrong password is ERR_PKCS12_BAD_PASSWORD, through the MAC or (no MAC) the decryption', () => {
    for (const file of [
      'openssl-modern-rsa.p12',
      'openssl-legacy-rsa.p12',
      'openssl-nomac.p12',
      'keytool.p12',
    ]) {
      expect(codeOf(() => readPkcs12(bytes(file), { password: 'wrong' }))).toBe('ERR_PKCS12_BAD_PASSWORD');
    }
  });

  it('no password for a protected file is ERR_PKCS12_PASSWORD_REQUIRED', () => {
    expect(codeOf(() => readPkcs12(bytes('openssl-modern-rsa.p12')))).toBe('ERR_PKCS12_PASSWORD_REQUIRED');
    expect(codeOf(() => readPkcs12(bytes('openssl-nomac.p12')))).toBe('ERR_PKCS12_PASSWORD_REQUIRED');
  });

  it('a truncated file is ERR_PKCS12_MALFORMED, not a password error', () => {
    const p12 = bytes('openssl-modern-rsa.p12');
    for (const n of [0, 1, 10, 100, p12.length - 30, p12.length - 1]) {
      expect(codeOf(() => readPkcs12(p12.subarray(0, n), { password: PW }))).toBe('ERR_PKCS12_MALFORMED');
    }
  });

  it('a flipped byte in the MAC or in the encrypted data, with the right password, is ERR_PKCS12_INTEGRITY', () => {
    const p12 = bytes('openssl-modern-rsa.p12');
    const macFlip = Buffer.from(p12);
    const root = readRoot(p12);
    const mac = children(p12, root)[2]!;
    const digest = children(p12, children(p12, mac)[0]!)[1]!;
    macFlip[digest.valueStart + 3]! ^= 0x01;
    expect(codeOf(() => readPkcs12(macFlip, { password: PW }))).toBe('ERR_PKCS12_INTEGRITY');
    const dataFlip = Buffer.from(p12);
    dataFlip[400]! ^= 0x40; // inside the encrypted certificates
    expect(codeOf(() => readPkcs12(dataFlip, { password: PW }))).toBe('ERR_PKCS12_INTEGRITY');
    expect(codeOf(() => readPkcs12(dataFlip, { password: 'wrong' }))).toBe('ERR_PKCS12_BAD_PASSWORD');
  });

  it('the MAC check runs the key derivation with the file’s own iteration count', () => {
    // 2048 -> 2049 with the MAC unchanged: were the count ignored or capped, the MAC would still verify.
    const p12 = bytes('openssl-modern-rsa.p12');
    expect(codeOf(() => readPkcs12(withMacIterations(p12, 2048), { password: PW }))).toBe('no error');
    expect(codeOf(() => readPkcs12(withMacIterations(p12, 2049), { password: PW }))).toBe(
      'ERR_PKCS12_INTEGRITY',
    );
    expect(codeOf(() => readPkcs12(withMacIterations(p12, 2047), { password: PW }))).toBe(
      'ERR_PKCS12_INTEGRITY',
    );
  });

  it('an absurd iteration count in a hostile file is refused with a code, before any work', () => {
    const p12 = withMacIterations(bytes('openssl-modern-rsa.p12'), 2 ** 31 - 1);
    expect(codeOf(() => readPkcs12(p12, { password: PW }))).toBe('ERR_PKCS12_ITERATION_LIMIT');
    expect(codeOf(() => readPkcs12(p12, { password: 'wrong' }))).toBe('ERR_PKCS12_ITERATION_LIMIT');
  });

  it('an absurd PBKDF2 count in a bag of a file without MAC is refused too', () => {
    const pbes2 = derSequence(
      derOid('1.2.840.113549.1.5.13'),
      derSequence(
        derSequence(
          derOid('1.2.840.113549.1.5.12'),
          derSequence(derOctetString(new Uint8Array(16)), derInteger(2 ** 31 - 1)),
        ),
        derSequence(derOid('2.16.840.1.101.3.4.1.42'), derOctetString(new Uint8Array(16))),
      ),
    );
    const eci = derSequence(derOid('1.2.840.113549.1.7.1'), pbes2, encodeTlv(0x80, new Uint8Array(32)));
    const encryptedData = derSequence(
      derOid('1.2.840.113549.1.7.6'),
      derExplicit(0, derSequence(derInteger(0), eci)),
    );
    const authSafe = derSequence(encryptedData);
    const pfx = derSequence(
      derInteger(3),
      derSequence(derOid('1.2.840.113549.1.7.1'), derExplicit(0, derOctetString(authSafe))),
    );
    expect(codeOf(() => readPkcs12(pfx, { password: PW }))).toBe('ERR_PKCS12_ITERATION_LIMIT');
  });

  it('other formats and misuse', () => {
    expect(codeOf(() => readPkcs12(bytes('keytool.jks'), { password: PW }))).toBe('ERR_PKCS12_MALFORMED');
    expect(codeOf(() => readPkcs12(bytes('rsa.pem'), { password: PW }))).toBe('ERR_PKCS12_MALFORMED');
    expect(
      codeOf(() => readPkcs12(bytes('openssl-modern-rsa.p12'), { password: PW, maxInputBytes: 100 })),
    ).toBe('ERR_INPUT_TOO_LARGE');
    expect(() => readPkcs12('x' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => readPkcs12(bytes('openssl-modern-rsa.p12'), { password: 1 as unknown as string })).toThrow(
      TypeError,
    );
  });
});
