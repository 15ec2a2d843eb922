import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { decodeInput, decodePem, sniffFormat } from '../../src/pem/index.js';
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js';

/** Runs `fn` and requires it to return or throw a CertkitError: any other exception fails. */
function valueOrCertkitError(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isCertkitError(e)) throw e;
  }
}

describe('PEM and DER input never throw anything but a CertkitError', () => {
  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => valueOrCertkitError(() => decodePem(s))),
      {
        numRuns: 2000,
      },
    );
  });

  it('strings built from PEM pieces', () => {
    const piece = fc.constantFrom(
      '-----BEGIN CERTIFICATE-----',
      '-----END CERTIFICATE-----',
      '-----BEGIN X-----',
      '-----END Y-----',
      'Proc-Type: 4,ENCRYPTED',
      'DEK-Info: AES-128-CBC,00',
      '',
      'MIIB',
      'AA==',
      '====',
      '\r',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) =>
        valueOrCertkitError(() => decodePem(parts.join('\n'))),
      ),
      { numRuns: 3000 },
    );
  });

  it('mutated real PEM text', () => {
    const text = fixtureText('pem', 'bundle-with-text.pem');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.string({ maxLength: 3 }), (at, insert) =>
        valueOrCertkitError(() => decodePem(text.slice(0, at) + insert + text.slice(at + 1))),
      ),
      { numRuns: 2000 },
    );
  });

  it('arbitrary and mutated bytes through decodeInput and sniffFormat', () => {
    const der = fixtureBytes('pem', 'cert.der');
    const mutated = fc
      .tuple(
        fc.integer({ min: 0, max: der.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.nat({ max: der.length }),
      )
      .map(([at, value, cut]) => {
        const copy = der.slice(0, Math.max(cut, at + 1));
        copy[at] = value;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), mutated), (bytes) => {
        expect(typeof sniffFormat(bytes)).toBe('string');
        valueOrCertkitError(() => decodeInput(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});
