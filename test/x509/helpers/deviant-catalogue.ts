import {
  derBoolean,
  derExplicit,
  derInteger,
  derOid,
  derSequence,
  encodeTlv,
} from '../../../src/internal/der/index.js';
import {
  caExtensions,
  type DeviantFields,
  deviantCertificate,
  extension,
  generalizedTime,
  leafExtensions,
  nameOf,
  newKey,
  stringTlv,
  type TestKey,
  testCa,
  utcTime,
} from './deviant-certificate.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const san = (...names: Uint8Array[]) => extension('2.5.29.17', derSequence(...names));
const dns = (host: string | Uint8Array) => encodeTlv(0x82, typeof host === 'string' ? ascii(host) : host);
const ku = (...bytes: number[]) => extension('2.5.29.15', Uint8Array.from(bytes), true);
const cn = (tag: number, value: string | Uint8Array) => nameOf(['2.5.4.3', stringTlv(tag, value)]);
/** A Name whose one CN string has a long-form length. */
const longFormCn = (len: number[]) =>
  derSequence(
    encodeTlv(0x31, derSequence(derOid('2.5.4.3'), Uint8Array.of(0x0c, ...len, ...ascii('deviant.test')))),
  );

/**
 * One certificate per encoding rule certkit decides on (docs/conformance.md), signed by one test CA:
 * the inputs of the openssl / Node comparisons. `expect` is certkit's decision: `conforming`, a
 * recorded `deviation`, or `refused` (some field throws).
 */
export interface CatalogueEntry {
  readonly name: string;
  readonly der: Uint8Array;
  readonly expect: 'conforming' | 'deviation' | 'refused';
}

/** The test CA and the catalogue of certificates it issued. */
export function deviantCatalogue(): { ca: TestKey; caDer: Uint8Array; entries: CatalogueEntry[] } {
  const ca = newKey();
  const caDer = testCa(ca);
  const leaf = (fields: DeviantFields) =>
    deviantCertificate(ca, { extensions: leafExtensions(ca), ...fields });
  const base = leafExtensions(ca);
  const withExt = (i: number, ext: Uint8Array) => base.map((e, j) => (j === i ? ext : e));
  const list: [string, Uint8Array, CatalogueEntry['expect']][] = [
    ['conforming leaf', leaf({}), 'conforming'],
    ['conforming CA', caDer, 'conforming'],
    ['INTEGER serial 00 01 02', leaf({ serial: encodeTlv(2, Uint8Array.of(0, 1, 2)) }), 'refused'],
    ['INTEGER serial FF 81', leaf({ serial: encodeTlv(2, Uint8Array.of(0xff, 0x81)) }), 'refused'],
    ['empty INTEGER serial', leaf({ serial: encodeTlv(2, new Uint8Array(0)) }), 'refused'],
    ['length 81 0C', leaf({ subject: longFormCn([0x81, 12]) }), 'refused'],
    ['length 82 00 0C', leaf({ subject: longFormCn([0x82, 0, 12]) }), 'refused'],
    [
      'BOOLEAN critical 0x01',
      leaf({
        extensions: withExt(1, extension('2.5.29.15', Uint8Array.of(3, 2, 7, 0x80), Uint8Array.of(1, 1, 1))),
      }),
      'deviation',
    ],
    [
      'critical FALSE written out',
      leaf({
        extensions: withExt(0, extension('2.5.29.17', derSequence(dns('deviant.test')), derBoolean(false))),
      }),
      'deviation',
    ],
    [
      'basicConstraints cA FALSE written out',
      leaf({ extensions: [...base, extension('2.5.29.19', derSequence(derBoolean(false)), true)] }),
      'deviation',
    ],
    ['UTCTime without seconds', leaf({ notBefore: utcTime('2001010000Z') }), 'refused'],
    ['UTCTime with offset', leaf({ notBefore: utcTime('200101000000+0100') }), 'refused'],
    ['GeneralizedTime with fraction', leaf({ notAfter: generalizedTime('20500101000000.5Z') }), 'refused'],
    ['GeneralizedTime before 2050', leaf({ notAfter: generalizedTime('20400101000000Z') }), 'deviation'],
    ['UTCTime 30 February', leaf({ notAfter: utcTime('400230000000Z') }), 'refused'],
    ['v1 written out with extensions', leaf({ version: derExplicit(0, derInteger(0)) }), 'deviation'],
    ['v1 with extensions', leaf({ version: null }), 'deviation'],
    ['empty extensions list', deviantCertificate(ca, { emptyExtensionsField: true }), 'deviation'],
    ['PrintableString *', leaf({ subject: cn(0x13, '*.example.com') }), 'deviation'],
    [
      'PrintableString @',
      leaf({ subject: nameOf(['1.2.840.113549.1.9.1', stringTlv(0x13, 'a@example.com')]) }),
      'deviation',
    ],
    ['PrintableString NUL', leaf({ subject: cn(0x13, Uint8Array.of(0x61, 0, 0x62)) }), 'deviation'],
    [
      'IA5String é in a name',
      leaf({ subject: nameOf(['1.2.840.113549.1.9.1', stringTlv(0x16, Uint8Array.of(0x61, 0xc3, 0xa9))]) }),
      'deviation',
    ],
    ['UTF-8 dNSName', leaf({ extensions: withExt(0, san(dns('bücher.test'))) }), 'deviation'],
    [
      'Latin-1 dNSName',
      leaf({ extensions: withExt(0, san(dns(Uint8Array.of(0x61, 0xe9, 0x2e, 0x74)))) }),
      'refused',
    ],
    ['UTF8String not UTF-8', leaf({ subject: cn(0x0c, Uint8Array.of(0x61, 0xc3, 0x28)) }), 'refused'],
    ['UTF8String overlong', leaf({ subject: cn(0x0c, Uint8Array.of(0xc0, 0xaf)) }), 'refused'],
    ['UTF8String surrogate', leaf({ subject: cn(0x0c, Uint8Array.of(0xed, 0xa0, 0x80)) }), 'refused'],
    ['BMPString odd length', leaf({ subject: cn(0x1e, Uint8Array.of(0, 0x61, 0)) }), 'refused'],
    ['BMPString surrogate', leaf({ subject: cn(0x1e, Uint8Array.of(0xd8, 0)) }), 'refused'],
    ['signature with unused bits', leaf({ signatureUnusedBits: 3 }), 'refused'],
    ['KeyUsage no bit (03 01 00)', leaf({ extensions: withExt(1, ku(3, 1, 0)) }), 'refused'],
    ['KeyUsage no bit (03 02 00 00)', leaf({ extensions: withExt(1, ku(3, 2, 0, 0)) }), 'refused'],
    ['KeyUsage trailing zero bits', leaf({ extensions: withExt(1, ku(3, 2, 0, 0x80)) }), 'deviation'],
    ['KeyUsage unused bit set', leaf({ extensions: withExt(1, ku(3, 2, 7, 0x81)) }), 'deviation'],
    [
      'iPAddress SAN of 8 bytes',
      leaf({ extensions: withExt(0, san(encodeTlv(0x87, Uint8Array.of(192, 0, 2, 0, 255, 255, 255, 0)))) }),
      'refused',
    ],
    [
      'iPAddress SAN of 5 bytes',
      leaf({ extensions: withExt(0, san(encodeTlv(0x87, Uint8Array.of(192, 0, 2, 0, 1)))) }),
      'refused',
    ],
    [
      'nameConstraints minimum 0 written out',
      deviantCertificate(ca, {
        extensions: [
          ...caExtensions(newKey()),
          extension(
            '2.5.29.30',
            derSequence(encodeTlv(0xa0, derSequence(dns('example.com'), encodeTlv(0x80, Uint8Array.of(0))))),
            true,
          ),
        ],
      }),
      'deviation',
    ],
  ];
  return { ca, caDer, entries: list.map(([name, der, expect]) => ({ name, der, expect })) };
}
