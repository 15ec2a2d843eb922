import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { PrivateKey, parsePrivateKey, parsePublicKey } from '../../src/keys/index.js';
import { bytes, PASSWORD, text } from './fixtures.js';

/** Runs the parser; passes when it returns a value or throws a CertkitError, fails on anything else. */
function expectValueOrCoded(fn: () => unknown): void {
  try {
    const value = fn();
    expect(value).toBeDefined();
  } catch (e) {
    if (!isCertkitError(e)) throw new Error(`not a CertkitError: ${(e as Error)?.stack ?? String(e)}`);
  }
}

const DER_FIXTURES = [
  'rsa-a.pkcs1.der',
  'rsa-a.pkcs8.der',
  'rsa-pss-a.pkcs8.der',
  'ec-p256-a.sec1.der',
  'ec-p521-a.pkcs8.der',
  'ec-p256-a.sec1-no-public.der',
  'ed25519-a.pkcs8.der',
  'ed448-a.pkcs8.der',
  'rsa-a.pbes2-aes256.der',
  'ec-p256-a.scrypt.der',
].map((f) => new Uint8Array(bytes(f)));

const PEM_FIXTURES = [
  'rsa-a.legacy-aes128.pem',
  'ec-p256-a.pbe-sha1-3des.pem',
  'ec-p256-a.sec1.pem',
  'ed25519-a.pkcs8.pem',
  'ec-p256-ecparam.pem',
].map((f) => text(f));

/** A fixture with a few bytes replaced, inserted or removed. */
const mutatedDer = fc
  .record({
    which: fc.nat({ max: DER_FIXTURES.length - 1 }),
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom('set', 'insert', 'delete', 'truncate'),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ which, edits }) => {
    let b = Array.from(DER_FIXTURES[which]!);
    for (const e of edits) {
      const at = b.length === 0 ? 0 : e.at % b.length;
      if (e.kind === 'set') b[at] = e.value;
      else if (e.kind === 'insert') b.splice(at, 0, e.value);
      else if (e.kind === 'delete') b.splice(at, 1);
      else b = b.slice(0, at);
    }
    return Uint8Array.from(b);
  });

const mutatedPem = fc
  .record({
    which: fc.nat({ max: PEM_FIXTURES.length - 1 }),
    at: fc.nat(),
    insert: fc.string({ maxLength: 6 }),
    remove: fc.nat({ max: 8 }),
  })
  .map(({ which, at, insert, remove }) => {
    const t = PEM_FIXTURES[which]!;
    const i = at % t.length;
    return t.slice(0, i) + insert + t.slice(i + remove);
  });

describe('parsePrivateKey never throws anything but a CertkitError', () => {
  it('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => expectValueOrCoded(() => parsePrivateKey(b))),
      { numRuns: 2000 },
    );
  });

  it('arbitrary DER-shaped bytes (a SEQUENCE header in front)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const der = Uint8Array.from([
          0x30,
          ...(b.length < 128 ? [b.length] : [0x82, b.length >> 8, b.length & 0xff]),
          ...b,
        ]);
        expectValueOrCoded(() => parsePrivateKey(der));
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated DER keys, plain and encrypted (with and without the password)', () => {
    fc.assert(
      fc.property(mutatedDer, fc.boolean(), (der, withPassword) =>
        expectValueOrCoded(() => parsePrivateKey(der, withPassword ? { password: PASSWORD } : {})),
      ),
      { numRuns: 600 },
    );
  });

  it('mutated PEM text', () => {
    fc.assert(
      fc.property(mutatedPem, (pem) =>
        expectValueOrCoded(() => parsePrivateKey(pem, { password: PASSWORD })),
      ),
      { numRuns: 400 },
    );
  });

  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) =>
        expectValueOrCoded(() =>
          parsePrivateKey(`-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----\n`),
        ),
      ),
      { numRuns: 500 },
    );
  });

  it('a successful parse of mutated data is a usable value', () => {
    fc.assert(
      fc.property(mutatedDer, (der) => {
        try {
          const key = parsePrivateKey(der, { password: PASSWORD });
          expect(key).toBeInstanceOf(PrivateKey);
          expect(typeof key.publicKey.sha256Fingerprint).toBe('string');
          expect(JSON.stringify(key)).toContain(key.algorithm);
        } catch (e) {
          if (!isCertkitError(e)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('parsePublicKey never throws anything but a CertkitError', () => {
  it('arbitrary and mutated bytes', () => {
    const spki = new Uint8Array(bytes('ec-p384-a.spki.der'));
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (b, at, v) => {
          expectValueOrCoded(() => parsePublicKey(b));
          const m = Uint8Array.from(spki);
          m[at % m.length] = v;
          expectValueOrCoded(() => parsePublicKey(m));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
