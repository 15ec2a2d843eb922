import { describe, expect, it } from 'vitest';
import { createCrlChecker } from '../../../src/chain/revocation/crl-checker.js';
import { cert, crl, during } from './fixtures.js';

const ca = cert('ca');
const good = cert('leaf-good');
const revoked = cert('leaf-revoked');
const superseded = cert('leaf-superseded');
const main = crl('crl');
const at = during(main);
const noFetch = (crls: ReturnType<typeof crl>[], extra: Parameters<typeof createCrlChecker>[0] = {}) =>
  createCrlChecker({ crls, fetcher: false, ...extra });

describe('createCrlChecker with CRLs made by openssl ca -gencrl', () => {
  it('answers good for a serial the CRL does not list', async () => {
    expect(await noFetch([main]).check(good, ca, { at, depth: 0 })).toEqual({
      status: 'good',
      source: 'crl',
    });
  });

  it('answers revoked with the reason and the date openssl recorded', async () => {
    const s = await noFetch([main]).check(revoked, ca, { at, depth: 0 });
    expect(s).toMatchObject({ status: 'revoked', source: 'crl', reason: 'keyCompromise' });
    const entry = main.findRevoked(revoked.serialNumber)!;
    expect(s.status === 'revoked' && s.revokedAt.getTime()).toBe(entry.revocationDate.getTime());
    expect(await noFetch([main]).check(superseded, ca, { at, depth: 0 })).toMatchObject({
      status: 'revoked',
      reason: 'superseded',
    });
  });

  it('says the CRL is stale at or after nextUpdate', async () => {
    const short = crl('crl-short');
    expect(await noFetch([short]).check(good, ca, { at: during(short), depth: 0 })).toMatchObject({
      status: 'good',
    });
    const late = new Date(short.nextUpdate!.getTime() + 1);
    expect(await noFetch([short]).check(good, ca, { at: late, depth: 0 })).toMatchObject({
      status: 'unknown',
      code: 'ERR_REVOCATION_CRL_STALE',
    });
    expect(await noFetch([short]).check(revoked, ca, { at: short.nextUpdate!, depth: 0 })).toMatchObject({
      code: 'ERR_REVOCATION_CRL_STALE',
    });
  });

  it('refuses a CRL whose thisUpdate is after the validation time', async () => {
    const early = new Date(main.thisUpdate.getTime() - 60_000);
    expect(await noFetch([main]).check(good, ca, { at: early, depth: 0 })).toMatchObject({
      code: 'ERR_REVOCATION_CRL_NOT_YET_VALID',
    });
  });

  it('refuses a CRL with the issuer name but signed by another key', async () => {
    const impostor = crl('crl-impostor');
    expect(impostor.issuer.equals(ca.subject)).toBe(true);
    expect(await noFetch([impostor]).check(revoked, ca, { at: during(impostor), depth: 0 })).toMatchObject({
      status: 'unknown',
      code: 'ERR_REVOCATION_CRL_BAD_SIGNATURE',
    });
  });

  it('accepts a CRL signed by an authorised CRL signer (cRLSign, issued by the CA) only when given', async () => {
    const bySigner = crl('crl-by-signer');
    const t = during(bySigner);
    expect(await noFetch([bySigner]).check(revoked, ca, { at: t, depth: 0 })).toMatchObject({
      code: 'ERR_REVOCATION_CRL_BAD_SIGNATURE',
    });
    const withSigner = noFetch([bySigner], { crlSigners: [cert('crl-signer')] });
    expect(await withSigner.check(revoked, ca, { at: t, depth: 0 })).toMatchObject({
      status: 'revoked',
      reason: 'keyCompromise',
    });
    // Another certificate of the CA (not the signer) does not make the CRL usable.
    const notSigner = noFetch([bySigner], { crlSigners: [cert('ocsp-responder')] });
    expect(await notSigner.check(revoked, ca, { at: t, depth: 0 })).toMatchObject({ status: 'unknown' });
  });

  it('applies the issuingDistributionPoint scope', async () => {
    const users = crl('crl-user-only');
    const cas = crl('crl-ca-only');
    expect(await noFetch([users]).check(revoked, ca, { at: during(users), depth: 0 })).toMatchObject({
      status: 'unknown',
      code: 'ERR_REVOCATION_CRL_OUT_OF_SCOPE',
    });
    expect(await noFetch([cas]).check(good, ca, { at: during(cas), depth: 0 })).toMatchObject({
      status: 'unknown',
      code: 'ERR_REVOCATION_CRL_OUT_OF_SCOPE',
    });
    // The CA-only CRL also names a distribution point (http://crl.test/cas.crl): it is a partitioned CRL,
    // and the CA certificate has no cRLDistributionPoints, so its distribution point is taken to be its
    // issuer's name, which the CRL's does not match (RFC 5280 6.3.3 (b)(2)(i) and the section's last
    // paragraph; OpenSSL's crl_crldp_check refuses it the same way). A CA-only CRL without a distribution
    // point name does cover a CA: test/chain/limbo-rules/crl-rules.test.ts.
    expect(await noFetch([cas]).check(ca, ca, { at: during(cas), depth: 1 })).toMatchObject({
      status: 'unknown',
      code: 'ERR_REVOCATION_CRL_OUT_OF_SCOPE',
    });
    expect(await noFetch([users]).check(ca, ca, { at: during(users), depth: 1 })).toMatchObject({
      code: 'ERR_REVOCATION_CRL_OUT_OF_SCOPE',
    });
  });

  it('does not use indirect CRLs and says so', async () => {
    const indirect = crl('crl-indirect');
    const s = await noFetch([indirect]).check(revoked, ca, { at: during(indirect), depth: 0 });
    expect(s).toMatchObject({ status: 'unknown', code: 'ERR_REVOCATION_CRL_INDIRECT_UNSUPPORTED' });
  });

  it('ignores delta CRLs and says so, but uses a complete CRL next to one', async () => {
    const delta = crl('crl-delta');
    const s = await noFetch([delta]).check(revoked, ca, { at: during(delta), depth: 0 });
    expect(s).toMatchObject({ status: 'unknown', code: 'ERR_REVOCATION_CRL_DELTA_IGNORED' });
    expect(s.status === 'unknown' && s.reason).toMatch(/delta/);
    expect(await noFetch([delta, main]).check(revoked, ca, { at, depth: 0 })).toMatchObject({
      status: 'revoked',
    });
  });

  it('reports a missing source when no CRL of the issuer is given and fetching is off', async () => {
    expect(await noFetch([]).check(good, ca, { at, depth: 0 })).toMatchObject({
      code: 'ERR_REVOCATION_NO_SOURCE',
    });
    const otherCa = cert('other-ca');
    const unrelated = cert('unrelated');
    expect(await noFetch([main]).check(unrelated, otherCa, { at, depth: 0 })).toMatchObject({
      code: 'ERR_REVOCATION_CRL_ISSUER_MISMATCH',
    });
  });

  it('throws TypeError for misuse', () => {
    expect(() => createCrlChecker({ crls: 'x' as never })).toThrow(TypeError);
    expect(() => createCrlChecker({ fetcher: {} as never })).toThrow(TypeError);
  });
});
