import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePrivateKey, parsePublicKey } from '../../src/keys/index.js';
import { decodeInput, decodePem, encodePem, findDerTruncation } from '../../src/pem/index.js';
import { parseCertificate, parseCertificates, parseCrl, parseCsr } from '../../src/x509/index.js';
import { thrownError } from '../helpers/coded-error.js';
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js';

const cert = fixtureBytes('pem', 'cert.der');

describe('findDerTruncation', () => {
  it('names the announced and the present size of a certificate cut at every length', () => {
    for (let n = 1; n < cert.length; n++) {
      const cut = findDerTruncation(cert.subarray(0, n));
      // A cut inside the long-form length bytes announces only the header it needs.
      const expected = n < 4 ? Math.min(4, cert.length) : cert.length;
      expect(cut, `cut at ${n}`).toEqual({ expected: n === 1 ? 2 : expected, found: n });
    }
  });

  it('says nothing of whole objects, BER indefinite lengths and bytes that are not a SEQUENCE', () => {
    for (const f of ['cert.der', 'csr.der', 'crl.der', 'key.der', 'pub.der', 'store.p12'])
      expect(findDerTruncation(fixtureBytes('pem', f)), f).toBeUndefined();
    expect(findDerTruncation(Uint8Array.of(0x30, 0x80, 0x02, 0x01, 0x00))).toBeUndefined();
    expect(findDerTruncation(Uint8Array.of(0x04, 0x20, 0x01))).toBeUndefined();
    expect(findDerTruncation(new Uint8Array(0))).toBeUndefined();
    // "0123…" is text that starts with 0x30: its second "length" byte is followed by no plausible tag.
    expect(findDerTruncation(new TextEncoder().encode('0123 not der'))).toBeUndefined();
  });

  it('reads only the outer header: a huge announced length costs nothing', () => {
    expect(findDerTruncation(Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30))).toEqual({
      expected: 6 + 0x7fffffff,
      found: 7,
    });
  });

  it('never throws on any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const cut = findDerTruncation(bytes);
        if (cut !== undefined) expect(cut.expected).toBeGreaterThan(cut.found);
      }),
    );
  });
});

describe('parsers name a truncated object ERR_DER_TRUNCATED, with its sizes', () => {
  const cases: Array<[string, string, (input: Uint8Array | string) => unknown]> = [
    ['certificate', 'cert.der', parseCertificate],
    ['bundle', 'cert.der', parseCertificates],
    ['CSR', 'csr.der', parseCsr],
    ['CRL', 'crl.der', parseCrl],
    ['private key', 'key.der', (i) => parsePrivateKey(i)],
    ['public key', 'pub.der', (i) => parsePublicKey(i)],
  ];
  for (const [what, fixture, parse] of cases) {
    it(`${what}: DER cut in half, and a PEM block with clean base64 of the cut DER`, () => {
      const der = fixtureBytes('pem', fixture);
      const half = der.subarray(0, der.length >> 1);
      expect(thrownError(() => parse(half))).toMatchObject({
        code: 'ERR_DER_TRUNCATED',
        details: { expected: der.length, found: half.length, missing: der.length - half.length },
      });
      const label = { 'cert.der': 'CERTIFICATE', 'csr.der': 'CERTIFICATE REQUEST', 'crl.der': 'X509 CRL' }[
        fixture
      ];
      const pemLabel = label ?? (fixture === 'key.der' ? 'PRIVATE KEY' : 'PUBLIC KEY');
      const pem = `some text first\n${encodePem(pemLabel, half)}`;
      expect(() => parse(pem)).toThrow(`${pemLabel} block at line 2 is truncated`);
      expect(thrownError(() => parse(pem))).toMatchObject({
        code: 'ERR_DER_TRUNCATED',
        details: { expected: der.length, found: half.length, line: 2, label: pemLabel, index: 0 },
      });
    });
  }

  it('decodePem checks even with checkContent: false, and names the block among several', () => {
    const whole = fixtureText('pem', 'cert.pem');
    const cut = encodePem('CERTIFICATE', cert.subarray(0, 200));
    expect(thrownError(() => decodePem(whole + cut, { checkContent: false }))).toMatchObject({
      code: 'ERR_DER_TRUNCATED',
      details: { index: 1, expected: cert.length, found: 200 },
    });
  });

  it('a legacy encrypted PEM body (ciphertext) is not judged as DER', () => {
    expect(decodePem(fixtureText('pem', 'rsa-legacy-encrypted.pem'))).toHaveLength(1);
  });
});

describe('input that is neither PEM nor DER', () => {
  it('text without a PEM block is ERR_PEM_NO_BLOCK, as bytes or as a string', () => {
    const text = new TextEncoder().encode('Subject: CN=example\nthis was meant to be a certificate\n');
    expect(thrownError(() => decodeInput(text))).toMatchObject({
      code: 'ERR_PEM_NO_BLOCK',
      details: { text: true },
    });
    expect(thrownError(() => parseCertificate(text)).code).toBe('ERR_PEM_NO_BLOCK');
    expect(thrownError(() => parseCertificate('no pem at all')).code).toBe('ERR_PEM_NO_BLOCK');
  });

  it('binary bytes that cannot start a DER object are ERR_INPUT_UNKNOWN_FORMAT', () => {
    let bytes = randomBytes(1000);
    while (bytes[0] === 0x30) bytes = randomBytes(1000);
    expect(thrownError(() => parseCertificate(bytes))).toMatchObject({
      code: 'ERR_INPUT_UNKNOWN_FORMAT',
      details: { bytes: 1000, firstByte: bytes[0] },
    });
    expect(thrownError(() => parsePrivateKey(bytes)).code).toBe('ERR_INPUT_UNKNOWN_FORMAT');
  });

  it('Java keystores still pass through as bytes (their readers judge them)', () => {
    expect(decodeInput(fixtureBytes('pem', 'store.jks')).kind).toBe('der');
  });
});
