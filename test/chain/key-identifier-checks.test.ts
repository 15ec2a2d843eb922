import { beforeAll, describe, expect, it } from 'vitest';
import { buildChain, type ChainProblem } from '../../src/chain/index.js';
import { type Minted, mint, simpleChain } from '../helpers/make-certs.js';

let root: Minted;
let inter: Minted;

beforeAll(async () => {
  ({ root, inter } = await simpleChain());
});

const keyIdProblems = (problems: readonly ChainProblem[]) =>
  problems.filter((p) => p.code === 'ERR_CHAIN_KEY_IDENTIFIER').map((p) => `${p.depth}: ${p.details?.rule}`);

describe('key identifiers (RFC 5280 4.2.1.1, 4.2.1.2): CA-profile rules, enforced under pedantic only', () => {
  it('accepts a private-PKI leaf without authorityKeyIdentifier under rfc5280 (as OpenSSL, Go, Java and Node do)', async () => {
    const leaf = await mint({ subject: 'CN=svc', issuer: inter, aki: false, san: [{ dns: 'svc.internal' }] });
    const opts = { trust: [root.cert], intermediates: [inter.cert], hostname: 'svc.internal' } as const;
    expect(buildChain(leaf.cert, { ...opts, profile: 'rfc5280' }).problems).toEqual([]);
    expect(buildChain(leaf.cert, opts).problems).toEqual([]);
    const strict = buildChain(leaf.cert, { ...opts, profile: 'rfc5280', pedantic: true });
    expect(keyIdProblems(strict.problems)).toEqual(['0: RFC 5280 4.2.1.1']);
    expect(strict.problems[0]!.message).toBe(
      'no authorityKeyIdentifier (required unless self-signed) (RFC 5280 4.2.1.1)',
    );
  });

  it('accepts an intermediate without subjectKeyIdentifier unless pedantic', async () => {
    const noSki = await mint({ subject: 'CN=No SKI CA', ca: true, issuer: root, ski: false });
    const leaf = await mint({ subject: 'CN=l', issuer: noSki, aki: false });
    const opts = { trust: [root.cert], intermediates: [noSki.cert], purpose: 'any' } as const;
    expect(buildChain(leaf.cert, opts).ok).toBe(true);
    expect(keyIdProblems(buildChain(leaf.cert, { ...opts, pedantic: true }).problems)).toEqual([
      '0: RFC 5280 4.2.1.1',
      '1: RFC 5280 4.2.1.2',
    ]);
  });

  it('the trust anchor is an input (RFC 5280 6.1.1 (d)): an intermediate trusted directly needs no AKI', async () => {
    // A cross-signed CA (not self-signed) without AKI, configured as the trust anchor.
    const crossSigned = await mint({ subject: 'CN=Cross-signed CA', ca: true, issuer: root, aki: false });
    const leaf = await mint({ subject: 'CN=l', issuer: crossSigned, san: [{ dns: 'l.example' }] });
    const opts = { trust: [crossSigned.cert], hostname: 'l.example' } as const;
    expect(buildChain(leaf.cert, opts).problems).toEqual([]);
    expect(buildChain(leaf.cert, { ...opts, profile: 'rfc5280' }).problems).toEqual([]);
    // Under pedantic the CA profile applies to the anchor too.
    expect(keyIdProblems(buildChain(leaf.cert, { ...opts, pedantic: true }).problems)).toEqual([
      '1: RFC 5280 4.2.1.1',
    ]);
  });

  it('the trust anchor needs no subjectKeyIdentifier, self-signed or not, unless pedantic', async () => {
    const oldRoot = await mint({ subject: 'CN=Old Root', ca: true, ski: false });
    const leaf = await mint({ subject: 'CN=l', issuer: oldRoot, aki: false, san: [{ dns: 'l.example' }] });
    const opts = { trust: [oldRoot.cert], hostname: 'l.example' } as const;
    expect(buildChain(leaf.cert, opts).problems).toEqual([]);
    expect(keyIdProblems(buildChain(leaf.cert, { ...opts, pedantic: true }).problems)).toEqual([
      '0: RFC 5280 4.2.1.1',
      '1: RFC 5280 4.2.1.2',
    ]);
  });
});
