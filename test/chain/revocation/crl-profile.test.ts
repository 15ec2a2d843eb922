import { beforeAll, describe, expect, it } from 'vitest';
import { createCrlChecker, verifyChain } from '../../../src/chain/index.js';
import { crlProfileProblem } from '../../../src/chain/revocation/crl-profile.js';
import { parseCrl } from '../../../src/x509/index.js';
import { KU, type Minted, mint, mintCrl } from '../../helpers/make-certs.js';

let root: Minted;
let inter: Minted;

beforeAll(async () => {
  root = await mint({ subject: 'CN=CRL Root', ca: true });
  inter = await mint({ subject: 'CN=CRL CA', ca: true, issuer: root });
});

describe('RFC 5280 5.2.3: a CRL carries a non-critical cRLNumber', () => {
  it('accepts a CRL with a non-critical cRLNumber', async () => {
    const crl = parseCrl((await mintCrl(inter, { crlNumber: 7 })).toString('pem'));
    expect(crl.crlNumber).toBe(7n);
    expect(crlProfileProblem(crl)).toBeUndefined();
  });

  it('refuses a CRL without a cRLNumber', async () => {
    const crl = parseCrl((await mintCrl(inter, { crlNumber: false })).toString('pem'));
    expect(crlProfileProblem(crl)).toEqual({
      status: 'unknown',
      code: 'ERR_REVOCATION_CRL_NUMBER',
      reason: 'the CRL has no cRLNumber extension (RFC 5280 5.2.3: conforming CRL issuers MUST include it)',
    });
  });

  it('refuses a CRL whose cRLNumber is critical', async () => {
    const crl = parseCrl((await mintCrl(inter, { crlNumberCritical: true })).toString('pem'));
    expect(crlProfileProblem(crl)?.code).toBe('ERR_REVOCATION_CRL_NUMBER');
    expect(crlProfileProblem(crl)?.reason).toMatch(/MUST be non-critical/);
  });
});

describe('RFC 5280 6.3.3 (f): a CRL whose issuer lacks cRLSign is invalid, and fails the chain under hard-fail', () => {
  it('answers unknown with the code, which hard-fail turns into a chain problem and soft-fail into a warning', async () => {
    const noCrlSign = await mint({
      subject: 'CN=No cRLSign CA',
      ca: true,
      issuer: root,
      keyUsage: KU.keyCertSign,
    });
    const leaf = await mint({ subject: 'CN=l', issuer: noCrlSign });
    const crl = parseCrl((await mintCrl(noCrlSign)).toString('pem'));
    const revocation = createCrlChecker({ crls: [crl], fetcher: false });
    const base = { trust: [root.cert], intermediates: [noCrlSign.cert], purpose: 'any', revocation } as const;
    const hard = await verifyChain(leaf.cert, { ...base, revocationPolicy: 'hard-fail' });
    expect(hard.ok).toBe(false);
    expect(hard.problems.map((p) => `${p.code}@${p.depth}`)).toContain('ERR_CHAIN_REVOCATION_UNKNOWN@0');
    expect(hard.problems.find((p) => p.depth === 0)?.details?.cause).toBe(
      'ERR_REVOCATION_CRL_SIGNER_UNAUTHORISED',
    );
    const soft = await verifyChain(leaf.cert, { ...base, revocationPolicy: 'soft-fail' });
    expect(soft.ok).toBe(true);
    expect(soft.warnings.find((p) => p.depth === 0)?.details?.cause).toBe(
      'ERR_REVOCATION_CRL_SIGNER_UNAUTHORISED',
    );
  });
});
