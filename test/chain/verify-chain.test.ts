import { beforeAll, describe, expect, it } from 'vitest';
import { type RevocationChecker, type RevocationStatus, verifyChain } from '../../src/chain/index.js';
import type { Certificate } from '../../src/x509/index.js';
import { type Minted, simpleChain } from '../helpers/make-certs.js';

let root: Minted;
let inter: Minted;
let leaf: Minted;
beforeAll(async () => {
  ({ root, inter, leaf } = await simpleChain('example.com'));
});

/** A checker answering from a table keyed by subject CN (an implementation of the interface, not a mock of a peer). */
function tableChecker(table: Record<string, RevocationStatus>, calls: string[] = []): RevocationChecker {
  return {
    check(cert: Certificate, issuer: Certificate, context) {
      calls.push(`${cert.subject.commonName}<-${issuer.subject.commonName}@${context.depth}`);
      return table[cert.subject.commonName ?? ''] ?? { status: 'good', source: 'crl' };
    },
  };
}

describe('verifyChain', () => {
  it('checks every non-anchor link, leaf first, with its issuer', async () => {
    const calls: string[] = [];
    const r = await verifyChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [inter.cert],
      revocation: tableChecker({}, calls),
    });
    expect(r.ok).toBe(true);
    expect(calls).toEqual(['example.com<-Test Intermediate@0', 'Test Intermediate<-Test Root@1']);
  });

  it('ERR_CHAIN_REVOKED with the date and reason', async () => {
    const revokedAt = new Date('2026-01-02T03:04:05Z');
    const r = await verifyChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [inter.cert],
      revocation: tableChecker({
        'Test Intermediate': { status: 'revoked', source: 'ocsp', reason: 'keyCompromise', revokedAt },
      }),
    });
    expect(r.ok).toBe(false);
    expect(r.problems).toMatchObject([
      {
        code: 'ERR_CHAIN_REVOKED',
        depth: 1,
        details: { reason: 'keyCompromise', revokedAt: revokedAt.toISOString(), source: 'ocsp' },
      },
    ]);
  });

  it('unknown status: a warning under soft-fail, a problem under hard-fail; a throwing checker is unknown', async () => {
    const unknown = tableChecker({
      'example.com': { status: 'unknown', reason: 'no CRL', code: 'ERR_REVOCATION_UNAVAILABLE' },
    });
    const soft = await verifyChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [inter.cert],
      revocation: unknown,
    });
    expect(soft.ok).toBe(true);
    expect(soft.warnings.map((w) => w.code)).toEqual(['ERR_CHAIN_REVOCATION_UNKNOWN']);
    const hard = await verifyChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [inter.cert],
      revocation: unknown,
      revocationPolicy: 'hard-fail',
    });
    expect(hard.problems.map((p) => `${p.code}@${p.depth}`)).toEqual(['ERR_CHAIN_REVOCATION_UNKNOWN@0']);
    const throwing: RevocationChecker = {
      check: async () => {
        throw new Error('network down');
      },
    };
    const t = await verifyChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [inter.cert],
      revocation: throwing,
      revocationPolicy: 'hard-fail',
    });
    expect(t.problems.map((p) => p.code)).toEqual([
      'ERR_CHAIN_REVOCATION_UNKNOWN',
      'ERR_CHAIN_REVOCATION_UNKNOWN',
    ]);
  });

  it('fetches a missing intermediate through AIA caIssuers when a fetcher is given (and only then)', async () => {
    const { mint } = await import('../helpers/make-certs.js');
    const { rawExtension } = await import('../helpers/make-certs.js');
    const { derSequence, derOid, encodeTlv } = await import('../../src/internal/der/index.js');
    const url = 'http://ca.example/inter.der';
    const aia = derSequence(
      derSequence(derOid('1.3.6.1.5.5.7.48.2'), encodeTlv(0x86, new TextEncoder().encode(url))),
    );
    const l = await mint({
      subject: 'CN=aia',
      issuer: inter,
      extra: [rawExtension('1.3.6.1.5.5.7.1.1', false, aia)],
    });
    const without = await verifyChain(l.cert, { trust: [root.cert] });
    expect(without.problems.map((p) => p.code)).toEqual(['ERR_CHAIN_NO_ISSUER']);
    const asked: string[] = [];
    const r = await verifyChain(l.cert, {
      trust: [root.cert],
      fetchIssuer: async (u) => {
        asked.push(u);
        return [inter.cert];
      },
    });
    expect(asked).toEqual([url]);
    expect(r.ok).toBe(true);
    expect(r.chain).toHaveLength(3);
  });
});
