import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChain, CertificatePool } from '../../src/chain/index.js';
import { Certificate } from '../../src/x509/index.js';
import { type Minted, simpleChain } from '../helpers/make-certs.js';

let root: Minted;
let inter: Minted;
let leaf: Minted;
beforeAll(async () => {
  ({ root, inter, leaf } = await simpleChain('example.com'));
});

/** Certificate.fromDer of the mutated bytes, or undefined when x509 refuses them (that is its job). */
function tryParse(der: Uint8Array): Certificate | undefined {
  try {
    return Certificate.fromDer(der);
  } catch {
    return undefined;
  }
}

describe('buildChain on damaged certificates', () => {
  it('never throws: any certificate that parses gives a result with coded problems', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('leaf', 'inter'),
        (flips, which) => {
          const target = which === 'leaf' ? leaf : inter;
          const der = Uint8Array.prototype.slice.call(target.cert.der);
          for (const [at, value] of flips) der[at % der.length] = value;
          const damaged = tryParse(der);
          if (!damaged) return;
          const r =
            which === 'leaf'
              ? buildChain(damaged, {
                  trust: [root.cert],
                  intermediates: [inter.cert],
                  hostname: 'example.com',
                })
              : buildChain(leaf.cert, { trust: [root.cert], intermediates: new CertificatePool([damaged]) });
          expect(typeof r.ok).toBe('boolean');
          for (const p of r.problems) expect(p.code).toMatch(/^ERR_CHAIN_/);
          if (Buffer.compare(der, target.cert.der) !== 0 && which === 'leaf') expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws on DER pools of random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (junk) => {
        const pool = CertificatePool.fromDer(junk);
        const r = buildChain(leaf.cert, { trust: [root.cert], intermediates: pool });
        expect(r.ok).toBe(false);
      }),
    );
  });
});
