import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_KDF_WORK, parsePrivateKey } from '../../src/keys/index.js';
import { readPemBundle, readPkcs12 } from '../../src/stores/index.js';
import { thrownError } from '../helpers/coded-error.js';
import { PASSWORD, text } from '../keys/fixtures.js';
import { encryptedKey, encryptedKeyClaiming, pkcs8Key, pkcs12WithKeyBags } from './hostile-inputs.js';

const PW = 'hostile';

describe('the key-derivation budget of one parsePrivateKey call', () => {
  const der = encryptedKey(pkcs8Key(), PW, 1000);

  it('PBKDF2-HMAC-SHA-256 costs one unit an iteration: 1,000 opens with 1,000, not with 999', () => {
    expect(parsePrivateKey(der, { password: PW, maxKdfWork: 1000 }).encryptionInfo?.iterations).toBe(1000);
    expect(thrownError(() => parsePrivateKey(der, { password: PW, maxKdfWork: 999 }))).toEqual({
      code: 'ERR_KEY_KDF_LIMIT',
      details: { scheme: 'pbes2-pbkdf2-aes-256-cbc', work: 1000, spent: 0, limit: 999 },
    });
  });

  it('scrypt is charged 3 units per N·r·p (N=16384, r=8, p=1: 393,216)', () => {
    const pem = text('ec-p256-a.scrypt.pem');
    expect(parsePrivateKey(pem, { password: PASSWORD, maxKdfWork: 393_216 }).algorithm).toBe('ec');
    expect(
      thrownError(() => parsePrivateKey(pem, { password: PASSWORD, maxKdfWork: 393_215 })),
    ).toMatchObject({ code: 'ERR_KEY_KDF_LIMIT', details: { work: 393_216 } });
  });

  it('the limit applies before the password matters, and without one the key is only "encrypted"', () => {
    expect(thrownError(() => parsePrivateKey(der, { password: 'wrong', maxKdfWork: 10 })).code).toBe(
      'ERR_KEY_KDF_LIMIT',
    );
    expect(thrownError(() => parsePrivateKey(der, { maxKdfWork: 10 })).code).toBe('ERR_KEY_ENCRYPTED');
  });

  it('the default opens what certkit writes (600,000 iterations) and refuses 10,000,000 before any work', () => {
    expect(DEFAULT_MAX_KDF_WORK).toBe(6_000_000);
    const written = encryptedKey(pkcs8Key(), PW, 600_000);
    expect(parsePrivateKey(written, { password: PW }).encryptionInfo?.iterations).toBe(600_000);
    expect(
      thrownError(() => parsePrivateKey(encryptedKeyClaiming(6_000_001), { password: PW })),
    ).toMatchObject({
      code: 'ERR_KEY_KDF_LIMIT',
      details: { work: 6_000_001, limit: 6_000_000 },
    });
    // PBKDF2 with HMAC-SHA-512 counts two units an iteration.
    expect(
      thrownError(() =>
        parsePrivateKey(encryptedKeyClaiming(3_000_001, '1.2.840.113549.2.11'), { password: PW }),
      ).details,
    ).toMatchObject({ work: 6_000_002 });
  });

  it('maxKdfWork must be a non-negative integer', () => {
    for (const bad of [-1, 1.5, Number.NaN, '10' as unknown as number]) {
      expect(() => parsePrivateKey(der, { password: PW, maxKdfWork: bad })).toThrow(TypeError);
    }
  });

  it('readPemBundle passes the budget to the key', () => {
    const pem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${Buffer.from(der).toString('base64')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    expect(readPemBundle(pem, { password: PW }).keys.length).toBe(1);
    expect(thrownError(() => readPemBundle(pem, { password: PW, maxKdfWork: 999 })).code).toBe(
      'ERR_KEY_KDF_LIMIT',
    );
  });
});

describe('the key-derivation budget of one PKCS#12 file', () => {
  // Ten shrouded keys at 20,000 iterations each: 200,000 units, plus the MAC (2,048 × 2 for SHA-256).
  const p12 = pkcs12WithKeyBags(10, 20_000, PW);
  const macWork = 2048 * 2;

  it('within the budget every bag opens', () => {
    expect(readPkcs12(p12, { password: PW }).keys.length).toBe(10);
    expect(readPkcs12(p12, { password: PW, maxKdfWork: macWork + 200_000 }).keys.length).toBe(10);
  });

  it('many bags at a high count are stopped by the budget per file, not per bag', () => {
    const e = thrownError(() => readPkcs12(p12, { password: PW, maxKdfWork: macWork + 199_999 }));
    expect(e).toMatchObject({
      code: 'ERR_PKCS12_ITERATION_LIMIT',
      details: { work: 20_000, spent: macWork + 180_000, limit: macWork + 199_999 },
    });
  });

  it('a wrong password retried over every bag is bounded too', () => {
    // The MAC fails, then each shrouded key is tried to tell a wrong password from a damaged file.
    expect(thrownError(() => readPkcs12(p12, { password: 'wrong' })).code).toBe('ERR_PKCS12_BAD_PASSWORD');
    expect(thrownError(() => readPkcs12(p12, { password: 'wrong', maxKdfWork: 50_000 })).code).toBe(
      'ERR_PKCS12_ITERATION_LIMIT',
    );
  });

  it('the MAC alone can pass the budget', () => {
    expect(
      thrownError(() => readPkcs12(p12, { password: PW, maxKdfWork: macWork - 1 })).details,
    ).toMatchObject({ work: macWork, spent: 0 });
  });

  it('maxKdfWork must be a non-negative integer', () => {
    expect(() => readPkcs12(p12, { password: PW, maxKdfWork: -5 })).toThrow(TypeError);
  });
});
