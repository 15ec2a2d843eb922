import { describe, expect, it } from 'vitest';
import { hasPeerTool } from '../helpers/peer-tools.js';
import { deviantCatalogue } from '../x509/helpers/deviant-catalogue.js';
import {
  certkitDecision,
  compareWithNode,
  compareWithOpenssl,
  type DecisionVerdict,
  loadCorpus,
} from './lib/corpus.js';

/**
 * certkit against OpenSSL (Node's X509Certificate and the openssl command) on real certificates (the
 * system CA bundle, the fixtures, the x509-limbo vectors) and on one crafted certificate per encoding
 * rule: the same fields where both read a certificate, and every different decision explained.
 */

const corpus = loadCorpus();
const catalogue = deviantCatalogue().entries;

function tally(verdicts: DecisionVerdict[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of verdicts) {
    const k = v.kind === 'certkit-stricter' ? `certkit-stricter: ${v.rule}` : v.kind;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('certkit and OpenSSL decide alike, or certkit says which rule it follows', () => {
  it('the catalogue: certkit conforms, records a deviation or refuses, as decided', () => {
    for (const e of catalogue) {
      const d = certkitDecision(e.der);
      const actual = d.refusals.length > 0 ? 'refused' : d.deviations.length > 0 ? 'deviation' : 'conforming';
      expect([e.name, actual]).toEqual([e.name, e.expect]);
    }
  });

  it("Node's X509Certificate on the corpus and the catalogue", () => {
    expect(corpus.length).toBeGreaterThan(10);
    const verdicts = [...corpus, ...catalogue].map((e) => {
      const v = compareWithNode(e.der);
      if (v.kind === 'mismatch') throw new Error(`${'name' in e ? e.name : ''}: ${v.reason}`);
      return v;
    });
    const t = tally(verdicts);
    expect(t['both-accept']).toBeGreaterThan(10);
    expect(Object.keys(t).some((k) => k.startsWith('certkit-stricter'))).toBe(true);
  });

  it.skipIf(!hasPeerTool('openssl', 'openssl'))('the openssl command on the catalogue', () => {
    const verdicts = catalogue.map((e) => {
      const v = compareWithOpenssl(e.der);
      if (v.kind === 'mismatch') throw new Error(`${e.name}: ${v.reason}`);
      return v;
    });
    const t = tally(verdicts);
    // OpenSSL refuses the broken strings and INTEGERs certkit refuses; certkit refuses more.
    expect(t['both-refuse']).toBeGreaterThan(0);
    expect(t['certkit-stricter: RFC 5280 4.1.2.5 time format']).toBeGreaterThan(0);
    expect(t['certkit-stricter: X.690 8.1/10.1 TLV encoding']).toBeGreaterThan(0);
  });
});
