import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../../src/errors/index.js';
import { berToDer, readTlv } from '../../../src/internal/der/index.js';
import { readJks, readPkcs12, writePkcs12 } from '../../../src/stores/index.js';
import { toBer } from './ber-helper.js';
import { bytes, PW } from './fixtures.js';

/** Passes when the reader returns or throws a CertkitError; fails on any other exception. */
function expectValueOrCoded(fn: () => unknown): void {
  try {
    expect(fn()).toBeDefined();
  } catch (e) {
    if (!isCertkitError(e)) throw new Error(`not a CertkitError: ${(e as Error)?.stack ?? String(e)}`);
  }
}

/** Bytes with a few edits: set, insert, delete, truncate. */
function mutated(sources: readonly Uint8Array[]) {
  return fc
    .record({
      which: fc.nat({ max: sources.length - 1 }),
      edits: fc.array(
        fc.record({
          kind: fc.constantFrom('set', 'xor', 'insert', 'delete', 'truncate'),
          at: fc.nat(),
          value: fc.integer({ min: 0, max: 255 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    })
    .map(({ which, edits }) => {
      let b = Array.from(sources[which]!);
      for (const e of edits) {
        const at = b.length === 0 ? 0 : e.at % b.length;
        if (e.kind === 'set') b[at] = e.value;
        else if (e.kind === 'xor') b[at] = (b[at] ?? 0) ^ (e.value | 1);
        else if (e.kind === 'insert') b.splice(at, 0, e.value);
        else if (e.kind === 'delete') b.splice(at, 1);
        else b = b.slice(0, at);
      }
      return Uint8Array.from(b);
    });
}

// Sources that reach every stage: no MAC and no encryption (the bag parser), no MAC (decryption), a
// MAC with cheap iterations (the MAC, then everything behind it), legacy RC2/3DES, keytool's layout.
const NOPASS = bytes('openssl-nopass.p12');
const cheap = readPkcs12(bytes('keytool-multi.p12'), { password: PW });
const P12 = [
  bytes('openssl-nopass.p12'),
  bytes('openssl-nomac.p12'),
  bytes('openssl-legacy-ec.p12'),
  writePkcs12(cheap, { password: PW, iterations: 1 }),
  writePkcs12(cheap, { password: PW, profile: 'legacy', iterations: 1 }),
  toBer(NOPASS, readTlv(NOPASS, 0), true),
].map((b) => new Uint8Array(b));
const JKS = [new Uint8Array(bytes('keytool.jks')), new Uint8Array(bytes('nonascii.jks'))];

describe('store format readers never throw anything but a CertkitError', () => {
  it('damaged PKCS#12 bytes, with the right password, a wrong one and none', () => {
    fc.assert(
      fc.property(mutated(P12), fc.constantFrom(PW, 'wrong', undefined), (p12, password) => {
        expectValueOrCoded(() => readPkcs12(p12, password === undefined ? {} : { password }));
      }),
      { numRuns: 300 },
    );
  });

  it('damaged JKS bytes', () => {
    fc.assert(
      fc.property(mutated(JKS), fc.constantFrom('storepass', 'wrong'), (jks, storePassword) => {
        expectValueOrCoded(() => readJks(jks, { storePassword, keyPassword: 'keypass' }));
      }),
      { numRuns: 300 },
    );
  });

  it('berToDer on damaged BER: DER or a DerError', () => {
    fc.assert(
      fc.property(mutated([P12[P12.length - 1]!]), (ber) => {
        expectValueOrCoded(() => berToDer(ber));
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes, also behind the right magic numbers', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom([], [0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2], [0x30, 0x82]),
        (tail, head) => {
          const input = Uint8Array.from([...head, ...tail]);
          expectValueOrCoded(() => readPkcs12(input, { password: PW }));
          expectValueOrCoded(() => readJks(input, { storePassword: 'x' }));
        },
      ),
      { numRuns: 500 },
    );
  });
});
