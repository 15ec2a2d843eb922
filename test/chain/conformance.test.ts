import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_BAD_VECTORS, loadTestcases, runLimbo, SHARED_LIMBO_DIR } from '../../scripts/conformance.js';

const bundle = join(SHARED_LIMBO_DIR, 'limbo.json');
const online = join(SHARED_LIMBO_DIR, 'online-2026');
const present = existsSync(bundle);
if (!present) {
  const msg = `x509-limbo vectors not found at ${SHARED_LIMBO_DIR}: conformance tests skipped`;
  if (process.env.CI) throw new Error(msg);
  console.warn(msg);
}

/** Unexpected results we accept and document in docs/conformance.md: none. */
const DOCUMENTED_UNEXPECTED: readonly string[] = [];

describe.skipIf(!present)('x509-limbo conformance', () => {
  it('the 135-case bundle: no unexpected result, only the documented skips', () => {
    const outcomes = runLimbo(loadTestcases(bundle));
    expect(outcomes).toHaveLength(135);
    const unexpected = outcomes.filter((o) => o.verdict === 'unexpected').map((o) => `${o.id}: ${o.context}`);
    expect(unexpected).toEqual(DOCUMENTED_UNEXPECTED);
    const skipped = outcomes.filter((o) => o.verdict === 'skipped').map((o) => o.id);
    expect(skipped).toEqual(Object.keys(KNOWN_BAD_VECTORS));
  });

  it('the online-2026 cases: all real chains validate', () => {
    const outcomes = runLimbo(loadTestcases(online));
    expect(outcomes).toHaveLength(14);
    expect(outcomes.filter((o) => o.verdict !== 'pass').map((o) => `${o.id}: ${o.context}`)).toEqual([]);
  });

  it('each expected failure fails for a reason certkit names (never an internal error)', () => {
    for (const o of runLimbo(loadTestcases(bundle))) {
      if (o.actual_result === 'FAILURE') expect(o.context, o.id).toMatch(/^(ERR_CHAIN_|parse: )/);
    }
  });
});
