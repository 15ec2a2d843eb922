import { describe, expect, it } from 'vitest';
import { buildChain } from '../../src/chain/index.js';
import { subtreeProblem } from '../../src/chain/name-constraints.js';
import { mint, type NameSpec } from '../helpers/make-certs.js';

describe('RFC 5280 4.2.1.10: a dNSName constraint has no leading period (that form is for URIs)', () => {
  it('refuses a CA whose dNSName constraint starts with a period', async () => {
    const root = await mint({ subject: 'CN=Root', ca: true });
    const mk = (permitted: readonly NameSpec[]) =>
      mint({ subject: 'CN=NC CA', ca: true, issuer: root, nameConstraints: { permitted } });
    const dotted = await mk([{ dns: '.example.com' }]);
    const leaf = await mint({ subject: 'CN=a.example.com', issuer: dotted, san: [{ dns: 'a.example.com' }] });
    const r = buildChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [dotted.cert],
      hostname: 'a.example.com',
    });
    expect(r.problems.map((p) => `${p.code}@${p.depth}`)).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS@1']);
    expect(r.problems[0]!.message).toBe(
      'malformed name constraint: dNSName constraint ".example.com" has a leading period (RFC 5280 4.2.1.10: that form is for URIs)',
    );
    // The same constraint without the period is well formed and permits the leaf.
    const plain = await mk([{ dns: 'example.com' }]);
    const ok = await mint({ subject: 'CN=a.example.com', issuer: plain, san: [{ dns: 'a.example.com' }] });
    expect(buildChain(ok.cert, { trust: [root.cert], intermediates: [plain.cert] }).problems).toEqual([]);
  });

  it('keeps the leading-period form for URI and rfc822Name constraints', () => {
    expect(subtreeProblem({ base: { type: 'uri', value: '.example.com' } })).toBeUndefined();
    expect(subtreeProblem({ base: { type: 'email', value: '.example.com' } })).toBeUndefined();
    expect(subtreeProblem({ base: { type: 'dns', value: '.example.com' } })).toMatch(/leading period/);
  });
});
