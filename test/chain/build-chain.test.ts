import { beforeAll, describe, expect, it } from 'vitest';
import {
  assertValidChain,
  type BuildChainOptions,
  buildChain,
  type ChainProblem,
  matchesEmail,
  matchesHostname,
  matchesIpAddress,
} from '../../src/chain/index.js';
import { isCertkitError } from '../../src/errors/index.js';
import {
  EKU,
  KU,
  type Minted,
  mint,
  type NameSpec,
  rawExtension,
  rsaKeys,
  simpleChain,
} from '../helpers/make-certs.js';

const DAY = 86_400_000;
let root: Minted;
let inter: Minted;
let leaf: Minted;

beforeAll(async () => {
  ({ root, inter, leaf } = await simpleChain('example.com'));
});

function codes(problems: readonly ChainProblem[]): string[] {
  return problems.map((p) => `${p.code}@${p.depth}`);
}

function check(l: Minted, opts: Partial<BuildChainOptions> & { inters?: Minted[]; roots?: Minted[] } = {}) {
  const { inters, roots, ...rest } = opts;
  return buildChain(l.cert, {
    trust: (roots ?? [root]).map((m) => m.cert),
    intermediates: (inters ?? [inter]).map((m) => m.cert),
    ...rest,
  } as BuildChainOptions);
}

describe('buildChain: a good chain', () => {
  it('returns leaf → intermediate → root with no problems', () => {
    const r = check(leaf, { hostname: 'example.com' });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.chain.map((c) => c.subject.commonName)).toEqual([
      'example.com',
      'Test Intermediate',
      'Test Root',
    ]);
    expect(r.anchor?.subject.commonName).toBe('Test Root');
  });

  it('accepts a leaf issued directly by the root', async () => {
    const l = await mint({ subject: 'CN=direct', issuer: root, san: [{ dns: 'direct.example' }] });
    expect(check(l, { hostname: 'direct.example', inters: [] }).ok).toBe(true);
  });

  it('assertValidChain returns the result, and throws ERR_CHAIN_INVALID with the same problems', () => {
    expect(assertValidChain(leaf.cert, { trust: [root.cert], intermediates: [inter.cert] }).ok).toBe(true);
    const bad = check(leaf, { hostname: 'other.example' });
    try {
      assertValidChain(leaf.cert, {
        trust: [root.cert],
        intermediates: [inter.cert],
        hostname: 'other.example',
      });
      expect.unreachable();
    } catch (e) {
      expect(isCertkitError(e) && e.code).toBe('ERR_CHAIN_INVALID');
      expect((e as { details: { problems: unknown } }).details.problems).toEqual(bad.problems);
    }
  });

  it('refuses misuse with TypeError', () => {
    expect(() => buildChain({} as never, { trust: [] })).toThrow(TypeError);
    expect(() => buildChain(leaf.cert, { trust: [], hostname: 'a', ip: '1.1.1.1' } as never)).toThrow(
      TypeError,
    );
    expect(() => buildChain(leaf.cert, { trust: [], at: new Date('x') })).toThrow(TypeError);
    expect(() => buildChain(leaf.cert, { trust: 'nope' as never })).toThrow(TypeError);
  });
});

describe('buildChain: trust', () => {
  it('ERR_CHAIN_NO_ISSUER at the depth where the search stopped', () => {
    const r = check(leaf, { inters: [] });
    expect(r.ok).toBe(false);
    expect(codes(r.problems)).toContain('ERR_CHAIN_NO_ISSUER@0');
  });
  it('ERR_CHAIN_UNTRUSTED_ROOT when the chain ends at a root that is not trusted', async () => {
    const other = await mint({ subject: 'CN=Other Root', ca: true });
    const r = check(leaf, { inters: [inter, root], roots: [other] });
    expect(codes(r.problems)).toEqual(['ERR_CHAIN_UNTRUSTED_ROOT@2']);
    expect(r.chain).toHaveLength(3);
    expect(r.anchor).toBeUndefined();
  });
});

describe('buildChain: validity', () => {
  it('ERR_CHAIN_EXPIRED / NOT_YET_VALID name the right depth', async () => {
    const now = Date.now();
    expect(codes(check(leaf, { at: new Date(now + 400 * DAY) }).problems)).toEqual([
      'ERR_CHAIN_EXPIRED@0',
      'ERR_CHAIN_EXPIRED@1',
      'ERR_CHAIN_EXPIRED@2',
    ]);
    const oldInter = await mint({
      subject: 'CN=Old',
      ca: true,
      issuer: root,
      notAfter: new Date(now - DAY),
      notBefore: new Date(now - 10 * DAY),
    });
    const l = await mint({ subject: 'CN=x', issuer: oldInter, san: [{ dns: 'x.example' }] });
    expect(codes(check(l, { inters: [oldInter] }).problems)).toEqual(['ERR_CHAIN_EXPIRED@1']);
    const future = await mint({
      subject: 'CN=f',
      issuer: inter,
      notBefore: new Date(now + DAY),
      notAfter: new Date(now + 9 * DAY),
    });
    expect(codes(check(future).problems)).toEqual(['ERR_CHAIN_NOT_YET_VALID@0']);
    expect(check(future, { at: new Date(now + 2 * DAY) }).ok).toBe(true);
  });
});

describe('buildChain: signatures and algorithms', () => {
  it('ERR_CHAIN_BAD_SIGNATURE when the named issuer did not sign', async () => {
    const impostor = await mint({ subject: 'CN=Test Intermediate', ca: true, issuer: root });
    const r = check(leaf, { inters: [impostor] });
    expect(codes(r.problems)).toContain('ERR_CHAIN_BAD_SIGNATURE@0');
  });
  it('refuses SHA-1 unless allowSha1', async () => {
    const l = await mint({ subject: 'CN=sha1', issuer: inter, hash: 'SHA-1' });
    expect(codes(check(l).problems)).toEqual(['ERR_CHAIN_WEAK_SIGNATURE_ALGORITHM@0']);
    expect(check(l, { allowSha1: true }).ok).toBe(true);
  });
  it('does not judge the self-signature of a trust anchor, even when the anchor is the certificate checked', async () => {
    const oldRoot = await mint({ subject: 'CN=Old SHA-1 Root', ca: true, hash: 'SHA-1' });
    const alone = buildChain(oldRoot.cert, { trust: [oldRoot.cert], purpose: 'any' });
    expect(alone.problems).toEqual([]);
    expect(alone.chain).toHaveLength(1);
    const l = await mint({ subject: 'CN=under old root', issuer: oldRoot });
    expect(check(l, { roots: [oldRoot], inters: [] }).ok).toBe(true);
  });
  it('refuses RSA below minRsaBits', async () => {
    const weak = await mint({ subject: 'CN=rsa1024', issuer: inter, keys: await rsaKeys(1024) });
    expect(codes(check(weak).problems)).toEqual(['ERR_CHAIN_WEAK_KEY@0']);
    expect(check(weak, { minRsaBits: 1024 }).ok).toBe(true);
  });
});

describe('buildChain: basic constraints, path length, key usage', () => {
  it('ERR_CHAIN_NOT_CA for an issuer with cA=false or no basicConstraints', async () => {
    const notCa = await mint({ subject: 'CN=NotCA', ca: false, issuer: root, keyUsage: KU.keyCertSign });
    const l = await mint({ subject: 'CN=l', issuer: notCa });
    expect(codes(check(l, { inters: [notCa] }).problems)).toContain('ERR_CHAIN_NOT_CA@1');
    const noBc = await mint({ subject: 'CN=NoBC', ca: 'omit', issuer: root, keyUsage: 'omit' });
    const l2 = await mint({ subject: 'CN=l2', issuer: noBc });
    expect(codes(check(l2, { inters: [noBc] }).problems)).toEqual(['ERR_CHAIN_NOT_CA@1']);
  });
  it('ERR_CHAIN_PATH_LENGTH when a CA below a pathLen:0 CA issues', async () => {
    const ca0 = await mint({ subject: 'CN=CA0', ca: { pathLength: 0 }, issuer: root });
    const sub = await mint({ subject: 'CN=Sub', ca: true, issuer: ca0 });
    const l = await mint({ subject: 'CN=l', issuer: sub });
    expect(codes(check(l, { inters: [ca0, sub] }).problems)).toEqual(['ERR_CHAIN_PATH_LENGTH@1']);
    const l0 = await mint({ subject: 'CN=l0', issuer: ca0 });
    expect(check(l0, { inters: [ca0] }).ok).toBe(true);
  });
  it('ERR_CHAIN_KEY_USAGE for an issuer without keyCertSign and for required leaf bits', async () => {
    const noSign = await mint({ subject: 'CN=NoSign', ca: true, issuer: root, keyUsage: KU.cRLSign });
    const l = await mint({ subject: 'CN=l', issuer: noSign });
    expect(codes(check(l, { inters: [noSign] }).problems)).toEqual(['ERR_CHAIN_KEY_USAGE@1']);
    const encOnly = await mint({ subject: 'CN=e', issuer: inter, keyUsage: KU.keyEncipherment });
    expect(codes(check(encOnly, { requiredKeyUsage: ['digitalSignature'] }).problems)).toEqual([
      'ERR_CHAIN_KEY_USAGE@0',
    ]);
    expect(check(encOnly).ok).toBe(true);
  });
});

describe('buildChain: extended key usage', () => {
  it('checks the leaf against the purpose', async () => {
    const client = await mint({
      subject: 'CN=c',
      issuer: inter,
      eku: [EKU.clientAuth],
      san: [{ email: 'alice@example.com' }],
    });
    expect(codes(check(client).problems)).toEqual(['ERR_CHAIN_EXTENDED_KEY_USAGE@0']);
    expect(check(client, { purpose: 'client', email: 'alice@example.com' }).ok).toBe(true);
    expect(check(client, { purpose: 'any' }).ok).toBe(true);
  });
  it('an intermediate EKU constrains the leaf under webpki only', async () => {
    const codeCa = await mint({ subject: 'CN=CodeCA', ca: true, issuer: root, eku: [EKU.codeSigning] });
    const l = await mint({ subject: 'CN=l', issuer: codeCa });
    expect(codes(check(l, { inters: [codeCa] }).problems)).toEqual(['ERR_CHAIN_EXTENDED_KEY_USAGE@1']);
    expect(check(l, { inters: [codeCa], profile: 'rfc5280' }).ok).toBe(true);
  });
  it('pedantic: leaf EKU required, anyExtendedKeyUsage refused', async () => {
    const none = await mint({
      subject: 'CN=n.example',
      issuer: inter,
      eku: 'omit',
      san: [{ dns: 'n.example' }],
    });
    expect(check(none).ok).toBe(true);
    expect(codes(check(none, { pedantic: true }).problems)).toEqual(['ERR_CHAIN_EXTENDED_KEY_USAGE@0']);
    const any = await mint({
      subject: 'CN=a.example',
      issuer: inter,
      eku: [EKU.any],
      san: [{ dns: 'a.example' }],
    });
    expect(check(any).ok).toBe(true);
    expect(codes(check(any, { pedantic: true }).problems)).toEqual(['ERR_CHAIN_EXTENDED_KEY_USAGE@0']);
  });
});

describe('buildChain: extensions and structure', () => {
  it('ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION at the certificate that has it', async () => {
    const odd = await mint({
      subject: 'CN=Odd',
      ca: true,
      issuer: root,
      extra: [rawExtension('1.3.6.1.4.1.99999.1', true)],
    });
    const l = await mint({ subject: 'CN=l', issuer: odd });
    const r = check(l, { inters: [odd] });
    expect(codes(r.problems)).toEqual(['ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION@1']);
    expect(r.problems[0]!.details).toEqual({ oid: '1.3.6.1.4.1.99999.1' });
    expect(r.problems[0]!.subject).toBe('CN=Odd');
    const benign = await mint({
      subject: 'CN=b',
      issuer: inter,
      extra: [rawExtension('1.3.6.1.4.1.99999.1', false)],
    });
    expect(check(benign).ok).toBe(true);
  });
  it('ERR_CHAIN_KEY_IDENTIFIER, pedantic only, for a leaf without AKI and a CA without SKI', async () => {
    const noAki = await mint({ subject: 'CN=na', issuer: inter, aki: false });
    expect(check(noAki).ok).toBe(true);
    expect(codes(check(noAki, { pedantic: true, purpose: 'any' }).problems)).toEqual([
      'ERR_CHAIN_KEY_IDENTIFIER@0',
    ]);
    const noSki = await mint({ subject: 'CN=NoSki', ca: true, issuer: root, ski: false });
    const l = await mint({ subject: 'CN=l', issuer: noSki, aki: false });
    expect(check(l, { inters: [noSki] }).ok).toBe(true);
    expect(codes(check(l, { inters: [noSki], pedantic: true }).problems)).toContain(
      'ERR_CHAIN_KEY_IDENTIFIER@1',
    );
  });
  it('ERR_CHAIN_SERIAL_NUMBER, pedantic only, for an over-long serial (zero and negative: see the limbo vectors)', async () => {
    const long = await mint({ subject: 'CN=long', issuer: inter, serial: `7f${'11'.repeat(21)}` });
    expect(check(long).ok).toBe(true);
    const r = check(long, { pedantic: true, purpose: 'any' });
    expect(codes(r.problems)).toEqual(['ERR_CHAIN_SERIAL_NUMBER@0']);
    expect(r.problems[0]!.details).toEqual({ rule: 'RFC 5280 4.1.2.2' });
  });
  it('ERR_CHAIN_SUBJECT_ALT_NAME for an invalid dNSName', async () => {
    const bad = await mint({ subject: 'CN=b', issuer: inter, san: [{ dns: 'bad..example' }] });
    expect(codes(check(bad).problems)).toEqual(['ERR_CHAIN_SUBJECT_ALT_NAME@0']);
  });
});

describe('buildChain: names', () => {
  it('host names by SAN only, no CN fallback unless asked', async () => {
    const cnOnly = await mint({ subject: 'CN=cn.example', issuer: inter });
    expect(codes(check(cnOnly, { hostname: 'cn.example' }).problems)).toEqual([
      'ERR_CHAIN_HOSTNAME_MISMATCH@0',
    ]);
    expect(check(cnOnly, { hostname: 'cn.example', allowCommonNameFallback: true }).ok).toBe(true);
    expect(codes(check(leaf, { hostname: 'www.example.com' }).problems)).toEqual([
      'ERR_CHAIN_HOSTNAME_MISMATCH@0',
    ]);
    expect(codes(check(leaf, { hostname: 'bad..name' }).problems)).toEqual([
      'ERR_CHAIN_INVALID_REFERENCE_NAME@0',
    ]);
  });
  it('wildcards: whole left-most label, never over a public suffix', async () => {
    const wild = await mint({
      subject: 'CN=w',
      issuer: inter,
      san: [{ dns: '*.example.com' }, { dns: '*.com' }],
    });
    expect(check(wild, { hostname: 'api.example.com' }).ok).toBe(true);
    expect(check(wild, { hostname: 'example.com' }).ok).toBe(false);
    expect(check(wild, { hostname: 'other.com' }).ok).toBe(false);
    expect(matchesHostname(wild.cert, 'A.EXAMPLE.COM')).toBe(true);
  });
  it('IP addresses matched by bytes, v4 and v6, never against DNS names', async () => {
    const ipCert = await mint({
      subject: 'CN=ip',
      issuer: inter,
      san: [{ ip: '10.0.0.1' }, { ip: '2001:db8::1' }, { dns: '10.0.0.2' }],
    });
    expect(check(ipCert, { ip: '10.0.0.1' }).ok).toBe(true);
    expect(check(ipCert, { hostname: '10.0.0.1' }).ok).toBe(true);
    expect(check(ipCert, { ip: '2001:DB8:0::1' }).ok).toBe(true);
    expect(codes(check(ipCert, { ip: '10.0.0.2' }).problems)).toEqual(['ERR_CHAIN_IP_MISMATCH@0']);
    expect(matchesIpAddress(ipCert.cert, '::ffff:10.0.0.1')).toBe(false);
  });
  it('email: local part case-sensitive, domain case-insensitive', async () => {
    const mail = await mint({
      subject: 'CN=m',
      issuer: inter,
      eku: [EKU.clientAuth],
      san: [{ email: 'Alice@Example.com' }],
    });
    expect(matchesEmail(mail.cert, 'Alice@example.COM')).toBe(true);
    expect(matchesEmail(mail.cert, 'alice@example.com')).toBe(false);
    expect(check(mail, { purpose: 'client', email: 'Alice@EXAMPLE.com' }).ok).toBe(true);
    expect(codes(check(mail, { purpose: 'client', email: 'bob@example.com' }).problems)).toEqual([
      'ERR_CHAIN_EMAIL_MISMATCH@0',
    ]);
  });
});

describe('buildChain: name constraints', () => {
  it('permitted and excluded DNS, IP and email subtrees', async () => {
    const nc = await mint({
      subject: 'CN=NC',
      ca: true,
      issuer: root,
      nameConstraints: {
        permitted: [{ dns: 'example.com' }, { ip: '10.0.0.0/8' }, { email: 'example.com' }],
        excluded: [{ dns: 'bad.example.com' }, { ip: '10.9.0.0/16' }],
      },
    });
    const mk = (san: readonly NameSpec[]) => mint({ subject: 'CN=n', issuer: nc, san, eku: 'omit' });
    const ok = await mk([{ dns: 'www.example.com' }, { ip: '10.1.2.3' }, { email: 'a@example.com' }]);
    expect(check(ok, { inters: [nc] }).problems).toEqual([]);
    // A wildcard that could stand for an excluded name collides with it.
    expect(codes(check(await mk([{ dns: '*.example.com' }]), { inters: [nc] }).problems)).toEqual([
      'ERR_CHAIN_NAME_CONSTRAINTS@0',
    ]);
    for (const san of [
      [{ dns: 'example.org' }],
      [{ dns: 'x.bad.example.com' }],
      [{ ip: '11.0.0.1' }],
      [{ ip: '10.9.1.1' }],
      [{ email: 'a@example.org' }],
      [{ dns: '*.bad.example.com' }],
    ] as const) {
      const r = check(await mk(san), { inters: [nc] });
      expect(codes(r.problems), JSON.stringify(san)).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS@0']);
    }
  });
  it('directoryName constraints apply to the subject', async () => {
    const nc = await mint({
      subject: 'CN=DN',
      ca: true,
      issuer: root,
      nameConstraints: { permitted: [{ dn: 'O=Good' }] },
    });
    const good = await mint({ subject: 'O=Good, CN=x', issuer: nc, san: [{ dns: 'x.example' }] });
    const bad = await mint({ subject: 'O=Evil, CN=x', issuer: nc, san: [{ dns: 'x.example' }] });
    expect(check(good, { inters: [nc] }).ok).toBe(true);
    expect(codes(check(bad, { inters: [nc] }).problems)).toEqual(['ERR_CHAIN_NAME_CONSTRAINTS@0']);
  });
  it('constraints of a root apply through intermediates; non-critical ones only pass under webpki', async () => {
    const ncRoot = await mint({
      subject: 'CN=NC Root',
      ca: true,
      nameConstraints: { permitted: [{ dns: 'example.com' }], critical: false },
    });
    const i = await mint({ subject: 'CN=I', ca: true, issuer: ncRoot });
    const inside = await mint({ subject: 'CN=in', issuer: i, san: [{ dns: 'a.example.com' }] });
    const outside = await mint({ subject: 'CN=out', issuer: i, san: [{ dns: 'a.example.net' }] });
    expect(check(inside, { inters: [i], roots: [ncRoot] }).ok).toBe(true);
    expect(codes(check(inside, { inters: [i], roots: [ncRoot], profile: 'rfc5280' }).problems)).toEqual([
      'ERR_CHAIN_NAME_CONSTRAINTS@2',
    ]);
    expect(codes(check(outside, { inters: [i], roots: [ncRoot] }).problems)).toEqual([
      'ERR_CHAIN_NAME_CONSTRAINTS@0',
    ]);
  });
});

describe('buildChain: trust anchors as real root stores have them', () => {
  it('accepts a root without SKI and with non-critical basicConstraints, unless pedantic', async () => {
    const oldRoot = await mint({ subject: 'CN=Old Style Root', ca: { critical: false }, ski: false });
    const l = await mint({ subject: 'CN=l', issuer: oldRoot, san: [{ dns: 'old.example' }], aki: false });
    const withAki = await mint({ subject: 'CN=old.example', issuer: oldRoot, san: [{ dns: 'old.example' }] });
    const opts = { trust: [oldRoot.cert], hostname: 'old.example' } as const;
    expect(buildChain(withAki.cert, opts).ok).toBe(true);
    expect(codes(buildChain(withAki.cert, { ...opts, pedantic: true }).problems)).toEqual([
      'ERR_CHAIN_KEY_IDENTIFIER@1',
      'ERR_CHAIN_BAD_EXTENSION@1',
    ]);
    // The leaf's own missing AKI is a CA-profile rule: a problem under pedantic only.
    expect(buildChain(l.cert, opts).ok).toBe(true);
    expect(codes(buildChain(l.cert, { ...opts, pedantic: true }).problems)).toContain(
      'ERR_CHAIN_KEY_IDENTIFIER@0',
    );
  });
});
