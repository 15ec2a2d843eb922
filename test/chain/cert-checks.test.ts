import { beforeAll, describe, expect, it } from 'vitest';
import { type BuildChainOptions, buildChain, type ChainProblem } from '../../src/chain/index.js';
import { derSequence, encodeTlv } from '../../src/internal/der/index.js';
import { KU, type Minted, mint, rawExtension, simpleChain } from '../helpers/make-certs.js';

let root: Minted;
let inter: Minted;

beforeAll(async () => {
  ({ root, inter } = await simpleChain());
});

function check(leaf: Minted, opts: Partial<BuildChainOptions> & { inters?: Minted[] } = {}) {
  const { inters, ...rest } = opts;
  return buildChain(leaf.cert, {
    trust: [root.cert],
    intermediates: (inters ?? [inter]).map((m) => m.cert),
    ...rest,
  } as BuildChainOptions);
}

const codes = (problems: readonly ChainProblem[]) => problems.map((p) => `${p.code}@${p.depth}`);

describe('web PKI: a CA certificate is never a TLS leaf (CA/B BR 7.1.2.7.8)', () => {
  it('refuses a cA=true leaf for TLS server and client use, with or without keyCertSign', async () => {
    const caLeaf = await mint({
      subject: 'CN=ca.example',
      ca: true,
      issuer: inter,
      san: [{ dns: 'ca.example' }],
    });
    const noSign = await mint({
      subject: 'CN=ca.example',
      ca: true,
      issuer: inter,
      keyUsage: KU.digitalSignature,
      san: [{ dns: 'ca.example' }],
    });
    for (const leaf of [caLeaf, noSign]) {
      for (const purpose of ['server', 'client'] as const) {
        const r = check(leaf, { purpose, hostname: 'ca.example' });
        expect(codes(r.problems), purpose).toEqual(['ERR_CHAIN_CA_AS_LEAF@0']);
        expect(r.problems[0]!.details).toEqual({ rule: 'CA/B BR 7.1.2.7.8' });
        expect(r.problems[0]!.message).toMatch(new RegExp(`not a valid TLS ${purpose} certificate`));
      }
    }
  });

  it('lets a CA certificate end a path under RFC 5280 alone, or for purpose any', async () => {
    const caLeaf = await mint({ subject: 'CN=Sub CA', ca: true, issuer: inter });
    expect(check(caLeaf, { profile: 'rfc5280' }).problems).toEqual([]);
    expect(check(caLeaf, { purpose: 'any' }).problems).toEqual([]);
  });
});

describe('RFC 5280 4.2.1.11: policyConstraints must be critical (pedantic)', () => {
  it('refuses a non-critical policyConstraints under pedantic, on any certificate of the path', async () => {
    // PolicyConstraints ::= SEQUENCE { inhibitPolicyMapping [1] SkipCerts } with SkipCerts 0.
    const value = derSequence(encodeTlv(0x81, Uint8Array.of(0)));
    const mk = (critical: boolean) =>
      mint({
        subject: `CN=PC ${critical}`,
        ca: true,
        issuer: root,
        extra: [rawExtension('2.5.29.36', critical, value)],
      });
    const [soft, hard] = await Promise.all([mk(false), mk(true)]);
    const leafOf = (ca: Minted) => mint({ subject: 'CN=l.example', issuer: ca, san: [{ dns: 'l.example' }] });
    const softLeaf = await leafOf(soft);
    expect(check(softLeaf, { inters: [soft] }).ok).toBe(true);
    const r = check(softLeaf, { inters: [soft], pedantic: true });
    expect(codes(r.problems)).toEqual(['ERR_CHAIN_BAD_EXTENSION@1']);
    expect(r.problems[0]!.details).toEqual({ oid: '2.5.29.36', rule: 'RFC 5280 4.2.1.11' });
    expect(r.problems[0]!.message).toBe('policyConstraints must be critical (RFC 5280 4.2.1.11)');
    expect(check(await leafOf(hard), { inters: [hard], pedantic: true }).problems).toEqual([]);
  });
});

describe('the other CA-profile MUSTs are pedantic only (TLS stacks accept these chains)', () => {
  it('a non-critical basicConstraints on an intermediate (RFC 5280 4.2.1.9)', async () => {
    const soft = await mint({ subject: 'CN=Soft BC', ca: { critical: false }, issuer: root });
    const leaf = await mint({ subject: 'CN=l', issuer: soft });
    expect(check(leaf, { inters: [soft], purpose: 'any' }).ok).toBe(true);
    const r = check(leaf, { inters: [soft], purpose: 'any', pedantic: true });
    expect(codes(r.problems)).toEqual(['ERR_CHAIN_BAD_EXTENSION@1']);
    expect(r.problems[0]!.details?.rule).toBe('RFC 5280 4.2.1.9');
  });

  it('a critical authorityKeyIdentifier (RFC 5280 4.2.1.1)', async () => {
    const { AuthorityKeyIdentifierExtension } = await import('@peculiar/x509');
    const aki = await AuthorityKeyIdentifierExtension.create(inter.keys.publicKey, true);
    const leaf = await mint({ subject: 'CN=l', issuer: inter, aki: false, extra: [aki] });
    expect(check(leaf, { purpose: 'any' }).ok).toBe(true);
    const r = check(leaf, { purpose: 'any', pedantic: true });
    expect(codes(r.problems)).toEqual(['ERR_CHAIN_BAD_EXTENSION@0']);
    expect(r.problems[0]!.message).toBe('authorityKeyIdentifier must not be critical (RFC 5280 4.2.1.1)');
  });
});
