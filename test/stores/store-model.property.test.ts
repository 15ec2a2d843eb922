import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { Keystore, StoreRegistry, Truststore } from '../../src/stores/index.js';
import { type Minted, mint } from '../helpers/make-certs.js';
import { privateKeyOf } from './store-fixtures.js';

let certs: Minted[];
let keystore: Keystore;

beforeAll(async () => {
  const root = await mint({ subject: 'CN=Prop Root', ca: true });
  certs = [root];
  for (let i = 0; i < 3; i++) certs.push(await mint({ subject: `CN=leaf-${i}`, issuer: root }));
  keystore = Keystore.empty().withEntry(
    'k',
    { privateKey: await privateKeyOf(certs[1]!), chain: [certs[1]!.cert, root.cert] },
    { trust: [root.cert] },
  );
});

describe('store specs', () => {
  it('any string or variable object resolves to a store or a coded StoreError, never another exception', () => {
    const registry = new StoreRegistry();
    registry.putKeystore('ks', keystore);
    registry.defineReference('ref://r', 'ks');
    const spec = fc.oneof(
      fc.string(),
      fc.string().map((s) => `ref://${s}`),
      fc.string().map((s) => `{${s}}`),
      fc.constantFrom('ks', 'ref://r', '{v}', 'ref://', '{}', '{ref://r}'),
      fc.string().map((variable) => ({ variable })),
    );
    fc.assert(
      fc.property(spec, fc.option(fc.string()), (s, value) => {
        try {
          const store = registry.resolve(s, { resolveVariable: () => value ?? undefined });
          expect(store).toBe(keystore);
        } catch (e) {
          expect(isCertkitError(e) && e.code.startsWith('ERR_STORE_')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('diff', () => {
  it('a.diff(b) and b.diff(a) mirror each other; equals agrees with an empty diff', () => {
    const entries = fc.uniqueArray(
      fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.integer({ min: 0, max: 3 })),
      {
        selector: ([alias]) => alias,
        maxLength: 5,
      },
    );
    fc.assert(
      fc.property(entries, entries, (x, y) => {
        const build = (list: [string, number][]) =>
          list.reduce((ts, [alias, i]) => ts.withCertificate(alias, certs[i]!.cert), Truststore.empty());
        const a = build(x);
        const b = build(y);
        const ab = a.diff(b);
        const ba = b.diff(a);
        expect(ab.added).toEqual(ba.removed);
        expect(ab.removed).toEqual(ba.added);
        expect(ab.changed.map((c) => c.alias).sort()).toEqual(ba.changed.map((c) => c.alias).sort());
        expect(ab.equal).toBe(a.equals(b));
        expect(a.diff(a).equal).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
