import { describe, expect, it } from 'vitest';
import { berToDer, readTlv } from '../../../src/internal/der/index.js';
import { readPkcs12 } from '../../../src/stores/index.js';
import { cat, toBer } from './ber-helper.js';
import { bytes, codeOf, PW, rsaKey } from './fixtures.js';

describe('BER PKCS#12 (indefinite lengths, segmented OCTET STRINGs)', () => {
  it('berToDer gives back the DER it came from, and DER unchanged', () => {
    const der = bytes('openssl-nopass.p12');
    const ber = toBer(der, readTlv(der, 0), false);
    expect(ber.length).toBeGreaterThan(der.length);
    expect(Buffer.from(berToDer(ber)).equals(der)).toBe(true);
    expect(berToDer(der)).toBe(der);
  });

  it('reads a file with a MAC whose outer layers are BER', () => {
    const der = bytes('openssl-modern-rsa.p12');
    const ber = toBer(der, readTlv(der, 0), false);
    const { keys } = readPkcs12(ber, { password: PW });
    expect(keys[0]!.privateKey.publicKey.equals(rsaKey().publicKey)).toBe(true);
    expect(keys[0]!.chain).toHaveLength(3);
    expect(codeOf(() => readPkcs12(ber, { password: 'wrong' }))).toBe('ERR_PKCS12_BAD_PASSWORD');
  });

  it('reads an unprotected file that is BER all the way down', () => {
    const der = bytes('openssl-nopass.p12');
    const { keys } = readPkcs12(toBer(der, readTlv(der, 0), true));
    expect(keys[0]!.privateKey.publicKey.equals(rsaKey().publicKey)).toBe(true);
    expect(keys[0]!.chain).toHaveLength(3);
  });

  it('broken BER is ERR_PKCS12_MALFORMED (missing end-of-contents, runaway nesting)', () => {
    const der = bytes('openssl-nopass.p12');
    const ber = toBer(der, readTlv(der, 0), false);
    expect(codeOf(() => readPkcs12(ber.subarray(0, ber.length - 2)))).toBe('ERR_PKCS12_MALFORMED');
    const deep = cat(...Array.from({ length: 200 }, () => Uint8Array.of(0x30, 0x80)));
    expect(codeOf(() => readPkcs12(deep))).toBe('ERR_PKCS12_MALFORMED');
  });
});
