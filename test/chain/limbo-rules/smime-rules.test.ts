/**
 * smime:: vectors: CLIENT validation with `extended_key_usage: [emailProtection]`, which the harness maps to
 * `purpose: 'email'`; with `pedantic` under the web PKI profile the CA/B S/MIME BR rules apply (7.1.2.2,
 * 7.1.2.3). Reproduced with minted chains through the conformance harness.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChain } from '../../../src/chain/index.js';
import { EKU, KU, type Minted, mint, rsaKeys } from '../../helpers/make-certs.js';
import { type CaseSpec, runCase } from './limbo-case.js';

const EP = '1.3.6.1.5.5.7.3.4';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const PEDANTIC_SMIME = { features: ['pedantic-smime-eku'] };
let root: Minted;

beforeAll(async () => {
  root = await mint({ subject: 'CN=S/MIME Root', ca: true });
});

const smime = (o: Partial<Parameters<typeof mint>[0]> = {}) =>
  mint({ issuer: root, subject: 'CN=user', san: [{ email: 'user@example.com' }], eku: [EP], ...o });
const run = (id: string, leaf: Minted, extra: Partial<CaseSpec> = {}) =>
  runCase({
    id,
    leaf,
    trust: [root],
    kind: 'CLIENT',
    eku: ['emailProtection'],
    peer: { kind: 'RFC822', value: 'user@example.com' },
    ...extra,
  });

describe('S/MIME subscriber certificates (S/MIME BR 7.1.2.3)', () => {
  it('accepts the signing-only, key-management-only and dual-use key usages', async () => {
    const rsa = await rsaKeys(2048);
    for (const [id, o] of [
      ['smime::eku::ee-email-protection', {}],
      [
        'smime::ku::signing-only-rsa-with-nonrepudiation',
        { keys: rsa, keyUsage: KU.digitalSignature | KU.nonRepudiation },
      ],
      ['smime::ku::key-management-only-rsa', { keys: rsa, keyUsage: KU.keyEncipherment }],
      ['smime::ku::dual-use-rsa', { keys: rsa, keyUsage: KU.digitalSignature | KU.keyEncipherment }],
      ['smime::ku::key-management-only-ec', { keyUsage: KU.keyAgreement }],
      [
        'smime::san::multiple-rfc822-sans',
        { san: [{ email: 'other@example.com' }, { email: 'user@example.com' }] },
      ],
    ] as const)
      expect((await run(id, await smime(o))).actual_result, id).toBe('SUCCESS');
  });

  it('(e) keyUsage must be present and must not assert keyCertSign', async () => {
    const none = await run('smime::ku::ee-missing-key-usage', await smime({ keyUsage: 'omit' }));
    expect(none.context).toContain('an S/MIME certificate has no keyUsage (CA/B S/MIME BR 7.1.2.3 (e))');
    const kcs = await run(
      'smime::ku::ee-key-cert-sign',
      await smime({ ca: false, keyUsage: KU.digitalSignature | KU.keyCertSign }),
    );
    expect(kcs.context).toContain('must not assert keyCertSign or cRLSign');
  });

  it('(f) emailProtection is required; serverAuth, codeSigning, timeStamping and anyExtendedKeyUsage are refused', async () => {
    const client = await run(
      'smime::eku::ee-missing-email-protection',
      await smime({ eku: [EKU.clientAuth] }),
    );
    expect(client.context).toContain('does not allow emailProtection');
    const none = await run('smime::eku::ee-without-eku', await smime({ eku: 'omit' }), PEDANTIC_SMIME);
    expect(none.context).toContain('the leaf has no extendedKeyUsage');
    for (const [id, oid] of [
      ['ee-has-server-auth', EKU.serverAuth],
      ['ee-has-code-signing', EKU.codeSigning],
      ['ee-has-time-stamping', TIME_STAMPING],
      ['ee-has-any-eku', EKU.any],
    ] as const) {
      const r = await run(`smime::eku::${id}`, await smime({ eku: [EP, oid] }), PEDANTIC_SMIME);
      expect(r.context, id).toMatch(
        /ERR_CHAIN_EXTENDED_KEY_USAGE@0: an S\/MIME certificate must not assert .*7\.1\.2\.3 \(f\)/,
      );
    }
  });

  it('a root with extendedKeyUsage is refused (7.1.2.1 (d))', async () => {
    const r2 = await mint({ subject: 'CN=S/MIME Root EKU', ca: true, eku: [EP] });
    const r = await run('smime::eku::root-has-eku', await smime({ issuer: r2 }), {
      ...PEDANTIC_SMIME,
      trust: [r2],
    });
    expect(r.context).toContain(
      'ERR_CHAIN_EXTENDED_KEY_USAGE@1: a root certificate must not carry extendedKeyUsage',
    );
  });

  it('the rfc822Name must match: no SAN or a dNSName only is refused', async () => {
    const noSan = await run(
      'smime::san::no-san',
      await mint({ issuer: root, subject: 'CN=user@example.com', eku: [EP] }),
    );
    expect(noSan.context).toContain('ERR_CHAIN_EMAIL_MISMATCH');
    const dns = await run(
      'smime::san::san-without-rfc822name',
      await smime({ san: [{ dns: 'example.com' }] }),
    );
    expect(dns.context).toContain('ERR_CHAIN_EMAIL_MISMATCH');
  });
});

describe('S/MIME subordinate CAs (S/MIME BR 7.1.2.2)', () => {
  const viaIca = async (
    id: string,
    ica: Partial<Parameters<typeof mint>[0]>,
    extra: Partial<CaseSpec> = {},
  ) => {
    const i = await mint({ subject: `CN=ICA ${id}`, ca: { pathLength: 0 }, issuer: root, eku: [EP], ...ica });
    return run(id, await smime({ issuer: i }), { intermediates: [i], ...extra });
  };

  it('accepts keyCertSign + cRLSign with emailProtection', async () => {
    expect((await viaIca('smime::intermediate-ok', {})).actual_result).toBe('SUCCESS');
  });

  it('(e) keyUsage needs both keyCertSign and cRLSign', async () => {
    for (const [id, ku] of [
      ['smime::ku::intermediate-missing-crl-sign', KU.keyCertSign],
      ['smime::ku::intermediate-missing-key-cert-sign', KU.cRLSign],
    ] as const)
      expect((await viaIca(id, { keyUsage: ku })).context, id).toContain(
        'ERR_CHAIN_KEY_USAGE@1: an S/MIME subordinate CA’s keyUsage must assert both keyCertSign and cRLSign',
      );
  });

  it('(g) serverAuth, codeSigning, timeStamping, anyExtendedKeyUsage are refused; emailProtection is needed', async () => {
    for (const [id, eku] of [
      ['intermediate-has-server-auth', [EP, EKU.serverAuth]],
      ['intermediate-has-code-signing', [EP, EKU.codeSigning]],
      ['intermediate-has-time-stamping', [EP, TIME_STAMPING]],
      ['intermediate-has-any-eku', [EP, EKU.any]],
    ] as const) {
      const r = await viaIca(`smime::eku::${id}`, { eku }, PEDANTIC_SMIME);
      expect(r.context, id).toMatch(
        /ERR_CHAIN_EXTENDED_KEY_USAGE@1: an S\/MIME certificate must not assert .*7\.1\.2\.2 \(g\)/,
      );
    }
    const serverOnly = await viaIca(
      'smime::eku::intermediate-missing-email-protection',
      { eku: [EKU.serverAuth] },
      PEDANTIC_SMIME,
    );
    expect(serverOnly.context).toContain('the CA’s extendedKeyUsage does not allow emailProtection');
  });
});

describe('without pedantic', () => {
  it('purpose email checks emailProtection (RFC 5280 4.2.1.12) but not the S/MIME BR profile', async () => {
    const leaf = await smime({ keyUsage: 'omit', eku: [EP, EKU.serverAuth] });
    const ok = buildChain(leaf.cert, { trust: [root.cert], purpose: 'email', email: 'user@example.com' });
    expect(ok.problems).toEqual([]);
    const wrong = await smime({ eku: [EKU.clientAuth] });
    const r = buildChain(wrong.cert, { trust: [root.cert], purpose: 'email', email: 'user@example.com' });
    expect(r.problems.map((p) => p.code)).toEqual(['ERR_CHAIN_EXTENDED_KEY_USAGE']);
  });

  it('an unknown purpose is a TypeError', () => {
    expect(() => buildChain(root.cert, { trust: [root.cert], purpose: 'mail' as never })).toThrow(TypeError);
  });
});
