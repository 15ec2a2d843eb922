import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteMutation, randomTree, structuralMutation } from './lib/der-mutations.js';
import { compareTrees, type TreeVerdict } from './lib/der-tree.js';
import { loadSeeds } from './lib/seeds.js';

/**
 * certkit's TLV reader against asn1js: certkit accepts a structure only when asn1js decodes the same
 * tree, and refuses one asn1js accepts only for a DER rule that asn1js's own tree shows is broken there.
 */

const NUM_RUNS = 400;
const seeds = loadSeeds();
const realDer = [
  ...seeds.certificates,
  ...seeds.crls,
  ...seeds.csrs,
  ...seeds.ocsp,
  ...seeds.keys,
  ...seeds.pkcs7,
];

function run(arb: fc.Arbitrary<Uint8Array>, seed: number): Map<string, number> {
  const kinds = new Map<string, number>();
  fc.assert(
    fc.property(arb, (bytes) => {
      const v: TreeVerdict = compareTrees(bytes);
      const key = v.kind === 'der-rule' ? `der-rule: ${v.rule}` : v.kind;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
      if (v.kind === 'mismatch') throw new Error(`${v.reason}\ninput: ${Buffer.from(bytes).toString('hex')}`);
    }),
    { numRuns: NUM_RUNS, seed },
  );
  return kinds;
}

describe('certkit and asn1js read the same TLV trees', () => {
  it('every real object is read the same by both', () => {
    for (const der of realDer) expect(compareTrees(der)).toEqual({ kind: 'same-tree' });
  });

  it('structural mutations of real DER: same tree, or a DER rule asn1js confirms is broken', () => {
    const kinds = run(
      structuralMutation(realDer).map((m) => m.bytes),
      12,
    );
    expect(kinds.get('same-tree')).toBeGreaterThan(0);
    expect(kinds.get('der-rule: X.690 10.1 minimal length')).toBeGreaterThan(0);
    expect(kinds.get('der-rule: X.690 10.1 definite length')).toBeGreaterThan(0);
    expect(kinds.get('der-rule: X.690 8.1.2 tag form')).toBeGreaterThan(0);
  });

  it('byte-level damage of real DER', () => {
    const kinds = run(byteMutation(realDer), 13);
    expect(kinds.get('both-refuse')).toBeGreaterThan(0);
  });

  it('random trees in every length form', () => {
    const kinds = run(randomTree(), 14);
    expect(kinds.get('same-tree')).toBeGreaterThan(0);
    expect(kinds.get('der-rule: X.690 10.1 minimal length')).toBeGreaterThan(0);
  });
});
