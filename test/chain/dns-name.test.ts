import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPublicSuffix, isValidDnsName, matchesDnsPattern, parseIpAddress } from '../../src/chain/index.js';

describe('matchesDnsPattern (RFC 9525 / 6125)', () => {
  it.each([
    ['example.com', 'example.com', true],
    ['EXAMPLE.com', 'example.COM', true],
    ['example.com', 'example.com.', true],
    ['*.example.com', 'www.example.com', true],
    ['*.example.com', 'WWW.Example.Com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['www.example.com', 'example.com', false],
    ['example.com', 'www.example.com', false],
    ['f*.example.com', 'foo.example.com', false],
    ['*oo.example.com', 'foo.example.com', false],
    ['www.*.example.com', 'www.a.example.com', false],
    ['*.com', 'example.com', false],
    ['*.co.uk', 'example.co.uk', false],
    ['*.github.io', 'me.github.io', false],
    ['*.example.co.uk', 'www.example.co.uk', true],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example', true],
    ['*.xn--bcher-kva.example', 'a.xn--bcher-kva.example', true],
    ['bücher.example', 'bücher.example', false],
    ['*', 'example', false],
    ['', 'example.com', false],
  ])('%s vs %s -> %s', (pattern, host, want) => {
    expect(matchesDnsPattern(pattern, host)).toBe(want);
  });

  it('never matches a host that is not a valid DNS name', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        if (!isValidDnsName(s.replace(/\.$/, ''), { allowUnderscore: true }))
          expect(matchesDnsPattern(s, s)).toBe(false);
      }),
    );
  });
});

describe('isValidDnsName / isPublicSuffix', () => {
  it('accepts host names and refuses bad ones', () => {
    expect(isValidDnsName('a-b.example')).toBe(true);
    expect(isValidDnsName('-a.example')).toBe(false);
    expect(isValidDnsName('a..example')).toBe(false);
    expect(isValidDnsName(`${'a'.repeat(64)}.example`)).toBe(false);
    expect(isValidDnsName('*.example')).toBe(false);
    expect(isValidDnsName('😀.example')).toBe(false);
  });
  it('uses the whole Public Suffix List: ICANN rules, wildcard and exception rules, private domains', () => {
    for (const suffix of ['com', 'co.uk', 'com.au', 'kawasaki.jp', 'foo.ck', 'github.io', 's3.amazonaws.com'])
      expect(isPublicSuffix(suffix), suffix).toBe(true);
    // Single labels fall under the list's default rule `*`, known TLD or not.
    expect(isPublicSuffix('intranet')).toBe(true);
    for (const name of ['example.com', 'example.co.uk', 'www.ck', 'user.github.io', 'city.kawasaki.jp'])
      expect(isPublicSuffix(name), name).toBe(false);
    expect(isPublicSuffix('GitHub.IO.')).toBe(true);
  });
  it('never lets a wildcard span a public suffix of either section', () => {
    expect(matchesDnsPattern('*.example.co.uk', 'www.example.co.uk')).toBe(true);
    expect(matchesDnsPattern('*.co.uk', 'example.co.uk')).toBe(false);
    expect(matchesDnsPattern('*.github.io', 'user.github.io')).toBe(false);
    expect(matchesDnsPattern('*.s3.amazonaws.com', 'bucket.s3.amazonaws.com')).toBe(false);
    expect(matchesDnsPattern('*.user.github.io', 'www.user.github.io')).toBe(true);
  });
});

describe('parseIpAddress', () => {
  const hex = (s: string) => Buffer.from(parseIpAddress(s) ?? []).toString('hex');
  it('normalises IPv4 and IPv6 textual forms', () => {
    expect(hex('10.0.0.1')).toBe('0a000001');
    expect(hex('2001:DB8:0:0:0:0:0:1')).toBe(hex('2001:db8::1'));
    expect(hex('::ffff:10.0.0.1')).toBe('00000000000000000000ffff0a000001');
    expect(hex('[::1]')).toBe(hex('0:0:0:0:0:0:0:1'));
  });
  it.each([
    '1.2.3',
    '1.2.3.256',
    '01.2.3.4',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    'fe80::1%eth0',
    'example.com',
    '',
  ])('refuses %s', (s) => {
    expect(parseIpAddress(s)).toBeUndefined();
  });
  it('round-trips any 16 bytes through the RFC 5952 form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        const groups: string[] = [];
        for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
        expect(Buffer.from(parseIpAddress(groups.join(':'))!).equals(Buffer.from(b))).toBe(true);
      }),
    );
  });
});
