import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteMutation, structuralMutation } from './lib/der-mutations.js';
import {
  compareCertificate,
  compareCrl,
  compareOcspResponse,
  comparePfx,
  type FieldVerdict,
} from './lib/pkijs-fields.js';
import { loadSeeds, type Seeds } from './lib/seeds.js';

/**
 * certkit against pkijs, field by field: wherever certkit returns a value, pkijs reads the same value;
 * certkit may refuse a field pkijs reads (strict DER), and every such refusal is counted by reason.
 */

const NUM_RUNS = 150;
const seeds = loadSeeds();

const CASES: [string, keyof Seeds, (b: Uint8Array) => FieldVerdict][] = [
  ['certificates', 'certificates', compareCertificate],
  ['CRLs', 'crls', compareCrl],
  ['OCSP responses', 'ocsp', compareOcspResponse],
  ['PKCS#12 PFX', 'pkcs12', comparePfx],
];

describe.each(CASES)('%s: certkit and pkijs agree on every field certkit reads', (_name, kind, compare) => {
  const list = seeds[kind];

  it('on the real objects: same values, nothing refused', () => {
    for (const der of list) {
      const v = compare(der);
      expect(v).toMatchObject({ kind: 'agree', refused: [] });
    }
  });

  it('on structural and byte-level mutations', () => {
    const tally = new Map<string, number>();
    const input = fc.oneof(
      structuralMutation(list).map((m) => m.bytes),
      byteMutation(list),
    );
    fc.assert(
      fc.property(input, (bytes) => {
        const v = compare(bytes);
        tally.set(v.kind, (tally.get(v.kind) ?? 0) + 1);
        if (v.kind === 'mismatch')
          throw new Error(`${v.reason}\ninput: ${Buffer.from(bytes).toString('hex')}`);
      }),
      { numRuns: NUM_RUNS, seed: 21 },
    );
    expect(tally.get('agree')).toBeGreaterThan(0);
  });
});
