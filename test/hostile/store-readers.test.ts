import { describe, expect, it } from 'vitest';
import { AliasAllocator } from '../../src/stores/formats/aliases.js';
import { readJks, readPemBundle, readPkcs12 } from '../../src/stores/index.js';
import { parseCertificates } from '../../src/x509/index.js';
import { thrownError } from '../helpers/coded-error.js';
import { certificateDer, cnName, jksDer, pkcs12WithPlainBags } from './hostile-inputs.js';

const pem = (der: Uint8Array): string =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;

describe('aliases stay unique and predictable however many certificates share a name', () => {
  it('the first free suffix, case-insensitively, around names already taken', () => {
    const a = new AliasAllocator();
    expect(a.take('x-2', 'f')).toBe('x-2');
    expect(a.take('x', 'f')).toBe('x');
    expect(a.take('X', 'f')).toBe('X-3');
    expect(a.take('x', 'f')).toBe('x-4');
    expect(a.take(undefined, 'x')).toBe('x-5');
    expect(a.take('x-5', 'f')).toBe('x-5-2');
  });

  it('readPemBundle: ten thousand certificates with one CN give CN, CN-2, … CN-10000', () => {
    const text = pem(certificateDer()).repeat(10_000);
    const { trusted } = readPemBundle(text);
    expect(trusted.length).toBe(10_000);
    expect(trusted[0]!.alias).toBe('Hostile Subject');
    expect(trusted[9_999]!.alias).toBe('Hostile Subject-10000');
    expect(new Set(trusted.map((t) => t.alias.toLowerCase())).size).toBe(10_000);
    expect(parseCertificates(text).length).toBe(10_000);
  });
});

describe('PKCS#12: keys pair with certificates through indexes', () => {
  it('two thousand key bags and two thousand certificates that match none', () => {
    const { keys, trusted } = readPkcs12(pkcs12WithPlainBags(2000, 2000));
    expect(keys.length).toBe(2000);
    expect(keys.every((k) => k.chain.length === 0)).toBe(true);
    expect(keys[1_999]!.alias).toBe('key-2000');
    expect(trusted.length).toBe(2000);
    expect(trusted[1_999]!.alias).toBe('same-2000');
  });

  it('two thousand keys with one public key pair with two thousand certificates, one each, in order', () => {
    const { keys, trusted } = readPkcs12(pkcs12WithPlainBags(2000, 2000, true));
    expect(keys.length).toBe(2000);
    expect(trusted.length).toBe(0);
    const serials = keys.map((k) => k.chain[0]!.serialNumber);
    expect(new Set(serials).size).toBe(2000);
    expect(serials[0]).toBe('010000');
    expect(serials[1_999]).toBe('0107CF');
  });
});

describe('JKS', () => {
  it('thousands of entries under one alias get unique aliases', () => {
    const { trusted } = readJks(jksDer(0, 0, 5000, 'changeit'), { storePassword: 'changeit' });
    expect(trusted.length).toBe(5000);
    expect(trusted[4_999]!.alias).toBe('alias-5000');
  });

  it('a megabyte protected key is decrypted in one linear pass and fails its check with a code', () => {
    const jks = jksDer(1, 1 << 20, 0, 'changeit');
    expect(thrownError(() => readJks(jks, { storePassword: 'changeit' }))).toEqual({
      code: 'ERR_JKS_BAD_KEY_PASSWORD',
      details: { alias: 'alias' },
    });
  });
});

describe('a bundle of distinct certificates keeps file order', () => {
  it('aliases are the CNs', () => {
    const text = Array.from({ length: 50 }, (_, i) => pem(certificateDer({ subject: cnName(`c${i}`) }))).join(
      '',
    );
    expect(readPemBundle(text).trusted.map((t) => t.alias)).toEqual(
      Array.from({ length: 50 }, (_, i) => `c${i}`),
    );
  });
});
