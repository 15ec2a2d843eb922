import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  derExplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  encodeTlv,
} from '../../src/internal/der/index.js';
import { exportPrivateKey, parsePrivateKey } from '../../src/keys/index.js';
import { readPkcs12, writePkcs12 } from '../../src/stores/index.js';
import { thrownError } from '../helpers/coded-error.js';

const RSASSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';
const SHA256 = derSequence(derOid('2.16.840.1.101.3.4.2.1'));
const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs1',
  format: 'der',
});

/** A PKCS#8 RSA-PSS key whose RSASSA-PSS-params are `params` (undefined: none, an unrestricted key). */
function pssKey(params: Uint8Array | undefined): Uint8Array {
  const alg =
    params === undefined ? derSequence(derOid(RSASSA_PSS)) : derSequence(derOid(RSASSA_PSS), params);
  return derSequence(derInteger(0), alg, derOctetString(pkcs1));
}

const sha256Params = (...rest: Uint8Array[]): Uint8Array =>
  derSequence(derExplicit(0, SHA256), derExplicit(1, derSequence(derOid(MGF1), SHA256)), ...rest);
const salt = (content: Uint8Array): Uint8Array => derExplicit(2, encodeTlv(0x02, content));

describe('RSA-PSS key parameters (RFC 4055 3.1, RFC 8017 9.1.1 and A.2.3)', () => {
  it('well-formed parameters, and none, parse and export', () => {
    for (const params of [undefined, sha256Params(salt(Uint8Array.of(32)))]) {
      const key = parsePrivateKey(pssKey(params));
      expect(key.algorithm).toBe('rsa-pss');
      expect(parsePrivateKey(exportPrivateKey(key, { format: 'pkcs8-pem' })).algorithm).toBe('rsa-pss');
    }
  });

  it('the largest salt a 2048-bit key with SHA-256 holds is 222 octets', () => {
    expect(parsePrivateKey(pssKey(sha256Params(salt(Uint8Array.of(0, 222))))).bits).toBe(2048);
    expect(
      thrownError(() => parsePrivateKey(pssKey(sha256Params(salt(Uint8Array.of(0, 223)))))),
    ).toMatchObject({
      code: 'ERR_KEY_MALFORMED',
      details: { reason: expect.stringContaining('saltLength 223') },
    });
  });

  it('a 33-octet saltLength, a negative one and a trailer other than 1 are ERR_KEY_MALFORMED at parse', () => {
    for (const params of [
      sha256Params(salt(new Uint8Array(33).fill(1))),
      sha256Params(salt(Uint8Array.of(0xff))),
      sha256Params(salt(Uint8Array.of(20)), derExplicit(3, derInteger(2))),
      derNull(),
      derInteger(5),
    ]) {
      expect(thrownError(() => parsePrivateKey(pssKey(params))).code).toBe('ERR_KEY_MALFORMED');
    }
  });

  it('a hash outside RFC 4055 (MD5) is ERR_KEY_UNSUPPORTED_ALGORITHM', () => {
    const md5 = derSequence(derOid('1.2.840.113549.2.5'), derNull());
    expect(thrownError(() => parsePrivateKey(pssKey(derSequence(derExplicit(0, md5))))).code).toBe(
      'ERR_KEY_UNSUPPORTED_ALGORITHM',
    );
  });

  it('a PKCS#12 holding a PSS key round-trips', () => {
    const key = parsePrivateKey(pssKey(sha256Params(salt(Uint8Array.of(32)))));
    const p12 = writePkcs12(
      { keys: [{ alias: 'pss', privateKey: key, chain: [] }], trusted: [] },
      { password: 'x', iterations: 10 },
    );
    expect(readPkcs12(p12, { password: 'x' }).keys[0]!.privateKey.algorithm).toBe('rsa-pss');
  });
});
