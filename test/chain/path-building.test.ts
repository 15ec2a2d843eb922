import { beforeAll, describe, expect, it } from 'vitest';
import { buildChain, CertificatePool, SignatureCache, TrustAnchors } from '../../src/chain/index.js';
import type { Certificate } from '../../src/x509/index.js';
import { ecKeys, type Minted, mint } from '../helpers/make-certs.js';

const DAY = 86_400_000;
const names = (chain: readonly Certificate[]) => chain.map((c) => c.subject.commonName);

let root: Minted;
beforeAll(async () => {
  root = await mint({ subject: 'CN=Root', ca: true });
});

describe('path building: several candidates with the same subject', () => {
  it('picks the issuer whose key signed, whatever the pool order (AKI/SKI and signature ranking)', async () => {
    const real = await mint({ subject: 'CN=Inter', ca: true, issuer: root });
    const leaf = await mint({ subject: 'CN=leaf', issuer: real });
    const decoys: Minted[] = [];
    for (let i = 0; i < 5; i++) decoys.push(await mint({ subject: 'CN=Inter', ca: true, issuer: root }));
    for (const order of [
      [...decoys, real],
      [real, ...decoys],
    ]) {
      const r = buildChain(leaf.cert, { trust: [root.cert], intermediates: order.map((m) => m.cert) });
      expect(r.ok).toBe(true);
      expect(r.chain[1]!.sha256Fingerprint).toBe(real.cert.sha256Fingerprint);
    }
  });

  it('uses the signature when key identifiers are absent', async () => {
    const keys = await ecKeys();
    const real = await mint({ subject: 'CN=NoSki', ca: true, issuer: root, keys, ski: false });
    const decoy = await mint({ subject: 'CN=NoSki', ca: true, issuer: root, ski: false });
    const leaf = await mint({ subject: 'CN=leaf', issuer: real, aki: false });
    const r = buildChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [decoy.cert, real.cert],
      profile: 'rfc5280',
    });
    expect(r.chain[1]!.sha256Fingerprint).toBe(real.cert.sha256Fingerprint);
  });
});

describe('path building: backtracking', () => {
  it('skips an expired intermediate for a valid one with the same key (re-issued CA)', async () => {
    const keys = await ecKeys();
    const now = Date.now();
    const expired = await mint({
      subject: 'CN=CA',
      ca: true,
      issuer: root,
      keys,
      notBefore: new Date(now - 9 * DAY),
      notAfter: new Date(now - DAY),
    });
    const current = await mint({ subject: 'CN=CA', ca: true, issuer: root, keys });
    const leaf = await mint({ subject: 'CN=leaf', issuer: current });
    const r = buildChain(leaf.cert, { trust: [root.cert], intermediates: [expired.cert, current.cert] });
    expect(r.ok).toBe(true);
    expect(r.chain[1]!.notAfter.getTime()).toBe(current.cert.notAfter.getTime());
  });

  it('backtracks from a path that fails validation deeper up (cross-signed CA, one root distrusted)', async () => {
    const caKeys = await ecKeys();
    const oldRoot = await mint({ subject: 'CN=Old Root', ca: true });
    const newRoot = await mint({ subject: 'CN=New Root', ca: true });
    // The same CA (same name and key) certified by two roots: the old root's cross-certificate is expired.
    const now = Date.now();
    const viaOld = await mint({
      subject: 'CN=Issuing CA',
      ca: true,
      issuer: oldRoot,
      keys: caKeys,
      notBefore: new Date(now - 9 * DAY),
      notAfter: new Date(now - DAY),
    });
    const viaNew = await mint({ subject: 'CN=Issuing CA', ca: true, issuer: newRoot, keys: caKeys });
    const leaf = await mint({ subject: 'CN=leaf', issuer: viaNew });
    const r = buildChain(leaf.cert, {
      trust: [oldRoot.cert, newRoot.cert],
      intermediates: [viaOld.cert, viaNew.cert],
    });
    expect(r.ok).toBe(true);
    expect(names(r.chain)).toEqual(['leaf', 'Issuing CA', 'New Root']);
    // Only the old root trusted: the best failing path names the expired cross-certificate.
    const bad = buildChain(leaf.cert, { trust: [oldRoot.cert], intermediates: [viaOld.cert, viaNew.cert] });
    expect(bad.problems.map((p) => `${p.code}@${p.depth}`)).toEqual(['ERR_CHAIN_EXPIRED@1']);
  });

  it('follows a cross-signature through an intermediate root to a trusted one', async () => {
    const rootKeys = await ecKeys();
    const legacy = await mint({ subject: 'CN=Legacy Root', ca: true });
    const modernSelf = await mint({ subject: 'CN=Modern Root', ca: true, keys: rootKeys });
    const modernCross = await mint({ subject: 'CN=Modern Root', ca: true, keys: rootKeys, issuer: legacy });
    const inter = await mint({ subject: 'CN=I', ca: true, issuer: modernSelf });
    const leaf = await mint({ subject: 'CN=leaf', issuer: inter });
    const viaLegacy = buildChain(leaf.cert, {
      trust: [legacy.cert],
      intermediates: [inter.cert, modernCross.cert],
    });
    expect(names(viaLegacy.chain)).toEqual(['leaf', 'I', 'Modern Root', 'Legacy Root']);
    expect(viaLegacy.ok).toBe(true);
    const viaModern = buildChain(leaf.cert, {
      trust: [legacy.cert, modernSelf.cert],
      intermediates: [inter.cert, modernCross.cert],
    });
    expect(names(viaModern.chain)).toEqual(['leaf', 'I', 'Modern Root']);
  });
});

describe('path building: loops, depth and budget', () => {
  it('stops on a cycle of cross-signed CAs with ERR_CHAIN_LOOP', async () => {
    const ka = await ecKeys();
    const kb = await ecKeys();
    const aSelf = await mint({ subject: 'CN=A', ca: true, keys: ka });
    const bByA = await mint({ subject: 'CN=B', ca: true, keys: kb, issuer: aSelf });
    const aByB = await mint({ subject: 'CN=A', ca: true, keys: ka, issuer: bByA });
    const leaf = await mint({ subject: 'CN=leaf', issuer: bByA });
    const r = buildChain(leaf.cert, { trust: [root.cert], intermediates: [bByA.cert, aByB.cert] });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toContain('ERR_CHAIN_LOOP');
  });

  it('refuses paths longer than maxDepth with ERR_CHAIN_TOO_LONG, and accepts them when allowed', async () => {
    let issuer = root;
    const inters: Minted[] = [];
    for (let i = 0; i < 5; i++) {
      issuer = await mint({ subject: `CN=Level ${i}`, ca: true, issuer });
      inters.push(issuer);
    }
    const leaf = await mint({ subject: 'CN=deep', issuer });
    const opts = { trust: [root.cert], intermediates: inters.map((m) => m.cert) };
    expect(buildChain(leaf.cert, { ...opts, maxDepth: 5 }).ok).toBe(true);
    const r = buildChain(leaf.cert, { ...opts, maxDepth: 4 });
    expect(r.problems.map((p) => p.code)).toContain('ERR_CHAIN_TOO_LONG');
  });

  it('bounds the work on many same-named candidates that do not verify', async () => {
    const real = await mint({ subject: 'CN=Busy', ca: true, issuer: root });
    const leaf = await mint({ subject: 'CN=leaf', issuer: real });
    const decoyKeys = await ecKeys();
    const decoys: Certificate[] = [];
    for (let i = 0; i < 300; i++)
      decoys.push((await mint({ subject: 'CN=Busy', ca: true, issuer: root, keys: decoyKeys })).cert);
    const cache = new SignatureCache(10_000);
    const r = buildChain(leaf.cert, {
      trust: [root.cert],
      intermediates: decoys,
      signatureCache: cache,
      maxCandidates: 50,
    });
    expect(r.ok).toBe(false);
    expect(r.candidatesExamined).toBeLessThanOrEqual(50);
    expect(r.problems.map((p) => p.code)).toContain('ERR_CHAIN_BUDGET_EXHAUSTED');
    expect(r.pathsConsidered).toBeLessThanOrEqual(60);
    const withReal = buildChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [...decoys, real.cert],
      signatureCache: cache,
    });
    expect(withReal.ok).toBe(true);
  });

  it('finds an issuer in a 2,000-certificate pool without scanning it (candidates examined stay constant)', async () => {
    const inter = await mint({ subject: 'CN=Needle', ca: true, issuer: root });
    const leaf = await mint({ subject: 'CN=leaf', issuer: inter });
    const template = await mint({ subject: 'CN=Hay 0', ca: true, issuer: root });
    const pool = new CertificatePool([inter.cert]);
    // Unrelated certificates: distinct subjects (re-minting 10k is slow; 2,000 distinct names is enough here).
    for (let i = 1; i < 2000; i++)
      pool.add((await mint({ subject: `CN=Hay ${i}`, ca: true, issuer: root, keys: template.keys })).cert);
    const small = buildChain(leaf.cert, { trust: [root.cert], intermediates: [inter.cert] });
    const big = buildChain(leaf.cert, { trust: new TrustAnchors([root.cert]), intermediates: pool });
    expect(big.ok).toBe(true);
    expect(big.candidatesExamined).toBe(small.candidatesExamined);
  }, 120_000);
});

describe('CertificatePool / TrustAnchors', () => {
  it('indexes by subject and key identifier, ignores duplicates', async () => {
    const a = await mint({ subject: 'CN=Pool A', ca: true, issuer: root });
    const pool = new CertificatePool([a.cert, a.cert]);
    expect(pool.size).toBe(1);
    expect(pool.add(a.cert)).toBe(false);
    expect(pool.findBySubject(a.cert.subject)).toHaveLength(1);
    expect(pool.findByKeyIdentifier(a.cert.subjectKeyIdentifier!)).toHaveLength(1);
    const leaf = await mint({ subject: 'CN=l', issuer: a });
    expect(pool.findIssuers(leaf.cert).map((c) => c.sha256Fingerprint)).toEqual([a.cert.sha256Fingerprint]);
    expect([...pool]).toHaveLength(1);
    expect(() => pool.add({} as never)).toThrow(TypeError);
  });
  it('an anchor is matched by subject and key, not only by DER', async () => {
    const keys = await ecKeys();
    const r1 = await mint({ subject: 'CN=Same', ca: true, keys });
    const r2 = await mint({ subject: 'CN=Same', ca: true, keys, notAfter: new Date(Date.now() + 999 * DAY) });
    const anchors = new TrustAnchors([r1.cert]);
    expect(anchors.isAnchor(r2.cert)).toBe(true);
    expect(anchors.isAnchor(root.cert)).toBe(false);
  });
});

describe('CertificatePool.fromDer', () => {
  it('decodes lazily and builds the same chain; unreadable entries never match', async () => {
    const i = await mint({ subject: 'CN=Lazy', ca: true, issuer: root });
    const leaf = await mint({ subject: 'CN=l', issuer: i });
    const pool = CertificatePool.fromDer([
      i.cert.der,
      i.cert.der,
      new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
    ]);
    expect(pool.size).toBe(2);
    const r = buildChain(leaf.cert, { trust: TrustAnchors.fromDer([root.cert.der]), intermediates: pool });
    expect(r.ok).toBe(true);
    expect(names(r.chain)).toEqual(['l', 'Lazy', 'Root']);
    expect(() => CertificatePool.fromDer(['x' as never])).toThrow(TypeError);
  });
});
