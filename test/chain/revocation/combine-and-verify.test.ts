import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/chain/build-chain.js';
import { combineCheckers } from '../../../src/chain/revocation/combine-checkers.js';
import { createCrlChecker } from '../../../src/chain/revocation/crl-checker.js';
import { createOcspChecker } from '../../../src/chain/revocation/ocsp-checker.js';
import type { RevocationChecker, RevocationStatus } from '../../../src/chain/revocation-checker.js';
import { RevocationError } from '../../../src/errors/index.js';
import { cert, crl, during } from './fixtures.js';

const ca = cert('ca');
const good = cert('leaf-good');
const revoked = cert('leaf-revoked');
const main = crl('crl');
const at = during(main);
const fixed = (s: RevocationStatus): RevocationChecker & { calls: number } => {
  const c = {
    calls: 0,
    check() {
      c.calls++;
      return s;
    },
  };
  return c;
};

describe('combineCheckers', () => {
  it('returns the first definitive answer and does not ask further', async () => {
    const a = fixed({ status: 'unknown', code: 'ERR_REVOCATION_OCSP_STALE', reason: 'stale' });
    const b = fixed({ status: 'good', source: 'crl' });
    const c = fixed({ status: 'revoked', source: 'crl', revokedAt: new Date(0) });
    expect(await combineCheckers([a, b, c]).check(good, ca, { at, depth: 0 })).toEqual({
      status: 'good',
      source: 'crl',
    });
    expect([a.calls, b.calls, c.calls]).toEqual([1, 1, 0]);
  });

  it('joins the reasons when nobody knows, keeping the first code; a throwing checker is unknown', async () => {
    const throwing: RevocationChecker = {
      check() {
        throw new RevocationError('ERR_REVOCATION_FETCH_TIMEOUT', 'too slow');
      },
    };
    const s = await combineCheckers([
      throwing,
      fixed({ status: 'unknown', code: 'ERR_REVOCATION_NO_SOURCE', reason: 'no CRL' }),
    ]).check(good, ca, { at, depth: 0 });
    expect(s).toMatchObject({ status: 'unknown', code: 'ERR_REVOCATION_FETCH_TIMEOUT' });
    expect(s.status === 'unknown' && s.reason).toMatch(/too slow.*no CRL/);
  });

  it('falls back from an OCSP responder that cannot be reached to the CRL', async () => {
    const ocsp = createOcspChecker({
      transport: {
        post: async () => {
          throw new RevocationError('ERR_REVOCATION_FETCH_FAILED', 'unreachable');
        },
      },
    });
    const both = combineCheckers([ocsp, createCrlChecker({ crls: [main], fetcher: false })]);
    expect(await both.check(revoked, ca, { at, depth: 0 })).toMatchObject({
      status: 'revoked',
      source: 'crl',
      reason: 'keyCompromise',
    });
  });

  it('throws TypeError for an empty list or a non-checker', () => {
    expect(() => combineCheckers([])).toThrow(TypeError);
    expect(() => combineCheckers([{} as never])).toThrow(TypeError);
  });
});

describe('verifyChain with these checkers', () => {
  const base = { trust: [ca], at, profile: 'rfc5280' } as const;
  const crlOnly = createCrlChecker({ crls: [main], fetcher: false });

  it('accepts a good certificate and rejects a revoked one with the reason', async () => {
    const ok = await verifyChain(good, { ...base, revocation: crlOnly, revocationPolicy: 'hard-fail' });
    expect(ok.problems).toEqual([]);
    expect(ok.ok).toBe(true);
    const bad = await verifyChain(revoked, { ...base, revocation: crlOnly });
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.code)).toContain('ERR_CHAIN_REVOKED');
    expect(JSON.stringify(bad.problems)).toMatch(/keyCompromise/);
  });

  it('applies hard and soft fail to a coded unknown', async () => {
    const nothing = createCrlChecker({ fetcher: false });
    const hard = await verifyChain(good, { ...base, revocation: nothing, revocationPolicy: 'hard-fail' });
    expect(hard.ok).toBe(false);
    expect(hard.problems.map((p) => p.code)).toContain('ERR_CHAIN_REVOCATION_UNKNOWN');
    expect(JSON.stringify(hard.problems)).toMatch(/ERR_REVOCATION_NO_SOURCE|no CRL was given/);
    const soft = await verifyChain(good, { ...base, revocation: nothing, revocationPolicy: 'soft-fail' });
    expect(soft.ok).toBe(true);
    expect(soft.warnings.map((p) => p.code)).toContain('ERR_CHAIN_REVOCATION_UNKNOWN');
  });
});
