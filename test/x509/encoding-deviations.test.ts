import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain } from '../../src/chain/index.js';
import {
  derBoolean,
  derExplicit,
  derInteger,
  derOid,
  derSequence,
  encodeTlv,
} from '../../src/internal/der/index.js';
import { encodePem } from '../../src/pem/index.js';
import { Certificate, DistinguishedName } from '../../src/x509/index.js';
import { hasPeerTool } from '../helpers/peer-tools.js';
import {
  caExtensions,
  cnName,
  type DeviantFields,
  deviantCertificate,
  extension,
  generalizedTime,
  keyId,
  leafExtensions,
  nameOf,
  newKey,
  stringTlv,
  type TestKey,
  testCa,
  utcTime,
} from './helpers/deviant-certificate.js';
import { CERT_FIXTURES, readFixture } from './helpers/fixtures.js';

const HAS_OPENSSL = hasPeerTool('openssl', 'openssl');
const SAN = '2.5.29.17';
const ascii = (s: string) => new TextEncoder().encode(s);
const sanDns = (host: string) => derSequence(encodeTlv(0x82, ascii(host)));

let ca: TestKey;
let caDer: Uint8Array;
let dir: string;

beforeAll(() => {
  ca = newKey();
  caDer = testCa(ca);
  dir = mkdtempSync(join(tmpdir(), 'certkit-deviant-'));
  writeFileSync(join(dir, 'ca.pem'), encodePem('CERTIFICATE', caDer));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A leaf signed by the test CA with TLS server extensions, fields replaced by `fields`. */
function leaf(fields: DeviantFields = {}): Uint8Array {
  return deviantCertificate(ca, { extensions: leafExtensions(ca), ...fields });
}

/** What `openssl x509` and `openssl verify` make of a certificate. */
function openssl(der: Uint8Array): { parses: boolean; verifies: boolean; output: string } {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.der`);
  writeFileSync(file, der);
  const parse = spawnSync('openssl', ['x509', '-inform', 'DER', '-in', file, '-noout', '-text'], {
    encoding: 'utf8',
  });
  if (parse.status !== 0) return { parses: false, verifies: false, output: parse.stderr };
  const pem = `${file}.pem`;
  writeFileSync(pem, encodePem('CERTIFICATE', der));
  const v = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), pem], { encoding: 'utf8' });
  return { parses: true, verifies: v.status === 0, output: v.stdout + v.stderr };
}

/** Reads `get` and returns the certkit error it throws (code and details). */
function refusal(get: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    get();
  } catch (e) {
    return e as { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('refused: what DER or RFC 5280 forbids and real certificates do not need', () => {
  it('a serial INTEGER with a redundant leading byte, or empty (X.690 8.3.2); OpenSSL refuses both too', () => {
    for (const serial of [Uint8Array.of(0, 1, 2), Uint8Array.of(0xff, 0x81), new Uint8Array(0)]) {
      const der = leaf({ serial: encodeTlv(0x02, serial) });
      const cert = Certificate.fromDer(der);
      const e = refusal(() => cert.serialNumber);
      expect(e.code).toBe('ERR_X509_MALFORMED');
      expect(String(e.details.reason)).toMatch(/X\.690 8\.3/);
      expect(cert.toJSON().serialNumber).toBeNull();
      if (HAS_OPENSSL) expect(openssl(der).parses).toBe(false);
    }
  });

  it('a non-minimal length inside a field refuses that field; on the outer structure, the certificate', () => {
    const cn = Uint8Array.of(0x0c, 0x81, 12, ...ascii('deviant.test'));
    const der = leaf({ subject: derSequence(encodeTlv(0x31, derSequence(derOid('2.5.4.3'), cn))) });
    const cert = Certificate.fromDer(der);
    expect(String(refusal(() => cert.subject).details.reason)).toMatch(/not minimal \(X\.690 10\.1\)/);
    expect(cert.issuer.commonName).toBe('Deviant Test CA');
    // The whole certificate with its outer length in the long form.
    const good = leaf();
    const long = Uint8Array.from([0x30, 0x84, ...u32(good.length - 4), ...good.subarray(4)]);
    expect(refusal(() => Certificate.fromDer(long)).code).toBe('ERR_X509_MALFORMED');
  });

  it('UTCTime without seconds, fractional GeneralizedTime and an impossible date; OpenSSL fails them in verify', () => {
    const cases: [DeviantFields, string, RegExp][] = [
      [{ notBefore: utcTime('2001010000Z') }, 'notBefore', /seconds are missing/],
      [{ notAfter: generalizedTime('20500101000000.5Z') }, 'notAfter', /fractional seconds/],
      [{ notAfter: utcTime('400230000000Z') }, 'notAfter', /out of range/],
      [{ notBefore: utcTime('200101000000+0100') }, 'notBefore', /ending in Z/],
    ];
    for (const [fields, field, reason] of cases) {
      const der = leaf(fields);
      const cert = Certificate.fromDer(der);
      const e = refusal(() => (field === 'notBefore' ? cert.notBefore : cert.notAfter));
      expect(e).toMatchObject({ code: 'ERR_X509_MALFORMED', details: { field } });
      expect(String(e.details.reason)).toMatch(reason);
      // The other end of the validity still reads.
      expect(() => (field === 'notBefore' ? cert.notAfter : cert.notBefore)).not.toThrow();
      if (HAS_OPENSSL) {
        const o = openssl(der);
        expect(o.verifies).toBe(false);
        expect(o.output).toMatch(new RegExp(`${field} field`));
      }
    }
  });

  it('a UTF8String that is not UTF-8 in a name (RFC 3629); OpenSSL and Node refuse the certificate', () => {
    const der = leaf({ subject: nameOf(['2.5.4.3', stringTlv(0x0c, Uint8Array.of(0x61, 0xc3, 0x28))]) });
    const cert = Certificate.fromDer(der);
    expect(refusal(() => cert.subject)).toMatchObject({
      code: 'ERR_X509_MALFORMED',
      details: { field: 'subject' },
    });
    expect(String(refusal(() => cert.subject).details.reason)).toMatch(/not valid UTF-8/);
    if (HAS_OPENSSL) expect(openssl(der).parses).toBe(false);
    expect(() => new X509Certificate(der)).toThrow();
  });

  it('a signature BIT STRING with unused bits (RFC 5280 4.1.1.3); OpenSSL fails the signature', () => {
    const der = leaf({ signatureUnusedBits: 3 });
    const cert = Certificate.fromDer(der);
    expect(String(refusal(() => cert.signatureValue).details.reason)).toMatch(/unused bits/);
    const check = cert.verifySignature(Certificate.fromDer(caDer).publicKey);
    expect(check).toMatchObject({ ok: false, code: 'ERR_SIGNATURE_INVALID' });
    if (HAS_OPENSSL) expect(openssl(der).output).toMatch(/signature failure/);
  });

  it('a KeyUsage with no bit set (RFC 5280 4.2.1.3); OpenSSL 3 does not verify it either', () => {
    for (const value of [Uint8Array.of(3, 1, 0), Uint8Array.of(3, 2, 0, 0), Uint8Array.of(3, 2, 7, 0x7f)]) {
      const der = leaf({
        extensions: [extension('2.5.29.15', value, true), extension(SAN, sanDns('a.test'))],
      });
      const cert = Certificate.fromDer(der);
      const e = refusal(() => cert.keyUsage);
      expect(e.code).toBe('ERR_X509_BAD_EXTENSION');
      expect(String(e.details.reason)).toMatch(/no bit set/);
      if (HAS_OPENSSL) expect(openssl(der).verifies).toBe(false);
    }
  });

  it('an iPAddress SAN of 8 bytes (RFC 5280 4.2.1.6: 4 or 16), which only name constraints may hold', () => {
    const san = derSequence(encodeTlv(0x87, Uint8Array.of(192, 0, 2, 0, 255, 255, 255, 0)));
    const cert = Certificate.fromDer(leaf({ extensions: [extension(SAN, san)] }));
    expect(String(refusal(() => cert.subjectAltNames).details.reason)).toMatch(/8 bytes.*4\.2\.1\.6/);
    const nc = derSequence(
      encodeTlv(0xa0, derSequence(encodeTlv(0x87, Uint8Array.of(192, 0, 2, 0, 255, 255, 255, 0)))),
    );
    const constrained = Certificate.fromDer(leaf({ extensions: [extension('2.5.29.30', nc, true)] }));
    expect(constrained.nameConstraints?.permitted[0]?.base).toMatchObject({
      type: 'ip',
      value: '192.0.2.0/24',
    });
  });

  it('a dNSName whose bytes are neither ASCII nor UTF-8', () => {
    const san = derSequence(encodeTlv(0x82, Uint8Array.of(0x61, 0xe9, 0x2e, 0x74)));
    const cert = Certificate.fromDer(leaf({ extensions: [extension(SAN, san)] }));
    expect(String(refusal(() => cert.subjectAltNames).details.reason)).toMatch(/neither ASCII/);
  });
});

describe('deviations: read, recorded with their rule, refused by path validation unless allowed', () => {
  const deviations = (der: Uint8Array) =>
    Certificate.fromDer(der).encodingDeviations.map((d) => `${d.code} ${d.field} [${d.rule}]`);

  it('a conforming certificate has none, and neither has any fixture', () => {
    expect(deviations(leaf())).toEqual([]);
    expect(deviations(caDer)).toEqual([]);
    for (const f of CERT_FIXTURES) {
      const cert = Certificate.fromDer(new X509Certificate(readFixture(f)).raw);
      // names.pem is crafted with a UTF-8 rfc822Name, which RFC 5280 4.2.1.6 makes an IA5String.
      const expected =
        f === 'names.pem'
          ? [expect.objectContaining({ code: 'string-charset', field: 'extensions.subjectAltName' })]
          : [];
      expect([f, cert.encodingDeviations]).toEqual([f, expected]);
    }
  });

  it('PrintableString with * or @ (X.680 41.4), read as written; OpenSSL accepts it', () => {
    const der = leaf({
      subject: nameOf(
        ['2.5.4.3', stringTlv(0x13, '*.example.com')],
        ['1.2.840.113549.1.9.1', stringTlv(0x13, 'a@b.test')],
      ),
    });
    const cert = Certificate.fromDer(der);
    expect(cert.subject.commonName).toBe('*.example.com');
    expect(cert.subject.rdns[0]![0]!.problem).toBe('charset');
    expect(deviations(der)).toEqual([
      'string-charset subject [X.680 41.4 (RFC 5280 4.1.2.4, 4.2.1.6)]',
      'string-charset subject [X.680 41.4 (RFC 5280 4.1.2.4, 4.2.1.6)]',
    ]);
    expect(cert.encodingDeviations[0]!.message).toMatch(/PrintableString value of CN holds "\*"/);
    if (HAS_OPENSSL) expect(openssl(der).verifies).toBe(true);
  });

  it('critical FALSE written out (X.690 11.5) and TRUE as 0x01 (X.690 11.1); OpenSSL accepts both', () => {
    const der = leaf({
      extensions: [
        extension(SAN, sanDns('a.test'), derBoolean(false)),
        extension('2.5.29.15', Uint8Array.of(3, 2, 7, 0x80), Uint8Array.of(1, 1, 1)),
      ],
    });
    const cert = Certificate.fromDer(der);
    expect(cert.extensions.map((e) => e.critical)).toEqual([false, true]);
    expect(deviations(der)).toEqual([
      'explicit-default extensions.subjectAltName.critical [X.690 11.5]',
      'boolean-not-der extensions.keyUsage.critical [X.690 11.1]',
    ]);
    if (HAS_OPENSSL) expect(openssl(der).verifies).toBe(true);
  });

  it('basicConstraints with cA FALSE written out, and a v1 version written out with extensions', () => {
    const bc = extension('2.5.29.19', derSequence(derBoolean(false)), true);
    expect(deviations(leaf({ extensions: [bc] }))).toEqual([
      'explicit-default extensions.basicConstraints [X.690 11.5]',
    ]);
    expect(Certificate.fromDer(leaf({ extensions: [bc] })).basicConstraints).toMatchObject({ ca: false });
    const v1 = leaf({ version: derExplicit(0, derInteger(0)) });
    expect(Certificate.fromDer(v1).version).toBe(1);
    expect(deviations(v1)).toEqual([
      'explicit-default version [X.690 11.5]',
      'extensions-without-v3 extensions [RFC 5280 4.1.2.9]',
    ]);
    expect(deviations(leaf({ version: null, extensions: [] }))).toEqual([]);
  });

  it('a KeyUsage BIT STRING with trailing zero bits or unused bits set (X.690 11.2.2); unused bits carry no value', () => {
    const trailing = leaf({ extensions: [extension('2.5.29.15', Uint8Array.of(3, 2, 0, 0x80), true)] });
    expect(Certificate.fromDer(trailing).keyUsage?.names).toEqual(['digitalSignature']);
    expect(deviations(trailing)).toEqual(['named-bits-not-der extensions.keyUsage [X.690 11.2.2]']);
    const unused = leaf({ extensions: [extension('2.5.29.15', Uint8Array.of(3, 2, 7, 0x81), true)] });
    expect(Certificate.fromDer(unused).keyUsage?.names).toEqual(['digitalSignature']);
    expect(deviations(unused)).toEqual(['named-bits-not-der extensions.keyUsage [X.690 11.2.2]']);
  });

  it('GeneralizedTime for a date before 2050 (RFC 5280 4.1.2.5), as one system root has', () => {
    const der = leaf({ notAfter: generalizedTime('20400101000000Z') });
    expect(Certificate.fromDer(der).notAfter.toISOString()).toBe('2040-01-01T00:00:00.000Z');
    expect(deviations(der)).toEqual(['generalized-time-before-2050 validity.notAfter [RFC 5280 4.1.2.5]']);
  });

  it('a UTF-8 dNSName (IA5String, RFC 5280 4.2.1.6) and a written-out GeneralSubtree minimum', () => {
    const der = leaf({ extensions: [extension(SAN, sanDns('bücher.test'))] });
    expect(Certificate.fromDer(der).subjectAltNames).toEqual([{ type: 'dns', value: 'bücher.test' }]);
    expect(deviations(der)).toEqual([
      'string-charset extensions.subjectAltName [X.680 41.4 (RFC 5280 4.1.2.4, 4.2.1.6)]',
    ]);
    const nc = derSequence(
      encodeTlv(0xa0, derSequence(encodeTlv(0x82, ascii('example.com')), encodeTlv(0x80, Uint8Array.of(0)))),
    );
    expect(deviations(leaf({ extensions: [extension('2.5.29.30', nc, true)] }))).toEqual([
      'explicit-default extensions.nameConstraints [X.690 11.5]',
    ]);
  });

  it('toJSON lists them beside the decoded fields', () => {
    const json = Certificate.fromDer(leaf({ subject: nameOf(['2.5.4.3', stringTlv(0x13, 'a_b')]) })).toJSON();
    expect(json.subject).toBe('CN=a_b');
    expect(json.errors).toEqual([]);
    expect(json.encodingDeviations).toEqual([
      expect.objectContaining({ code: 'string-charset', field: 'subject' }),
    ]);
  });

  describe('path validation', () => {
    const at = new Date(Date.UTC(2030, 0, 1));
    const verify = (
      leafDer: Uint8Array,
      trust: Uint8Array[],
      intermediates: Uint8Array[] = [],
      allow?: boolean,
    ) =>
      buildChain(Certificate.fromDer(leafDer), {
        trust: trust.map((d) => Certificate.fromDer(d)),
        intermediates: intermediates.map((d) => Certificate.fromDer(d)),
        hostname: 'deviant.test',
        at,
        ...(allow === undefined ? {} : { allowEncodingDeviations: allow }),
      });

    it('a conforming leaf validates', () => {
      expect(verify(leaf(), [caDer]).problems).toEqual([]);
    });

    it('a leaf with a deviation is refused, naming it, and accepted with allowEncodingDeviations', () => {
      const exts = leafExtensions(ca);
      exts[0] = extension(SAN, sanDns('deviant.test'), derBoolean(false));
      const der = leaf({ extensions: exts });
      const refused = verify(der, [caDer]);
      expect(refused.problems.map((p) => `${p.code}@${p.depth}`)).toEqual(['ERR_CHAIN_ENCODING_DEVIATION@0']);
      expect(refused.problems[0]!.message).toMatch(
        /subjectAltName\.critical.*X\.690 11\.5.*allowEncodingDeviations/,
      );
      expect(refused.problems[0]!.details).toEqual({
        deviations: [
          { code: 'explicit-default', field: 'extensions.subjectAltName.critical', rule: 'X.690 11.5' },
        ],
      });
      expect(verify(der, [caDer], [], true).ok).toBe(true);
    });

    it('an intermediate with a deviation is refused; a trust anchor with one is not (RFC 5280 6.1.1 (d))', () => {
      const interKey = newKey();
      const interName = nameOf(['2.5.4.3', stringTlv(0x13, 'Intermediate *')]);
      const inter = deviantCertificate(ca, {
        subject: interName,
        subjectKey: interKey,
        extensions: [
          ...caExtensions(interKey),
          extension('2.5.29.35', derSequence(encodeTlv(0x80, keyId(ca)))),
        ],
      });
      const leafDer = deviantCertificate(interKey, {
        issuer: interName,
        extensions: leafExtensions(interKey),
      });
      expect(verify(leafDer, [caDer], [inter]).problems.map((p) => `${p.code}@${p.depth}`)).toEqual([
        'ERR_CHAIN_ENCODING_DEVIATION@1',
      ]);
      // The leaf's issuer field copies the intermediate's subject: judged there, not on the leaf.
      // The same certificate as the trust anchor: accepted, and so is what it issued.
      expect(verify(leafDer, [inter]).problems).toEqual([]);
    });
  });
});

describe('DistinguishedName comparison works on exact bytes when a value is not valid', () => {
  const dn = (...value: number[]) =>
    DistinguishedName.fromDer(nameOf(['2.5.4.3', stringTlv(0x0c, Uint8Array.from(value))]));

  it('two names that differ only in invalid bytes are different names', () => {
    const a = dn(0x61, 0xff);
    const b = dn(0x61, 0xfe);
    expect(a.equals(b)).toBe(false);
    expect(a.canonical).not.toBe(b.canonical);
    expect(a.toString()).toBe('CN=#0c0261ff');
  });

  it('an invalid value never equals the text a lossy decoder would make of it', () => {
    const invalid = dn(0x61, 0xff);
    const replacement = dn(0x61, 0xef, 0xbf, 0xbd); // "a\ufffd", valid UTF-8
    expect(invalid.equals(replacement)).toBe(false);
    expect(replacement.rdns[0]![0]!.problem).toBeUndefined();
  });

  it('the same invalid bytes are the same name; valid values still compare after normalisation', () => {
    expect(dn(0x61, 0xff).equals(dn(0x61, 0xff))).toBe(true);
    const upper = DistinguishedName.fromDer(nameOf(['2.5.4.3', stringTlv(0x13, 'Example  CA')]));
    expect(upper.equals(DistinguishedName.fromDer(cnName('example ca')))).toBe(true);
  });
});

function u32(n: number): number[] {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
