import { describe, expect, it } from 'vitest';
import {
  charsetViolation,
  decodeString,
  encodeTlv,
  isGeneralizedTimeBefore2050,
  readRoot,
  readString,
  readTime,
} from '../../../src/internal/der/index.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const utc = (s: string) => encodeTlv(0x17, ascii(s));
const gen = (s: string) => encodeTlv(0x18, ascii(s));
const time = (der: Uint8Array) => readTime(der, readRoot(der));

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toMatchObject({ code: 'ERR_DER_MALFORMED' });
    return String((e as { details: { reason: string } }).details.reason);
  }
  throw new Error('expected ERR_DER_MALFORMED');
}

describe('times as RFC 5280 section 4.1.2.5 writes them', () => {
  it('reads YYMMDDHHMMSSZ (1950-2049) and YYYYMMDDHHMMSSZ', () => {
    expect(time(utc('491231235959Z')).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(time(utc('500101000000Z')).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(time(gen('20500101000000Z')).toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(time(gen('00010101000000Z')).getUTCFullYear()).toBe(1);
    expect(time(utc('240229120000Z')).toISOString()).toBe('2024-02-29T12:00:00.000Z');
  });

  it('refuses missing seconds, fractions, offsets, a missing Z, and impossible dates', () => {
    expect(refusal(() => time(utc('2001010000Z')))).toMatch(/seconds are missing.*4\.1\.2\.5\.1/);
    expect(refusal(() => time(gen('20500101000000.5Z')))).toMatch(/fractional seconds.*4\.1\.2\.5\.2/);
    expect(refusal(() => time(utc('200101000000+0100')))).toMatch(/ending in Z/);
    expect(refusal(() => time(utc('200101000000')))).toMatch(/ending in Z/);
    expect(refusal(() => time(gen('205001010000Z')))).toMatch(/seconds are missing/);
    for (const bad of [
      '230229000000Z',
      '200431000000Z',
      '201301000000Z',
      '200101240000Z',
      '200101006000Z',
      '200101000060Z',
    ]) {
      expect(refusal(() => time(utc(bad)))).toMatch(/out of range/);
    }
    expect(refusal(() => time(utc('20010100000aZ')))).toMatch(/non-digit/);
  });

  it('spots GeneralizedTime used for a date before 2050', () => {
    const g = gen('20491231235959Z');
    expect(isGeneralizedTimeBefore2050(g, readRoot(g))).toBe(true);
    const late = gen('20500101000000Z');
    expect(isGeneralizedTimeBefore2050(late, readRoot(late))).toBe(false);
    const u = utc('491231235959Z');
    expect(isGeneralizedTimeBefore2050(u, readRoot(u))).toBe(false);
  });
});

describe('strings are never decoded lossily', () => {
  const str = (tag: number, ...b: number[]) => encodeTlv(tag, Uint8Array.from(b));
  const decode = (der: Uint8Array) => decodeString(der, readRoot(der));

  it('UTF8String must be UTF-8 (RFC 3629): invalid, overlong and surrogate encodings have no text', () => {
    expect(decode(str(0x0c, 0xc3, 0xa9))).toBe('é');
    expect(decode(str(0x0c, 0x61, 0xc3, 0x28))).toBeUndefined();
    expect(decode(str(0x0c, 0xc0, 0xaf))).toBeUndefined();
    expect(decode(str(0x0c, 0xed, 0xa0, 0x80))).toBeUndefined();
    expect(decode(str(0x0c, 0xf4, 0x90, 0x80, 0x80))).toBeUndefined();
    const bad = str(0x0c, 0xff);
    expect(refusal(() => readString(bad, readRoot(bad)))).toMatch(/not valid UTF-8/);
  });

  it('keeps a byte-order mark, so two different encodings never give the same text', () => {
    expect(decode(str(0x0c, 0xef, 0xbb, 0xbf, 0x41))).toBe('\ufeffA');
    expect(decode(str(0x0c, 0x41))).toBe('A');
  });

  it('BMPString must be whole UCS-2 characters; UniversalString whole code points', () => {
    expect(decode(str(0x1e, 0x00, 0x41, 0x00, 0xe9))).toBe('Aé');
    expect(decode(str(0x1e, 0x00, 0x41, 0x00))).toBeUndefined();
    expect(decode(str(0x1e, 0xd8, 0x3d, 0xde, 0x00))).toBeUndefined();
    expect(decode(str(0x1c, 0x00, 0x01, 0xf6, 0x00))).toBe('😀');
    expect(decode(str(0x1c, 0x00, 0x11, 0x00, 0x00))).toBeUndefined();
    expect(decode(str(0x1c, 0x00, 0x00, 0x41))).toBeUndefined();
  });

  it('reads the 7-bit types and TeletexString one byte per character', () => {
    expect(decode(str(0x13, 0x41, 0x2a))).toBe('A*');
    expect(decode(str(0x14, 0xe9))).toBe('é');
  });

  it('finds characters outside PrintableString, IA5String, NumericString and VisibleString (X.680 41)', () => {
    const at = (tag: number, s: string | number[]) => {
      const der = encodeTlv(tag, typeof s === 'string' ? ascii(s) : Uint8Array.from(s));
      return charsetViolation(der, readRoot(der));
    };
    expect(at(0x13, "Az09 '()+,-./:=?")).toBe(-1);
    expect(at(0x13, '*.example.com')).toBe(2);
    expect(at(0x13, 'a@b')).toBe(3);
    expect(at(0x13, 'a&b_c')).toBe(3);
    expect(at(0x16, [0x00, 0x7f])).toBe(-1);
    expect(at(0x16, [0x61, 0xc3, 0xa9])).toBe(3);
    expect(at(0x12, '0123 45')).toBe(-1);
    expect(at(0x12, '12A')).toBe(4);
    expect(at(0x1a, [0x61, 0x0a])).toBe(3);
    expect(at(0x0c, [0xff])).toBe(-1); // UTF8String has no 7-bit set to check
  });
});
