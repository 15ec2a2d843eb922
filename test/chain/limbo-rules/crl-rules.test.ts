/**
 * CRL rules the newer x509-limbo vectors exercise (crl::, rfc5280::crl::, webpki::crl::), reproduced with
 * minted CRLs and run through the conformance harness (pedantic, web PKI profile, hard-fail).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/chain/index.js';
import { createCrlChecker } from '../../../src/chain/revocation/crl-checker.js';
import { derOid, derSequence, derUtf8String } from '../../../src/internal/der/index.js';
import { parseCrl } from '../../../src/x509/index.js';
import { type Minted, mint, mintCrl, rawExtension } from '../../helpers/make-certs.js';
import { cdpExtension, idpExtension, patchCrl, runCase } from './limbo-case.js';

const uri = 'http://example.com/partition.crl';
const DAY = 86_400_000;
let root: Minted;
let leaf: Minted;
let leafWithCdp: Minted;

const leafOptions = () => ({ issuer: root, subject: 'CN=example.com', san: [{ dns: 'example.com' }] });
const unknownExt = (critical: boolean) =>
  rawExtension('1.3.6.1.4.1.55738.666.1', critical, new Uint8Array([0x05, 0x00]));

beforeAll(async () => {
  root = await mint({ subject: 'CN=CRL Root', ca: true });
  leaf = await mint(leafOptions());
  leafWithCdp = await mint({ ...leafOptions(), extra: [cdpExtension([{ uri }])] });
});

describe('issuingDistributionPoint scope (RFC 5280 5.2.5, 6.3.3 (b)(2)(i))', () => {
  it('a CRL whose distribution point is the certificate’s covers it', async () => {
    const crl = await mintCrl(root, { extra: [idpExtension({ fullName: [{ uri }] })] });
    const r = await runCase({
      id: 'crl::idp::idp-cdp-scope-match',
      leaf: leafWithCdp,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('SUCCESS');
  });

  it('another distribution point: the CRL does not cover the certificate', async () => {
    const crl = await mintCrl(root, {
      extra: [idpExtension({ fullName: [{ uri: 'http://example.com/o.crl' }] })],
    });
    const r = await runCase({
      id: 'crl::idp::idp-cdp-scope-mismatch',
      leaf: leafWithCdp,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
    expect(r.context).toContain('ERR_CHAIN_REVOCATION_UNKNOWN');
    expect(r.context).toContain('does not cover this certificate');
  });

  it('a partitioned CRL does not cover a certificate without cRLDistributionPoints (its default DP is the issuer name)', async () => {
    const crl = await mintCrl(root, { extra: [idpExtension({ fullName: [{ uri }] })] });
    const r = await runCase({
      id: 'crl::idp::idp-present-certificate-missing-cdp',
      leaf,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
    expect(r.context).toContain('the certificate names no distribution point');
  });

  it('a nameRelativeToCRLIssuer distribution point does not match the issuer name alone', async () => {
    const rdn = derSequence(derOid('2.5.4.3'), derUtf8String('partition'));
    const crl = await mintCrl(root, { extra: [idpExtension({ relativeName: rdn })] });
    const r = await runCase({
      id: 'crl::cabf::idp-name-relative-to-crl-issuer',
      leaf,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
    expect(r.context).toContain('partitioned CRL');
  });

  it('URIs are matched as encoded: %73hard is not shard (CA/B BR 7.2.2.1)', async () => {
    const l = await mint({
      ...leafOptions(),
      extra: [cdpExtension([{ uri: 'http://example.com/crls/%73hard.crl' }])],
    });
    const crl = await mintCrl(root, {
      extra: [idpExtension({ fullName: [{ uri: 'http://example.com/crls/shard.crl' }] })],
    });
    const r = await runCase({
      id: 'crl::cabf::idp-uri-not-byte-identical',
      leaf: l,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
  });

  it('user-only, CA-only, attribute-only and indirect CRLs do not cover what they exclude', async () => {
    const inter = await mint({ subject: 'CN=CRL Inter', ca: true, issuer: root });
    const interLeaf = await mint({ issuer: inter, subject: 'CN=example.com', san: [{ dns: 'example.com' }] });
    const onlyUser = await runCase({
      id: 'crl::idp::idp-only-contains-user-certs-ca-target',
      leaf: interLeaf,
      trust: [root],
      intermediates: [inter],
      crls: [await mintCrl(root, { extra: [idpExtension({ onlyUser: true })] }), await mintCrl(inter)],
    });
    expect(onlyUser.context).toMatch(/ERR_CHAIN_REVOCATION_UNKNOWN@1.*end-entity certificates only/);
    const inScope = await runCase({
      id: 'a CA-only CRL covers the intermediate, a user-only one the leaf',
      leaf: interLeaf,
      trust: [root],
      intermediates: [inter],
      crls: [
        await mintCrl(root, { extra: [idpExtension({ onlyCa: true })] }),
        await mintCrl(inter, { extra: [idpExtension({ onlyUser: true })] }),
      ],
    });
    expect(inScope.actual_result).toBe('SUCCESS');
    for (const [id, idp, why] of [
      ['idp-only-contains-ca-certs-ee-target', { onlyCa: true }, 'CA certificates only'],
      ['idp-only-contains-attribute-certs', { onlyAttribute: true }, 'attribute certificates only'],
      ['idp-indirect-crl', { fullName: [{ uri }], indirect: true }, 'indirect CRLs are not supported'],
    ] as const) {
      const crl = await mintCrl(root, { extra: [idpExtension(idp)] });
      const r = await runCase({ id, leaf: leafWithCdp, trust: [root], crls: [crl] });
      expect(r.actual_result, id).toBe('FAILURE');
      expect(r.context, id).toContain(why);
    }
  });
});

describe('CA/B BR CRL profile (pedantic, web PKI)', () => {
  it('an issuingDistributionPoint naming a non-URI is refused (BR 7.2.2.1)', async () => {
    const crl = await mintCrl(root, {
      extra: [idpExtension({ fullName: [{ uri }, { dns: 'example.com' }] })],
    });
    const r = await runCase({
      id: 'crl::cabf::idp-fullname-non-uri-generalname',
      leaf: leafWithCdp,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
    expect(r.context).toContain('uniformResourceIdentifier only');
  });

  it('a certificate whose cRLDistributionPoints names a non-URI is refused (BR 7.1.2.11.2)', async () => {
    const l = await mint({ ...leafOptions(), extra: [cdpExtension([{ uri }, { dns: 'example.com' }])] });
    const crl = await mintCrl(root, { extra: [idpExtension({ fullName: [{ uri }] })] });
    const r = await runCase({
      id: 'crl::idp::idp-present-certificate-cdp-non-uri-generalname',
      leaf: l,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
    expect(r.context).toContain('ERR_CHAIN_BAD_EXTENSION@0: cRLDistributionPoints');
    // Not a rule TLS stacks apply: without pedantic the certificate is accepted.
    const plain = await verifyChain(l.cert, { trust: [root.cert], hostname: 'example.com' });
    expect(plain.problems).toEqual([]);
  });

  it('a CRL listing a serial twice is not used under pedantic (RFC 5280 5.1.2.6), and is used without', async () => {
    const base = await mintCrl(root, { entries: [{ serial: '0abc' }, { serial: '0abd' }] });
    const crl = await patchCrl(base, root, (tbs) => {
      const out = tbs.slice();
      for (let i = 0; i + 3 < out.length; i++)
        if (out[i] === 2 && out[i + 1] === 2 && out[i + 2] === 0x0a && out[i + 3] === 0xbd) out[i + 3] = 0xbc;
      return out;
    });
    expect(parseCrl(crl.toString('pem')).revoked.map((e) => e.serialNumber)).toEqual(['0ABC', '0ABC']);
    const r = await runCase({
      id: 'crl::structure::crl-duplicate-revoked-serial',
      leaf,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
    expect(r.context).toContain('more than once');
    const revocation = createCrlChecker({ crls: [parseCrl(crl.toString('pem'))], fetcher: false });
    const plain = await verifyChain(leaf.cert, {
      trust: [root.cert],
      revocation,
      revocationPolicy: 'hard-fail',
    });
    expect(plain.ok).toBe(true);
  });
});

describe('CRL and CRL entry extensions (RFC 5280 5.2, 5.3)', () => {
  it('an entry with an unknown critical extension makes the whole CRL unusable', async () => {
    const crl = await mintCrl(root, { entries: [{ serial: '0abc', extensions: [unknownExt(true)] }] });
    const r = await runCase({
      id: 'rfc5280::crl::entry-unknown-critical-extension',
      leaf,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
    expect(r.context).toContain('unknown critical extension 1.3.6.1.4.1.55738.666.1');
  });

  it('an unknown non-critical entry extension is ignored; the entry still revokes', async () => {
    const other = await mintCrl(root, { entries: [{ serial: '0abc', extensions: [unknownExt(false)] }] });
    expect(
      (await runCase({ id: 'entry-noncritical-other', leaf, trust: [root], crls: [other] })).actual_result,
    ).toBe('SUCCESS');
    const revoking = await mintCrl(root, {
      entries: [{ serial: leaf.x.serialNumber, extensions: [unknownExt(false)] }],
    });
    const r = await runCase({
      id: 'rfc5280::crl::entry-unknown-noncritical-extension',
      leaf,
      trust: [root],
      crls: [revoking],
    });
    expect(r.context).toContain('ERR_CHAIN_REVOKED');
  });

  it('an unknown critical CRL extension makes it unusable; a non-critical one is ignored', async () => {
    const bad = await mintCrl(root, { extra: [unknownExt(true)] });
    expect(
      (await runCase({ id: 'crl-unknown-critical-extension', leaf, trust: [root], crls: [bad] })).context,
    ).toContain('unknown critical extension');
    const ok = await mintCrl(root, { extra: [unknownExt(false)] });
    expect(
      (await runCase({ id: 'crl-unknown-noncritical-extension', leaf, trust: [root], crls: [ok] }))
        .actual_result,
    ).toBe('SUCCESS');
  });

  it('a listed serial is revoked whatever its revocationDate (in the future here)', async () => {
    const crl = await mintCrl(root, {
      entries: [{ serial: leaf.x.serialNumber, revocationDate: new Date(Date.now() + DAY) }],
    });
    const r = await runCase({
      id: 'crl::temporal::revocation-date-in-future',
      leaf,
      trust: [root],
      crls: [crl],
    });
    expect(r.context).toContain('ERR_CHAIN_REVOKED');
  });

  it('a CRL of 2 000 entries that does not list the leaf (upstream: 10 000)', async () => {
    const entries = Array.from({ length: 2_000 }, (_, i) => ({ serial: (0x100000 + i).toString(16) }));
    const crl = await mintCrl(root, { entries });
    const r = await runCase({ id: 'crl::structure::crl-very-large', leaf, trust: [root], crls: [crl] });
    expect(r.actual_result).toBe('SUCCESS');
  });

  it('a CRL without nextUpdate that revokes the leaf still revokes it (upstream expects SUCCESS: documented)', async () => {
    const crl = await mintCrl(root, { nextUpdate: null, revoked: [leaf.x.serialNumber] });
    const r = await runCase({
      id: 'crl::external::crl-missing-next-update',
      leaf,
      trust: [root],
      crls: [crl],
    });
    expect(r.actual_result).toBe('FAILURE');
    expect(r.context).toContain('ERR_CHAIN_REVOKED');
  });
});
