import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordToBmp, pbkdf1, pkcs12Kdf } from '../../src/keys/key-derivation.js';
import { hasPeerTool, run } from '../helpers/peer-tools.js';

/**
 * RFC 7292 appendix B.2 written out the plain way (one Node hash per iteration, BigInt for the
 * I_j + B + 1 step), independent of the implementation under test.
 */
function referencePkcs12Kdf(
  hash: string,
  pw: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  n: number,
  v: number,
): Buffer {
  const repeatTo = (src: Uint8Array): Buffer => {
    const len = src.length === 0 ? 0 : v * Math.ceil(src.length / v);
    return Buffer.from(Array.from({ length: len }, (_, k) => src[k % src.length]!));
  };
  const d = Buffer.alloc(v, id);
  let i = Buffer.concat([repeatTo(salt), repeatTo(pw)]);
  const out: Buffer[] = [];
  const blocks = Math.ceil(n / createHash(hash).digest().length);
  for (let b = 0; b < blocks; b++) {
    let a = createHash(hash)
      .update(Buffer.concat([d, i]))
      .digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    out.push(a);
    const bBlock = BigInt(`0x${repeatTo(a).subarray(0, v).toString('hex')}`);
    const next: Buffer[] = [];
    for (let j = 0; j < i.length; j += v) {
      const sum = (BigInt(`0x${i.subarray(j, j + v).toString('hex')}`) + bBlock + 1n) % (1n << BigInt(8 * v));
      next.push(Buffer.from(sum.toString(16).padStart(2 * v, '0'), 'hex'));
    }
    i = Buffer.concat(next);
  }
  return Buffer.concat(out).subarray(0, n);
}

const HASHES = [
  ['sha1', 64],
  ['sha256', 64],
  ['sha512', 128],
] as const;

describe('pkcs12Kdf (RFC 7292 appendix B.2)', () => {
  it('equals the plain RFC algorithm for random passwords, salts, iteration counts, IDs and lengths', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HASHES),
        fc.string({ maxLength: 20 }),
        fc.uint8Array({ maxLength: 24 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(1, 2, 3),
        fc.integer({ min: 1, max: 70 }),
        ([hash, v], password, salt, iterations, id, n) => {
          const bmp = passwordToBmp(Buffer.from(password, 'utf8'));
          const got = pkcs12Kdf(hash, bmp, salt, iterations, id, n, v);
          expect(got.toString('hex')).toBe(
            referencePkcs12Kdf(hash, bmp, salt, iterations, id, n, v).toString('hex'),
          );
        },
      ),
      { numRuns: 120 },
    );
  });

  it('handles the empty password forms (zero-length and the two-byte terminator)', () => {
    for (const pw of [Buffer.alloc(0), Buffer.alloc(2)]) {
      const salt = Buffer.from('0102030405060708', 'hex');
      expect(
        pkcs12Kdf('sha1', pw, salt, 2048, 3, 20).equals(
          referencePkcs12Kdf('sha1', pw, salt, 2048, 3, 20, 64),
        ),
      ).toBe(true);
    }
  });

  const openssl = hasPeerTool('openssl', 'openssl');
  it.runIf(openssl)('matches `openssl kdf PKCS12KDF` (OpenSSL 3) for the profiles PKCS#12 files use', () => {
    const cases = [
      // 3DES key (24 bytes, two SHA-1 blocks), its IV, a SHA-1 MAC key; SHA-256 MAC key; keytool's 10,000.
      ['sha1', 'changeit', '0102030405060708', 2048, 1, 24],
      ['sha1', 'changeit', '0102030405060708', 2048, 2, 8],
      ['sha1', 'pässwörd-ü', 'a1b2c3d4e5f60718', 2048, 3, 20],
      ['sha256', 'changeit', '0102030405060708', 2048, 3, 32],
      ['sha256', 'changeit', '00112233445566778899aabbccddeeff00112233', 10000, 3, 32],
      ['sha256', '', 'ff', 1, 1, 70],
    ] as const;
    for (const [hash, password, salt, iter, id, len] of cases) {
      const bmp = passwordToBmp(Buffer.from(password, 'utf8'));
      const want = run('openssl', [
        'kdf',
        '-keylen',
        String(len),
        '-kdfopt',
        `digest:${hash.toUpperCase()}`,
        '-kdfopt',
        `hexpass:${bmp.toString('hex')}`,
        '-kdfopt',
        `hexsalt:${salt}`,
        '-kdfopt',
        `iter:${iter}`,
        '-kdfopt',
        `id:${id}`,
        'PKCS12KDF',
      ])
        .trim()
        .replaceAll(':', '')
        .toLowerCase();
      const got = pkcs12Kdf(hash, bmp, Buffer.from(salt, 'hex'), iter, id, len);
      expect(got.toString('hex'), `${hash} ${iter} id ${id}`).toBe(want);
    }
  });
});

describe('pbkdf1 (RFC 8018 section 5.1)', () => {
  it('equals T = H^c(P || S) computed one Node hash at a time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sha1', 'md5'),
        fc.uint8Array({ maxLength: 16 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.integer({ min: 1, max: 400 }),
        (hash, password, salt, iterations) => {
          let t = createHash(hash).update(password).update(salt).digest();
          for (let i = 1; i < iterations; i++) t = createHash(hash).update(t).digest();
          expect(pbkdf1(hash, password, salt, iterations, 16).equals(t.subarray(0, 16))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
