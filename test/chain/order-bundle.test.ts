import { describe, expect, it } from 'vitest';
import { orderBundle } from '../../src/chain/order-bundle.js';
import type { Certificate } from '../../src/x509/index.js';
import { cert } from './revocation/fixtures.js';

const root = cert('chain-root');
const int1 = cert('chain-int1');
const int2 = cert('chain-int2');
const leaf = cert('chain-leaf');
const int2Expired = cert('chain-int2-expired');
const unrelated = cert('unrelated');
const at = new Date(Math.max(leaf.notBefore.getTime(), int2.notBefore.getTime()) + 60_000);

const codes = (o: ReturnType<typeof orderBundle>) => o.findings.map((f) => f.code);
const subjects = (list: readonly Certificate[]) => list.map((c) => c.subject.commonName);

/** Every permutation of a small array. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]),
  );
}

describe('orderBundle', () => {
  it('orders every shuffle of a complete bundle leaf -> root', () => {
    for (const bundle of permutations([leaf, int1, int2, root])) {
      const o = orderBundle(bundle, { at });
      expect(subjects(o.chain)).toEqual(subjects([leaf, int2, int1, root]));
      expect(o.leaf).toBe(leaf);
      expect(o.root).toBe(root);
      expect(o.complete).toBe(true);
      expect(o.missing).toEqual([]);
      expect(o.extra).toEqual([]);
      const inOrder = bundle.every((c, i) => c === [leaf, int2, int1, root][i]);
      expect(codes(o)).toEqual(inOrder ? [] : ['ERR_BUNDLE_OUT_OF_ORDER']);
    }
  });

  it('reports the missing intermediate with its issuer name, key id and caIssuers URL', () => {
    const o = orderBundle([root, leaf, int2], { at });
    expect(subjects(o.chain)).toEqual(subjects([leaf, int2]));
    expect(o.complete).toBe(false);
    expect(o.root).toBeUndefined();
    expect(o.missing).toHaveLength(1);
    expect(o.missing[0]).toMatchObject({
      certificate: int2,
      subject: int2.subject.toString(),
      issuer: int1.subject.toString(),
      authorityKeyIdentifier: int1.subjectKeyIdentifier,
      caIssuers: ['http://aia.test/int1.p7c'],
    });
    expect(o.extra).toEqual([root]);
    expect(codes(o)).toContain('ERR_BUNDLE_INCOMPLETE');
    expect(codes(o)).toContain('ERR_BUNDLE_EXTRA_CERTIFICATE');
    expect(o.findings.find((f) => f.code === 'ERR_BUNDLE_INCOMPLETE')?.severity).toBe('error');
  });

  it('completes a bundle without its root from trust anchors', () => {
    const o = orderBundle([int1, leaf, int2], { at, trust: [unrelated, root] });
    expect(subjects(o.chain)).toEqual(subjects([leaf, int2, int1]));
    expect(o.root).toBe(root);
    expect(o.complete).toBe(true);
    expect(orderBundle([int1, leaf, int2], { at }).complete).toBe(false);
  });

  it('lists an unrelated certificate as extra and keeps the real leaf', () => {
    const o = orderBundle([unrelated, int2, root, int1, leaf], { at });
    expect(o.leaf).toBe(leaf);
    expect(o.extra).toEqual([unrelated]);
    expect(codes(o)).toEqual(
      expect.arrayContaining(['ERR_BUNDLE_EXTRA_CERTIFICATE', 'ERR_BUNDLE_MULTIPLE_LEAVES']),
    );
    expect(o.findings.find((f) => f.code === 'ERR_BUNDLE_EXTRA_CERTIFICATE')?.index).toBe(0);
  });

  it('reports duplicates (byte-identical) once each and orders the rest', () => {
    const o = orderBundle([leaf, int2, int2, root, int1, leaf], { at });
    expect(o.duplicates).toHaveLength(2);
    expect(subjects(o.chain)).toEqual(subjects([leaf, int2, int1, root]));
    const dups = o.findings.filter((f) => f.code === 'ERR_BUNDLE_DUPLICATE');
    expect(dups.map((f) => f.index)).toEqual([2, 5]);
    expect(dups[0]?.message).toMatch(/repeats entry 1/);
  });

  it('reports an expired intermediate inside the chain', () => {
    const o = orderBundle([leaf, int2Expired, int1, root], { at });
    expect(o.chain).toContain(int2Expired);
    expect(o.expired).toEqual([int2Expired]);
    expect(codes(o)).toContain('ERR_BUNDLE_EXPIRED_IN_CHAIN');
  });

  it('prefers the current intermediate over an expired copy with the same name and key', () => {
    const o = orderBundle([int2Expired, leaf, root, int2, int1], { at });
    expect(o.chain[1]).toBe(int2);
    expect(o.expired).toEqual([]);
    expect(o.extra).toEqual([int2Expired]);
  });

  it('handles an empty bundle, a lone root and a lone leaf', () => {
    const empty = orderBundle([]);
    expect(empty.leaf).toBeUndefined();
    expect(codes(empty)).toEqual(['ERR_BUNDLE_NO_LEAF']);
    const lone = orderBundle([root], { at });
    expect(lone).toMatchObject({ leaf: root, root, complete: true, chain: [root] });
    const justLeaf = orderBundle([leaf], { at });
    expect(justLeaf).toMatchObject({ leaf, complete: false, chain: [leaf] });
    expect(justLeaf.missing[0]?.issuer).toBe(int2.subject.toString());
  });

  it('does not link by name alone: a same-named certificate with another key is not an issuer', () => {
    // The impostor CA has the revocation CA's name but another key; revocation leaves name that CA.
    const o = orderBundle([cert('leaf-good'), cert('impostor-ca')], { at: new Date() });
    expect(o.complete).toBe(false);
    expect(o.extra).toHaveLength(1);
    expect(o.missing[0]?.issuer).toBe(cert('ca').subject.toString());
  });

  it('throws TypeError for a non-array', () => {
    expect(() => orderBundle('x' as never)).toThrow(TypeError);
  });
});
