import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  derExplicit,
  derNull,
  derOid,
  derSequence,
  encodeTlv,
  readTlv,
} from '../../src/internal/der/index.js';
import { parsePublicKey } from '../../src/keys/index.js';
import { Certificate, CertificateRevocationList, DistinguishedName } from '../../src/x509/index.js';

const CRL = fileURLToPath(new URL('../fixtures/revocation/crl.der', import.meta.url));

import {
  deviantCertificate,
  leafExtensions,
  nameOf,
  newKey,
  testCa,
} from '../x509/helpers/deviant-certificate.js';
import { compareCertificate } from './lib/pkijs-fields.js';

/**
 * What the differential fuzzing found certkit accepting that asn1js, pkijs or OpenSSL refuse, each
 * reduced to a small input. Each case fails on the reader as it was before the fix.
 */

const ca = newKey();
const caDer = testCa(ca);

function refusal(f: () => unknown): { code: string; details: { reason?: string } } {
  try {
    f();
  } catch (e) {
    return e as { code: string; details: { reason?: string } };
  }
  throw new Error('expected a refusal');
}

describe('found by the differential fuzz tests', () => {
  it('a universal tag 0 (end-of-contents) is not an ordinary TLV (X.690 8.1.5)', () => {
    expect(refusal(() => readTlv(Uint8Array.of(0x30, 0x02, 0x00, 0x00), 2)).details.reason).toMatch(
      /8\.1\.5/,
    );
  });

  it('NULL has no contents and is primitive (X.690 8.8); reserved universal tags are no type (X.680 8.6)', () => {
    expect(refusal(() => readTlv(Uint8Array.of(0x05, 0x01, 0x00), 0)).details.reason).toMatch(
      /NULL with contents/,
    );
    expect(refusal(() => readTlv(Uint8Array.of(0x25, 0x00), 0)).details.reason).toMatch(
      /universal tag 5 in the constructed form/,
    );
    expect(refusal(() => readTlv(Uint8Array.of(0x0f, 0x00), 0)).details.reason).toMatch(
      /universal tag 15 is reserved/,
    );
    expect(refusal(() => readTlv(Uint8Array.of(0x1f, 0x25, 0x00), 0)).details.reason).toMatch(
      /universal tag 37/,
    );
    expect(readTlv(Uint8Array.of(0x05, 0x00), 0)).toMatchObject({ tag: 5, end: 2 });
    expect(readTlv(Uint8Array.of(0x1f, 0x24, 0x00), 0)).toMatchObject({ tag: 36 });
  });

  it('SEQUENCE and SET are constructed, every other universal type primitive (X.690 8.9.1, 8.11.1, 10.2)', () => {
    const primitiveSet = Uint8Array.of(0x11, 0x02, 0x41, 0x42);
    expect(refusal(() => readTlv(primitiveSet, 0)).details.reason).toMatch(
      /universal tag 17 in the primitive form/,
    );
    const constructedInteger = Uint8Array.of(0x22, 0x03, 0x02, 0x01, 0x05);
    expect(refusal(() => readTlv(constructedInteger, 0)).details.reason).toMatch(
      /universal tag 2 in the constructed form/,
    );
    const constructedString = Uint8Array.of(0x2c, 0x03, 0x0c, 0x01, 0x41);
    expect(refusal(() => readTlv(constructedString, 0)).details.reason).toMatch(
      /universal tag 12 in the constructed form/,
    );
  });

  it('a value of another type inside a name follows the rules of its own type', () => {
    const bad = [
      encodeTlv(0x03, Uint8Array.of(0x43, 0x4e)), // BIT STRING with 67 unused bits
      encodeTlv(0x0d, Uint8Array.of(0x4a, 0x50, 0x81)), // RELATIVE-OID cut in an arc
      encodeTlv(0x02, Uint8Array.of(0x00, 0x01)), // INTEGER with a redundant byte
      encodeTlv(0x17, new TextEncoder().encode('2001010000Z')), // UTCTime without seconds
    ];
    for (const value of bad) {
      expect(refusal(() => DistinguishedName.fromDer(nameOf(['2.5.4.6', value]))).code).toBe(
        'ERR_DER_MALFORMED',
      );
    }
    expect(
      DistinguishedName.fromDer(nameOf(['2.5.4.6', encodeTlv(0x02, Uint8Array.of(0x01))])).toString(),
    ).toBe('C=#020101');
  });

  it('a version is an INTEGER, not an ENUMERATED', () => {
    const der = deviantCertificate(ca, { version: derExplicit(0, encodeTlv(0x0a, Uint8Array.of(2))) });
    expect(refusal(() => Certificate.fromDer(der).version).details.reason).toMatch(/expected an INTEGER/);
  });

  it('a CRL version, when present, is v2 (RFC 5280 5.1.2.1)', () => {
    const crl = CertificateRevocationList.fromDer(new Uint8Array(readFileSync(CRL)));
    expect(crl.version).toBe(2);
    const der = Uint8Array.from(crl.der);
    const tbs = readTlv(der, readTlv(der, 0).valueStart);
    const version = readTlv(der, tbs.valueStart);
    expect(version.end - version.valueStart).toBe(1);
    der[version.valueStart] = 5;
    expect(refusal(() => CertificateRevocationList.fromDer(der).version).details.reason).toMatch(
      /unknown CRL version 6/,
    );
  });

  it('an attribute value of another type must be DER inside, like every constructed value (X.690 8.1.1)', () => {
    // O = [17] { 'TeliaSonera' }: the bytes inside the constructed value are not TLVs.
    const broken = encodeTlv(0xb1, new TextEncoder().encode('TeliaSonera'));
    expect(refusal(() => DistinguishedName.fromDer(nameOf(['2.5.4.10', broken]))).code).toBe(
      'ERR_DER_MALFORMED',
    );
    const fine = encodeTlv(0xb1, derNull());
    expect(DistinguishedName.fromDer(nameOf(['2.5.4.10', fine])).toString()).toBe('O=#b1020500');
  });

  it('SubjectPublicKeyInfo and its AlgorithmIdentifier have no extra fields (RFC 5280 4.1)', () => {
    const spki = parsePublicKey(newKey().spki).spki;
    const root = readTlv(spki, 0);
    const withExtra = derSequence(spki.subarray(root.valueStart, root.end), derNull());
    expect(refusal(() => parsePublicKey(withExtra)).code).toBe('ERR_KEY_MALFORMED');
  });

  it("a tbs signature algorithm is decoded whole and must equal the outer one's parameters (RFC 5280 4.1.1.2)", () => {
    const caKey = Certificate.fromDer(caDer).publicKey;
    expect(
      Certificate.fromDer(deviantCertificate(ca, { extensions: leafExtensions(ca) })).verifySignature(caKey),
    ).toEqual({
      ok: true,
    });
    // ecdsa-with-SHA256 with a NULL inside the TBS, without one outside: the signature over the TBS
    // bytes verifies, but the two algorithm identifiers differ (OpenSSL's X509_ALGOR_cmp refuses it).
    const withNull = derSequence(derOid('1.2.840.10045.4.3.2'), derNull());
    const differing = Certificate.fromDer(
      deviantCertificate(ca, { extensions: leafExtensions(ca), tbsSignatureAlgorithm: withNull }),
    );
    expect(differing.tbsSignatureAlgorithmOid).toBe('1.2.840.10045.4.3.2');
    expect(differing.verifySignature(caKey)).toMatchObject({
      ok: false,
      code: 'ERR_SIGNATURE_INVALID',
      reason: expect.stringMatching(/parameters in tbsCertificate differ/),
    });
    // RSASSA-PSS parameters whose hash OID is cut in the middle of an arc: refused when read, as pkijs
    // and OpenSSL refuse it, where certkit used to read the OID alone.
    const garbage = deviantCertificate(ca, {
      tbsSignatureAlgorithm: derSequence(
        derOid('1.2.840.113549.1.1.10'),
        derSequence(encodeTlv(0xa0, derSequence(encodeTlv(0x06, Uint8Array.of(0xf8, 0x9f))))),
      ),
    });
    expect(refusal(() => Certificate.fromDer(garbage).tbsSignatureAlgorithmOid).code).toBe(
      'ERR_X509_MALFORMED',
    );
    expect(compareCertificate(garbage).kind).not.toBe('mismatch');
  });

  it('a subject with a broken attribute value agrees with pkijs: refused', () => {
    const der = deviantCertificate(ca, {
      subject: nameOf(['2.5.4.10', encodeTlv(0xb1, Uint8Array.of(0x54, 0x65))]),
    });
    expect(compareCertificate(der)).toMatchObject({ kind: 'certkit-refuses' });
    expect(
      Certificate.fromDer(der)
        .toJSON()
        .errors.map((e) => e.field),
    ).toContain('subject');
  });
});
