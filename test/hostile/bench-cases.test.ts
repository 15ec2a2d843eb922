/**
 * Every case of the hostile-input benchmark (bench/hostile-cases.ts), built at a small size: each must
 * end in the value or the CertkitError code listed here (never another exception, and no timing). A
 * case added to the benchmark without an expectation here fails this test.
 */
import { describe, expect, it } from 'vitest';
import { CASES } from '../../bench/hostile-cases.js';
import { isCertkitError } from '../../src/errors/index.js';

/** Per case: the size to build it at, and the code it must throw or a text its value must contain. */
const EXPECTED: Record<string, readonly [size: number, outcome: string]> = {
  serial: [64, 'ERR_X509_TOO_LARGE'],
  'serial-json': [64, 'B of JSON'],
  'crl-serial': [64, 'ERR_X509_TOO_LARGE'],
  'crl-number': [64, 'ERR_X509_BAD_EXTENSION'],
  'crl-entries': [2_000, '2000 entries, last found: true'],
  'dn-value': [64, 'ERR_X509_TOO_LARGE'],
  'dn-value-max': [32_768, 'chars of strings'],
  'dn-rdns': [5_000, 'B of JSON'],
  oid: [1, 'ERR_X509_MALFORMED'],
  sans: [5_000, '5000 SANs'],
  extensions: [2_000, '2000 extensions'],
  'nc-forged': [600, 'a refused chain: ERR_CHAIN_BAD_SIGNATURE'],
  'nc-own-root': [600, 'ERR_CHAIN_NAME_CONSTRAINTS_BUDGET'],
  'chain-pool': [300, 'ERR_CHAIN_BAD_SIGNATURE'],
  policies: [1_000, 'a valid chain'],
  'p12-bags': [10, 'ERR_PKCS12_ITERATION_LIMIT'],
  'p12-bags-wrong': [10, 'ERR_PKCS12_ITERATION_LIMIT'],
  'p12-cap': [10_000_000, 'ERR_PKCS12_ITERATION_LIMIT'],
  'p12-plain': [300, '300 keys, 300 trusted'],
  'p12-same-key': [300, '300 keys paired'],
  'key-cap': [10_000_000, 'ERR_KEY_KDF_LIMIT'],
  'key-600k': [1_000, 'PrivateKey(EC P-256, pkcs8, encrypted pbes2-pbkdf2-aes-256-cbc)'],
  'pem-bundle': [2_000, '2000 trusted'],
  'parse-certificates': [2_000, '2000 certificates'],
  'pem-blocks': [1, '29127 blocks'],
  'jks-key': [1, 'ERR_JKS_BAD_KEY_PASSWORD'],
  'jks-trusted': [1_000, '1000 trusted'],
  ocsp: [2_000, '2000 responses'],
  pkcs7: [500, '500 certificates'],
};

function outcome(run: () => string): string {
  try {
    return run();
  } catch (e) {
    if (isCertkitError(e)) return e.code;
    throw e;
  }
}

describe('hostile-input benchmark cases end in a value or a CertkitError', () => {
  it('every case has an expectation', () => {
    expect(CASES.map((k) => k.id).filter((id) => EXPECTED[id] === undefined)).toEqual([]);
  });

  for (const kase of CASES) {
    const expected = EXPECTED[kase.id];
    if (expected === undefined) continue;
    const [size, want] = expected;
    it(`${kase.id}: ${want}`, async () => {
      const input = await kase.build(size);
      const got = outcome(() => kase.run(input as never));
      if (want.startsWith('ERR_') && !want.includes(' ')) {
        if (got.startsWith('a refused chain')) expect(got).toContain(want);
        else expect(got).toBe(want);
      } else expect(got).toContain(want);
    }, 120_000);
  }
});
