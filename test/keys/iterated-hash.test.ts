import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderIteratedHashSource } from '../../scripts/iterated-hash-source.js';
import { iterateDigest } from '../../src/keys/iterated-hash.js';

/** `H^count(x)` the plain way: one Node hash per iteration. */
function plain(hash: string, x: Uint8Array, count: number): Buffer {
  let out = Buffer.from(x);
  for (let i = 0; i < count; i++) out = createHash(hash).update(out).digest();
  return out;
}

describe('iterateDigest: the unrolled SHA-1 / SHA-256 loop equals Node hashing iterated', () => {
  it('known answers: counts 0, 1, 2, 1000 and 2048 (the openssl default) from fixed digests', () => {
    for (const hash of ['sha1', 'sha256']) {
      for (const seed of ['', 'certkit', '\u0000'.repeat(64)]) {
        const x = createHash(hash).update(seed).digest();
        for (const count of [0, 1, 2, 1000, 2048]) {
          expect(iterateDigest(hash, x, count)!.toString('hex'), `${hash} ${count}`).toBe(
            plain(hash, x, count).toString('hex'),
          );
        }
      }
    }
  });

  it('any 20/32-byte value (not only digests: all-zero, all-one, random) and any count', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sha1', 'sha256'),
        fc.oneof(
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.constantFrom(new Uint8Array(32), new Uint8Array(32).fill(0xff), new Uint8Array(32).fill(0x80)),
        ),
        fc.nat({ max: 700 }),
        (hash, bytes, count) => {
          const x = bytes.subarray(0, hash === 'sha1' ? 20 : 32);
          expect(iterateDigest(hash, x, count)!.equals(plain(hash, x, count))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('leaves its input alone and returns a fresh buffer', () => {
    const x = createHash('sha256').update('in').digest();
    const copy = Buffer.from(x);
    const out = iterateDigest('sha256', x, 3)!;
    expect(x.equals(copy)).toBe(true);
    expect(out.buffer).not.toBe(x.buffer);
  });

  it('declines other hashes and lengths (the caller falls back to Node)', () => {
    expect(iterateDigest('sha512', Buffer.alloc(64), 3)).toBeUndefined();
    expect(iterateDigest('md5', Buffer.alloc(16), 3)).toBeUndefined();
    expect(iterateDigest('sha1', Buffer.alloc(32), 3)).toBeUndefined();
    expect(iterateDigest('sha256', Buffer.alloc(20), 3)).toBeUndefined();
  });

  it('src/keys/iterated-hash-rounds.ts is the current output of its generator', () => {
    const onDisk = readFileSync(new URL('../../src/keys/iterated-hash-rounds.ts', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderIteratedHashSource());
  });
});
