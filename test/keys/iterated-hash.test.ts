import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  renderIteratedHashSource,
  renderIteratedHashWasmSource,
} from '../../scripts/iterated-hash-source.js';
import { iterateDigest, iteratedHashEngine } from '../../src/keys/iterated-hash.js';

/** `H^count(x)` the plain way: one Node hash per iteration. */
function plain(hash: string, x: Uint8Array, count: number): Buffer {
  let out = Buffer.from(x);
  for (let i = 0; i < count; i++) out = createHash(hash).update(out).digest();
  return out;
}

describe('iterateDigest: the unrolled SHA-1 / SHA-256 loop equals Node hashing iterated', () => {
  it('runs as WebAssembly on this Node (so the tests below prove both engines)', () => {
    expect(iteratedHashEngine()).toBe('wasm');
  });

  // 'auto' is the WebAssembly module; 'js' the JavaScript form of the same statements.
  for (const engine of ['auto', 'js'] as const) {
    it(`${engine}: known answers, counts 0, 1, 2, 255-257 (call chunks), 1000 and 2048 (openssl's default)`, () => {
      for (const hash of ['sha1', 'sha256']) {
        for (const seed of ['', 'certkit', '\u0000'.repeat(64)]) {
          const x = createHash(hash).update(seed).digest();
          for (const count of [0, 1, 2, 255, 256, 257, 1000, 2048]) {
            expect(iterateDigest(hash, x, count, engine)!.toString('hex'), `${hash} ${count}`).toBe(
              plain(hash, x, count).toString('hex'),
            );
          }
        }
      }
    });

    it(`${engine}: any 20/32-byte value (not only digests: all-zero, all-one, random) and any count`, () => {
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
            expect(iterateDigest(hash, x, count, engine)!.equals(plain(hash, x, count))).toBe(true);
          },
        ),
        { numRuns: 100 },
      );
    });
  }

  it('interleaved SHA-1 and SHA-256 runs through the shared module memory do not disturb each other', () => {
    const a = createHash('sha1').update('a').digest();
    const b = createHash('sha256').update('b').digest();
    for (let i = 0; i < 3; i++) {
      expect(iterateDigest('sha1', a, 300)!.equals(plain('sha1', a, 300))).toBe(true);
      expect(iterateDigest('sha256', b, 300)!.equals(plain('sha256', b, 300))).toBe(true);
    }
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

  it('src/keys/iterated-hash-rounds.ts and iterated-hash-wasm.ts are the current output of their generator', () => {
    const read = (f: string) => readFileSync(new URL(`../../src/keys/${f}`, import.meta.url), 'utf8');
    expect(read('iterated-hash-rounds.ts')).toBe(renderIteratedHashSource());
    expect(read('iterated-hash-wasm.ts')).toBe(renderIteratedHashWasmSource());
  });
});
