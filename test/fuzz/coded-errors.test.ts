import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteMutation, structuralMutation } from './lib/der-mutations.js';
import { loadSeeds } from './lib/seeds.js';
import { runTarget, TARGETS } from './lib/targets.js';

/**
 * Every parser, getter, toJSON, util.inspect and consumer (path validation) on hostile input: a value
 * or a CertkitError, never another exception.
 */

const NUM_RUNS = 120;
const seeds = loadSeeds();

describe.each(TARGETS.map((t) => [t.name, t] as const))('%s throws only CertkitErrors', (_name, target) => {
  const list = seeds[target.seeds];

  it('on the real inputs, mutations of them and random bytes', () => {
    expect(list.length).toBeGreaterThan(0);
    const input = fc.oneof(
      structuralMutation(list).map((m) => m.bytes),
      byteMutation(list),
      fc.uint8Array({ maxLength: 300 }),
    );
    let coded = 0;
    fc.assert(
      fc.property(input, (bytes) => {
        const o = runTarget(target, bytes);
        coded += o.coded;
        if (o.uncoded.length > 0) {
          const e = o.uncoded[0];
          throw new Error(
            `non-coded ${e instanceof Error ? e.stack : String(e)}\ninput: ${Buffer.from(bytes).toString('hex')}`,
          );
        }
      }),
      { numRuns: NUM_RUNS, seed: 31 },
    );
    expect(coded).toBeGreaterThan(0);
  });
});
