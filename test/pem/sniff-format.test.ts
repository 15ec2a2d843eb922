import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { decodeInput, readInputFile, sniffFormat } from '../../src/pem/index.js';
import { fixtureBytes, fixturePath } from '../helpers/fixtures.js';

describe('sniffFormat tells formats apart by content, not by file name', () => {
  const cases: Array<[string, string]> = [
    ['cert.pem', 'pem'],
    ['cert.der', 'der-certificate'],
    ['csr.der', 'der-csr'],
    ['crl.der', 'der-crl'],
    ['key.der', 'der-private-key'],
    ['key-sec1.der', 'der-private-key'],
    ['rsa-pkcs1.der', 'der-private-key'],
    ['key-encrypted.der', 'der-encrypted-private-key'],
    ['pub.der', 'der-public-key'],
    ['store.p12', 'pkcs12'],
    ['store.jks', 'jks'],
    ['no-block.txt', 'unknown'],
  ];
  for (const [file, expected] of cases) {
    it(`${file} is ${expected}`, () => expect(sniffFormat(fixtureBytes('pem', file))).toBe(expected));
  }
});

describe('decodeInput', () => {
  it('reads PEM given as bytes', () => {
    const decoded = decodeInput(fixtureBytes('pem', 'cert.pem'));
    expect(decoded.kind).toBe('pem');
  });

  it('passes DER bytes through', () => {
    const der = fixtureBytes('pem', 'cert.der');
    const decoded = decodeInput(der);
    expect(decoded).toEqual({ kind: 'der', bytes: der });
  });

  it('refuses empty bytes and rejects non-input values with TypeError', () => {
    expect(() => decodeInput(new Uint8Array())).toThrow(expect.objectContaining({ code: 'ERR_INPUT_EMPTY' }));
    expect(() => decodeInput(Buffer.from(' \n'))).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_EMPTY' }),
    );
    expect(() => decodeInput({} as unknown as string)).toThrow(TypeError);
  });
});

describe('readInputFile', () => {
  it('reads a file and enforces the size limit before reading it whole', async () => {
    expect((await readInputFile(fixturePath('pem', 'cert.der'))).byteLength).toBeGreaterThan(100);
    await expect(readInputFile(fixturePath('pem', 'cert.der'), { maxInputBytes: 10 })).rejects.toMatchObject({
      code: 'ERR_INPUT_TOO_LARGE',
    });
  });

  it('names a missing file with ERR_INPUT_UNREADABLE and an empty one with ERR_INPUT_EMPTY', async () => {
    const missing = await readInputFile(fixturePath('pem', 'nope.pem')).catch((e: unknown) => e);
    expect(isCertkitError(missing, 'ERR_INPUT_UNREADABLE')).toBe(true);
    expect((missing as { details: { errno: string } }).details.errno).toBe('ENOENT');
    await expect(readInputFile(fixturePath('pem', 'empty.pem'))).rejects.toMatchObject({
      code: 'ERR_INPUT_EMPTY',
    });
  });
});
