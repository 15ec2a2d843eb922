import { beforeAll, describe, expect, it } from 'vitest';
import { buildChain } from '../../src/chain/index.js';
import { checkName, PreparedConstraints } from '../../src/chain/name-constraints.js';
import type { GeneralName } from '../../src/x509/index.js';
import { mint } from '../helpers/make-certs.js';
import { type ConstraintChain, constraintChain, policyChain } from './hostile-inputs.js';

const codes = (r: { problems: readonly { code: string }[] }) => [...new Set(r.problems.map((p) => p.code))];

describe('the name-constraint comparison budget (Go: maxConstraintComparisons, 250,000)', () => {
  // 600 permitted dNSName subtrees × 500 DNS names outside them: 300,000 comparisons.
  let c: ConstraintChain;
  beforeAll(async () => {
    c = await constraintChain(600, 500, true);
  }, 120_000);
  const build = (max?: number) =>
    buildChain(c.leaf, {
      intermediates: [c.intermediate],
      trust: [c.root],
      signatureCache: false,
      ...(max === undefined ? {} : { maxConstraintComparisons: max }),
    });

  it('by default the check stops at the budget with a coded problem naming the CA', () => {
    const r = build();
    expect(r.ok).toBe(false);
    const p = r.problems.find((x) => x.code === 'ERR_CHAIN_NAME_CONSTRAINTS_BUDGET');
    expect(p).toMatchObject({ depth: 1, details: { caDepth: 1, limit: 250_000 } });
    expect(p!.message).toContain('RFC 5280 4.2.1.10');
  });

  it('with room for every comparison, each name is judged', () => {
    const r = build(300_000);
    expect(codes(r)).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS']);
    expect(r.problems.length).toBe(500);
    expect(r.problems[0]!.message).toContain('h0.elsewhere.test');
    expect(codes(build(299_999))).toContain('ERR_CHAIN_NAME_CONSTRAINTS_BUDGET');
  });

  it('maxConstraintComparisons must be a non-negative integer', () => {
    expect(() => build(-1)).toThrow(TypeError);
    expect(() => build(0.5)).toThrow(TypeError);
  });
});

describe('name constraints are compared only below links whose signature verified', () => {
  it('an intermediate that does not verify spends no comparisons: the path fails on its signature', async () => {
    const forged = await constraintChain(600, 500, false);
    const r = buildChain(forged.leaf, {
      intermediates: [forged.intermediate],
      trust: [forged.root],
      signatureCache: false,
      maxConstraintComparisons: 1,
    });
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(['ERR_CHAIN_BAD_SIGNATURE']);
    expect(r.problems[0]!.depth).toBe(1);
  }, 120_000);

  it('a path a stranger made, whose links all verify, still meets the budget', async () => {
    const own = await constraintChain(600, 500, true);
    const other = await mint({ subject: 'CN=Someone Else', ca: true });
    const r = buildChain(own.leaf, { intermediates: [own.intermediate, own.root], trust: [other.cert] });
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(
      expect.arrayContaining(['ERR_CHAIN_NAME_CONSTRAINTS_BUDGET', 'ERR_CHAIN_UNTRUSTED_ROOT']),
    );
  }, 120_000);
});

describe('a name is compared only with subtrees of its own type', () => {
  const dns = (value: string): GeneralName => ({ type: 'dns', value });
  const email = (value: string): GeneralName => ({ type: 'email', value });
  const uri = (value: string): GeneralName => ({ type: 'uri', value });
  const nc = new PreparedConstraints({
    permitted: [
      ...Array.from({ length: 1000 }, (_, i) => ({ base: email(`m${i}.test`) })),
      { base: dns('example.com') },
      { base: uri('.example.org') },
    ],
    excluded: [{ base: dns('secret.example.com.') }, { base: email('boss@Example.com') }],
  });

  it('the cost of a check is the number of same-type subtrees', () => {
    expect(nc.comparisonsFor(dns('a.example.com'))).toBe(2);
    expect(nc.comparisonsFor(email('x@m1.test'))).toBe(1001);
    expect(nc.comparisonsFor({ type: 'ip', value: '10.0.0.1', bytes: Uint8Array.of(10, 0, 0, 1) })).toBe(0);
  });

  it('matching rules are unchanged: case, trailing dots, label boundaries, wildcards, mailboxes, URI hosts', () => {
    expect(checkName(dns('WWW.Example.COM.'), nc)).toBeUndefined();
    expect(checkName(dns('badexample.com'), nc)).toMatch(/not in any permitted dns subtree/);
    expect(checkName(dns('x.secret.example.com'), nc)).toMatch(/excluded subtree/);
    expect(checkName(dns('*.example.com'), nc)).toBeUndefined();
    expect(checkName(dns('*.secret.example.com'), nc)).toMatch(/excluded/);
    expect(checkName(email('boss@example.COM'), nc)).toMatch(/excluded/);
    expect(checkName(email('Boss@example.com'), nc)).toMatch(/not in any permitted email subtree/);
    expect(checkName(email('a@M7.test'), nc)).toBeUndefined();
    expect(checkName(uri('https://API.example.org/x'), nc)).toBeUndefined();
    expect(checkName(uri('https://example.org/'), nc)).toMatch(/not in any permitted uri subtree/);
    expect(checkName(uri('urn:no-authority'), nc)).toMatch(/cannot check/);
  });
});

describe('certificate policies (RFC 5280 6.1.3 (d), RFC 9618)', () => {
  it('thousands of policies on two certificates: valid when they share some, refused when none', async () => {
    const shared = await policyChain(3000);
    const options = (ch: typeof shared) => ({
      intermediates: [ch.intermediate],
      trust: [ch.root],
      hostname: 'policy.test',
      policy: { requireExplicitPolicy: true },
    });
    expect(buildChain(shared.leaf, options(shared)).ok).toBe(true);
    const disjoint = await policyChain(3000, false);
    expect(codes(buildChain(disjoint.leaf, options(disjoint)))).toEqual(['ERR_CHAIN_POLICY']);
  }, 120_000);
});
