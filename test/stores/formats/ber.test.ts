import { describe, expect, it } from 'vitest';
import { berToDer, children, readRoot, readTlv, type Tlv } from '../../../src/internal/der/index.js';
import { readPkcs12 } from '../../../src/stores/index.js';
import { Certificate } from '../../../src/x509/index.js';
import { bytes, codeOf, PW, rsaKey } from './fixtures.js';

/** Certificates stay DER (they are signed); the BER is in the PKCS#12 wrapping around them. */
function isCertificate(der: Uint8Array): boolean {
  try {
    Certificate.fromDer(der);
    return true;
  } catch {
    return false;
  }
}

/** AuthenticatedSafe and SafeContents are SEQUENCEs of SEQUENCEs; key structures start with an INTEGER. */
function holdsSequences(der: Uint8Array): boolean {
  try {
    return children(der, readRoot(der))[0]?.tag === 16;
  } catch {
    return false;
  }
}

const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

/**
 * DER -> BER as Windows-style writers produce it: every constructed value with an indefinite length,
 * OCTET STRINGs split into constructed 16-byte segments. With `intoOctets`, OCTET STRINGs that hold a
 * PKCS#12 wrapping (SEQUENCE OF SEQUENCE, not a certificate) are converted inside too (only valid where
 * no MAC covers them). Key bags become BER too, as they are constructed values.
 */
function toBer(der: Uint8Array, tlv: Tlv, intoOctets: boolean): Uint8Array {
  const value = der.subarray(tlv.valueStart, tlv.end);
  if (tlv.constructed) {
    const inner = children(der, tlv).map((c) => toBer(der, c, intoOctets));
    return cat(der.subarray(tlv.start, tlv.start + 1), Uint8Array.of(0x80), ...inner, Uint8Array.of(0, 0));
  }
  if (tlv.cls === 0 && tlv.tag === 4) {
    let content: Uint8Array = value;
    if (intoOctets && value[0] === 0x30 && holdsSequences(value) && !isCertificate(value)) {
      try {
        content = toBer(value, readRoot(value), true);
      } catch {
        content = value;
      }
    }
    const segments: Uint8Array[] = [];
    for (let i = 0; i < content.length; i += 16) {
      const seg = content.subarray(i, i + 16);
      segments.push(Uint8Array.of(0x04, seg.length), seg);
    }
    return cat(Uint8Array.of(0x24, 0x80), ...segments, Uint8Array.of(0, 0));
  }
  return der.subarray(tlv.start, tlv.end);
}

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
