import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildChain,
  CertificatePool,
  type ChainProblem,
  SignatureCache,
  TrustAnchors,
} from '../../src/chain/index.js';
import { Certificate } from '../../src/x509/index.js';
import { type Minted, mint, rsaKeys } from '../helpers/make-certs.js';

// A gateway keeps one pool and one trust store and builds a chain for every client certificate. What a
// build learns about the pool's CAs (their field checks, their signatures) must never leak into a build
// made at another time or with other settings.

const DAY = 86_400_000;
const now = Date.now();
let root: Minted;
let inter: Minted;
let leaves: Minted[];
let trust: TrustAnchors;
let pool: CertificatePool;

function codes(problems: readonly ChainProblem[]): string[] {
  return problems.map((p) => `${p.code}@${p.depth}`);
}

beforeAll(async () => {
  root = await mint({ subject: 'CN=Repeat Root', ca: true });
  // RSA-2048 and a non-critical basicConstraints: acceptable by default, refused by stricter settings.
  inter = await mint({
    subject: 'CN=Repeat Intermediate',
    ca: { critical: false },
    issuer: root,
    keys: await rsaKeys(2048),
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 10 * DAY),
  });
  leaves = [];
  for (let i = 0; i < 3; i++)
    leaves.push(
      await mint({
        subject: `CN=client${i}.example`,
        issuer: inter,
        san: [{ dns: `client${i}.example` }],
        notBefore: new Date(now - DAY),
        notAfter: new Date(now + 365 * DAY),
      }),
    );
  trust = new TrustAnchors([root.cert]);
  pool = new CertificatePool([inter.cert]);
});

/** A fresh leaf object, as a gateway parses each client certificate it receives. */
function fresh(i: number): Certificate {
  return Certificate.fromDer(leaves[i % leaves.length]!.cert.der);
}

describe('buildChain: one pool, many builds', () => {
  it('checks a pooled CA’s validity at every build’s own time', () => {
    const at = (days: number) => new Date(now + days * DAY);
    const opts = { trust, intermediates: pool, signatureCache: false as const };
    expect(buildChain(fresh(0), { ...opts, at: at(0) }).ok).toBe(true);
    const late = buildChain(fresh(1), { ...opts, at: at(20) });
    expect(late.ok).toBe(false);
    expect(codes(late.problems)).toContain('ERR_CHAIN_EXPIRED@1');
    const again = buildChain(fresh(2), { ...opts, at: at(1) });
    expect(again.problems).toEqual([]);
  });

  it('applies each build’s settings to a pooled CA, in any order, as often as asked', () => {
    const opts = { trust, intermediates: pool, signatureCache: false as const };
    const strictKey = () => buildChain(fresh(0), { ...opts, minRsaBits: 3072 });
    const pedantic = () => buildChain(fresh(1), { ...opts, pedantic: true });
    const plain = () => buildChain(fresh(2), opts);
    for (let round = 0; round < 2; round++) {
      expect(codes(strictKey().problems)).toEqual(['ERR_CHAIN_WEAK_KEY@1']);
      expect(codes(pedantic().problems)).toContain('ERR_CHAIN_BAD_EXTENSION@1');
      expect(plain().problems).toEqual([]);
    }
  });

  it('reports a pooled CA’s problem with its depth in each path', async () => {
    // The same intermediate at depth 1 under one leaf and at depth 2 under a sub-CA's leaf.
    const sub = await mint({ subject: 'CN=Repeat Sub CA', ca: true, issuer: inter });
    const deep = await mint({ subject: 'CN=deep.example', issuer: sub, san: [{ dns: 'deep.example' }] });
    const both = new CertificatePool([inter.cert, sub.cert]);
    const opts = { trust, intermediates: both, minRsaBits: 3072, signatureCache: false as const };
    expect(codes(buildChain(fresh(0), opts).problems)).toEqual(['ERR_CHAIN_WEAK_KEY@1']);
    expect(codes(buildChain(deep.cert, opts).problems)).toEqual(['ERR_CHAIN_WEAK_KEY@2']);
    expect(codes(buildChain(fresh(1), opts).problems)).toEqual(['ERR_CHAIN_WEAK_KEY@1']);
  });

  it('verifies each link of a search once, ranking and validation sharing the answer', () => {
    const cache = new SignatureCache(100);
    expect(buildChain(fresh(0), { trust, intermediates: pool, signatureCache: cache }).ok).toBe(true);
    expect(cache.verifications).toBe(2); // leaf → intermediate, intermediate → root
    expect(buildChain(fresh(0), { trust, intermediates: pool, signatureCache: cache }).ok).toBe(true);
    expect(cache.verifications).toBe(2); // the same links, remembered across builds
  });

  it('still refuses a leaf whose signature does not verify, however often its issuer verified others', async () => {
    // Signed by another key under the intermediate's name: the pool's intermediate is its only candidate.
    const forger = await mint({ subject: 'CN=Repeat Intermediate', ca: true, issuer: root });
    const impostor = await mint({
      subject: 'CN=client0.example',
      issuer: forger,
      san: [{ dns: 'client0.example' }],
    });
    const opts = { trust, intermediates: pool, signatureCache: false as const };
    expect(buildChain(fresh(0), opts).ok).toBe(true);
    const r = buildChain(Certificate.fromDer(impostor.cert.der), opts);
    expect(r.ok).toBe(false);
    expect(codes(r.problems)).toContain('ERR_CHAIN_BAD_SIGNATURE@0');
  });
});
