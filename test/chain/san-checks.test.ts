import { beforeAll, describe, expect, it } from 'vitest';
import { type BuildChainOptions, buildChain, type ChainProblem } from '../../src/chain/index.js';
import { derSequence, encodeTlv } from '../../src/internal/der/index.js';
import { type Minted, mint, type NameSpec, rawExtension, simpleChain } from '../helpers/make-certs.js';

let root: Minted;
let inter: Minted;

beforeAll(async () => {
  ({ root, inter } = await simpleChain());
});

function check(leaf: Minted, opts: Partial<BuildChainOptions> = {}) {
  return buildChain(leaf.cert, {
    trust: [root.cert],
    intermediates: [inter.cert],
    purpose: 'any',
    ...opts,
  } as BuildChainOptions);
}

const sanProblems = (problems: readonly ChainProblem[]) =>
  problems.filter((p) => p.code === 'ERR_CHAIN_SUBJECT_ALT_NAME').map((p) => `${p.depth}: ${p.message}`);

const leafWith = (san: readonly NameSpec[]) => mint({ subject: 'CN=x', issuer: inter, san });

describe('RFC 5280 4.2.1.6: the syntax of subjectAltName entries', () => {
  it.each([
    ['a dNSName with an empty label', { dns: 'bad..example' }],
    ['a dNSName with a space', { dns: 'bad name.example' }],
    ['a dNSName " "', { dns: ' ' }],
    ['a dNSName with a partial wildcard', { dns: 'f*.example.com' }],
    ['an rfc822Name without a domain', { email: 'alice@' }],
    ['an rfc822Name without a local part', { email: '@example.com' }],
    ['an rfc822Name with two @', { email: 'alice@bob@example.com' }],
    ['an rfc822Name with a space in the local part', { email: 'al ice@example.com' }],
    ['an rfc822Name with a leading dot', { email: '.alice@example.com' }],
    ['an rfc822Name with a bad domain', { email: 'alice@-example.com' }],
    ['an rfc822Name that is a bare domain', { email: 'example.com' }],
  ] as const)('refuses %s, pedantic or not', async (_what, name) => {
    const leaf = await leafWith([name]);
    for (const pedantic of [false, true]) {
      const found = sanProblems(check(leaf, { pedantic }).problems);
      expect(found, `pedantic ${pedantic}`).toHaveLength(1);
      expect(found[0]).toMatch(/^0: invalid .*\(RFC 5280 4\.2\.1\.6\)$/);
    }
  });

  it('refuses an iPAddress that is neither 4 nor 16 octets', async () => {
    const san = rawExtension(
      '2.5.29.17',
      false,
      derSequence(encodeTlv(0x87, Uint8Array.of(192, 0, 2, 1, 7))),
    );
    const leaf = await mint({ subject: 'CN=x', issuer: inter, extra: [san] });
    const r = check(leaf);
    expect(r.problems.map((p) => p.code)).toContain('ERR_CHAIN_SUBJECT_ALT_NAME');
    expect(r.ok).toBe(false);
  });

  it('accepts mailboxes of RFC 5321 4.1.2 and host names in preferred name syntax', async () => {
    const leaf = await leafWith([
      { email: 'alice.b+tag@example.com' },
      { email: '"al ice"@example.com' },
      { email: "o'hara!#$%&*/=?^`{|}~-@mail.example.com" },
      { email: 'root@[192.0.2.1]' },
      { email: 'root@[IPv6:2001:db8::1]' },
      { dns: '1st.example.com' },
      { dns: 'xn--bcher-kva.example' },
      { dns: '*.example.com' },
    ]);
    expect(check(leaf, { pedantic: true }).problems).toEqual([]);
  });

  it('refuses an underscore in a dNSName under pedantic only (not preferred name syntax; TLS stacks accept it)', async () => {
    const leaf = await leafWith([{ dns: '_acme.example.com' }]);
    expect(check(leaf).ok).toBe(true);
    expect(sanProblems(check(leaf, { pedantic: true }).problems)).toEqual([
      '0: dNSName "_acme.example.com" has an underscore (not in preferred name syntax) in subjectAltName (RFC 5280 4.2.1.6)',
    ]);
  });

  it('checks the names of intermediates too', async () => {
    const odd = await mint({ subject: 'CN=Odd CA', ca: true, issuer: root, san: [{ dns: 'bad..ca' }] });
    const leaf = await mint({ subject: 'CN=x', issuer: odd, san: [{ dns: 'x.example' }] });
    const r = buildChain(leaf.cert, { trust: [root.cert], intermediates: [odd.cert], purpose: 'any' });
    expect(sanProblems(r.problems)).toEqual([
      '1: invalid dNSName "bad..ca" (not in preferred name syntax) in subjectAltName (RFC 5280 4.2.1.6)',
    ]);
  });

  it('does not judge the trust anchor’s names unless pedantic (RFC 5280 6.1.1 (d): the anchor is an input)', async () => {
    const oddRoot = await mint({ subject: 'CN=Odd Root', ca: true, san: [{ email: 'not a mailbox' }] });
    const leaf = await mint({ subject: 'CN=x', issuer: oddRoot, san: [{ dns: 'x.example' }] });
    const opts = { trust: [oddRoot.cert], purpose: 'any' } as const;
    expect(buildChain(leaf.cert, opts).ok).toBe(true);
    expect(sanProblems(buildChain(leaf.cert, { ...opts, pedantic: true }).problems)).toEqual([
      '1: invalid rfc822Name "not a mailbox" (not a mailbox) in subjectAltName (RFC 5280 4.2.1.6)',
    ]);
  });

  it('SAN criticality rules are pedantic (what conforming CAs must do)', async () => {
    const critical = await mint({
      subject: 'CN=x',
      issuer: inter,
      san: [{ dns: 'x.example' }],
      sanCritical: true,
    });
    expect(check(critical).ok).toBe(true);
    expect(sanProblems(check(critical, { pedantic: true }).problems)).toEqual([
      '0: subjectAltName must not be critical when there is a subject (CA/B BR 7.1.2.7.12)',
    ]);
    const empty = await mint({ subject: '', issuer: inter, san: [{ dns: 'x.example' }] });
    expect(check(empty).ok).toBe(true);
    expect(sanProblems(check(empty, { pedantic: true }).problems)).toEqual([
      '0: subjectAltName must be critical when the subject is empty (RFC 5280 4.2.1.6)',
    ]);
  });
});
