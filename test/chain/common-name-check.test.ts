import { beforeAll, describe, expect, it } from 'vitest';
import { type BuildChainOptions, buildChain, type ChainProblem } from '../../src/chain/index.js';
import { type Minted, mint, type NameSpec, simpleChain } from '../helpers/make-certs.js';

let root: Minted;
let inter: Minted;

beforeAll(async () => {
  ({ root, inter } = await simpleChain());
});

function check(leaf: Minted, opts: Partial<BuildChainOptions> = {}) {
  return buildChain(leaf.cert, {
    trust: [root.cert],
    intermediates: [inter.cert],
    pedantic: true,
    ...opts,
  } as BuildChainOptions);
}

const cnProblems = (problems: readonly ChainProblem[]) =>
  problems.filter((p) => p.code === 'ERR_CHAIN_COMMON_NAME');

async function leafWith(subject: string, san: readonly NameSpec[]): Promise<Minted> {
  return mint({ subject, issuer: inter, san });
}

describe('CA/B BR 7.1.4.3: the subject commonName is one of the SAN values (web PKI, pedantic)', () => {
  it('accepts a commonName copied from a dNSName or an IP address SAN, and no commonName', async () => {
    for (const [subject, san] of [
      ['CN=www.example.com', [{ dns: 'example.com' }, { dns: 'www.example.com' }]],
      ['CN=*.example.com', [{ dns: '*.example.com' }]],
      ['CN=192.0.2.1', [{ ip: '192.0.2.1' }]],
      ['CN=2001:db8::1', [{ ip: '2001:db8::1' }]],
      ['O=Example', [{ dns: 'example.com' }]],
    ] as const) {
      const r = check(await leafWith(subject, san), { purpose: 'server' });
      expect(r.problems, subject).toEqual([]);
    }
  });

  it.each([
    ['not in the SAN', 'CN=other.example', [{ dns: 'example.com' }]],
    ['case differs (character-for-character copy)', 'CN=Example.com', [{ dns: 'example.com' }]],
    ['the wildcard’s base name instead of the wildcard', 'CN=example.com', [{ dns: '*.example.com' }]],
    ['a U-label for an A-label SAN', 'CN=bücher.example', [{ dns: 'xn--bcher-kva.example' }]],
    ['another A-label', 'CN=xn--bcher-kva.example', [{ dns: 'xn--nxasmq6b.example' }]],
    ['IPv4 in hex', 'CN=0xc0000201', [{ ip: '192.0.2.1' }]],
    ['IPv4 with leading zeros (not RFC 3986 3.2.2)', 'CN=192.000.002.001', [{ ip: '192.0.2.1' }]],
    ['IPv6 upper case (not RFC 5952 4)', 'CN=2001:DB8::1', [{ ip: '2001:db8::1' }]],
    ['IPv6 not compressed (not RFC 5952 4)', 'CN=2001:db8:0:0:0:0:0:1', [{ ip: '2001:db8::1' }]],
    ['IPv6 with leading zeros (not RFC 5952 4)', 'CN=2001:0db8::1', [{ ip: '2001:db8::1' }]],
    ['an IP address written as a dNSName only', 'CN=192.0.2.1', [{ dns: 'example.com' }]],
  ] as const)('refuses a commonName %s', async (_what, subject, san) => {
    const r = check(await leafWith(subject, san), { purpose: 'server' });
    const found = cnProblems(r.problems);
    expect(found.map((p) => `${p.code}@${p.depth}`)).toEqual(['ERR_CHAIN_COMMON_NAME@0']);
    expect(found[0]!.details?.rule).toBe('CA/B BR 7.1.4.3');
    expect(found[0]!.message).toMatch(/CA\/B BR 7\.1\.4\.3/);
  });

  it('refuses two commonName entries', async () => {
    const r = check(await leafWith('CN=example.com+CN=www.example.com', [{ dns: 'example.com' }]));
    expect(cnProblems(r.problems).map((p) => p.message)).toEqual([
      'the subject has 2 commonName entries (CA/B BR 7.1.4.3)',
    ]);
  });

  it('applies to TLS server leaves under the web PKI with pedantic only', async () => {
    const leaf = await leafWith('CN=My Service', [{ dns: 'service.internal' }]);
    expect(cnProblems(check(leaf).problems)).toHaveLength(1);
    // A private PKI leaf like this one is what the TLS stacks accept: not refused without pedantic.
    expect(check(leaf, { pedantic: false, hostname: 'service.internal' }).ok).toBe(true);
    expect(check(leaf, { profile: 'rfc5280' }).ok).toBe(true);
    expect(check(leaf, { purpose: 'any' }).ok).toBe(true);
  });
});
