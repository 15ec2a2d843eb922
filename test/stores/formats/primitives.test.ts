import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iterateDigest } from '../../../src/keys/iterated-hash.js';
import { rc2CbcDecrypt } from '../../../src/keys/rc2-cipher.js';

describe('RC2 (RFC 2268), used for pbeWithSHAAnd40BitRC2-CBC certificate bags', () => {
  // RFC 2268 section 5 vectors (key, effective bits, plaintext, ciphertext). One block decrypted in CBC
  // mode with IV = plaintext XOR 08..08 must give a whole block of padding (8 × 0x08).
  const vectors: [string, number, string, string][] = [
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
  ];
  for (const [key, bits, plain, cipher] of vectors) {
    it(`key ${key}, ${bits} effective bits`, () => {
      const iv = Buffer.from(plain, 'hex').map((b) => b ^ 8);
      const out = rc2CbcDecrypt(Buffer.from(key, 'hex'), bits, iv, Buffer.from(cipher, 'hex'));
      expect(out).toBeDefined();
      expect(out!.length).toBe(0);
      const wrong = rc2CbcDecrypt(
        Buffer.from(key, 'hex'),
        bits,
        Buffer.alloc(8, 0x55),
        Buffer.from(cipher, 'hex'),
      );
      expect(wrong?.length ?? -1).not.toBe(0);
    });
  }
});

describe('iterateDigest (the PKCS#12 KDF inner loop) equals Node hashing', () => {
  it('SHA-1 and SHA-256, any digest and count', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sha1', 'sha256'),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.nat({ max: 300 }),
        (hash, seed, count) => {
          let want = createHash(hash).update(seed).digest();
          const start = want;
          for (let i = 0; i < count; i++) want = createHash(hash).update(want).digest();
          expect(iterateDigest(hash, start, count)!.equals(want)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('other hashes and sizes fall back (undefined)', () => {
    expect(iterateDigest('sha512', Buffer.alloc(64), 3)).toBeUndefined();
    expect(iterateDigest('sha1', Buffer.alloc(19), 3)).toBeUndefined();
  });
});
