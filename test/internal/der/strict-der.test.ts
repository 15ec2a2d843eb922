import { describe, expect, it } from 'vitest';
import {
  berToDer,
  checkInteger,
  isDerBoolean,
  isDerNamedBitList,
  readBitString,
  readBoolean,
  readIntegerHex,
  readRoot,
  readSmallInteger,
  readTlv,
} from '../../../src/internal/der/index.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

/** The `reason` of the ERR_DER_MALFORMED that `f` throws. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toMatchObject({ code: 'ERR_DER_MALFORMED' });
    return String((e as { details: { reason: string } }).details.reason);
  }
  throw new Error('expected ERR_DER_MALFORMED');
}

describe('TLV headers are DER (X.690 8.1.2, 10.1)', () => {
  it('reads the shortest length forms', () => {
    expect(readTlv(bytes(0x04, 0x01, 0xaa), 0)).toMatchObject({ valueStart: 2, end: 3 });
    const long = Uint8Array.from([0x04, 0x81, 0x80, ...new Uint8Array(128)]);
    expect(readTlv(long, 0)).toMatchObject({ valueStart: 3, end: 131 });
  });

  it('refuses a long-form length below 128 and a length with a leading zero byte', () => {
    expect(refusal(() => readTlv(bytes(0x04, 0x81, 0x01, 0xaa), 0))).toMatch(/not minimal \(X\.690 10\.1\)/);
    const padded = Uint8Array.from([0x04, 0x82, 0x00, 0x80, ...new Uint8Array(128)]);
    expect(refusal(() => readTlv(padded, 0))).toMatch(/leading zero byte.*X\.690 10\.1/);
  });

  it('refuses indefinite lengths', () => {
    expect(refusal(() => readTlv(bytes(0x30, 0x80, 0x00, 0x00), 0))).toMatch(/indefinite/);
  });

  it('refuses a low tag number in the high-tag form and a leading zero group', () => {
    expect(refusal(() => readTlv(bytes(0x1f, 0x02, 0x01, 0x00), 0))).toMatch(/X\.690 8\.1\.2\.2/);
    expect(refusal(() => readTlv(bytes(0x1f, 0x80, 0x40, 0x00), 0))).toMatch(/X\.690 8\.1\.2\.4\.2/);
    expect(readTlv(bytes(0x9f, 0x1f, 0x00), 0)).toMatchObject({ cls: 2, tag: 31 });
  });
});

describe('INTEGER, BOOLEAN and BIT STRING contents', () => {
  const int = (...content: number[]) => {
    const der = bytes(0x02, content.length, ...content);
    return { der, tlv: readRoot(der) };
  };

  it('accepts minimal INTEGERs, refuses empty ones and redundant leading bytes (X.690 8.3)', () => {
    for (const ok of [[0x00], [0x7f], [0x00, 0x80], [0xff], [0xff, 0x7f], [0x80]]) {
      const { der, tlv } = int(...ok);
      expect(() => checkInteger(der, tlv)).not.toThrow();
    }
    expect(readIntegerHex(int(0x00, 0x80).der, int(0x00, 0x80).tlv)).toBe('80');
    expect(readSmallInteger(int(0xff, 0x00).der, int(0xff, 0x00).tlv)).toBe(-256);
    expect(refusal(() => readSmallInteger(int().der, int().tlv))).toMatch(/empty INTEGER/);
    for (const bad of [
      [0x00, 0x01],
      [0x00, 0x7f],
      [0xff, 0x80],
      [0xff, 0xff],
    ]) {
      const { der, tlv } = int(...bad);
      expect(refusal(() => readIntegerHex(der, tlv))).toMatch(/redundant leading byte \(X\.690 8\.3\.2\)/);
    }
  });

  it('reads any non-zero BOOLEAN as TRUE and tells whether it is DER (X.690 8.2, 11.1)', () => {
    const b = (v: number) => bytes(0x01, 0x01, v);
    expect(readBoolean(b(0xff), readRoot(b(0xff)))).toBe(true);
    expect(readBoolean(b(0x01), readRoot(b(0x01)))).toBe(true);
    expect(readBoolean(b(0x00), readRoot(b(0x00)))).toBe(false);
    expect(isDerBoolean(b(0xff), readRoot(b(0xff)))).toBe(true);
    expect(isDerBoolean(b(0x00), readRoot(b(0x00)))).toBe(true);
    expect(isDerBoolean(b(0x01), readRoot(b(0x01)))).toBe(false);
    const two = bytes(0x01, 0x02, 0xff, 0xff);
    expect(refusal(() => readBoolean(two, readRoot(two)))).toMatch(/one-byte BOOLEAN/);
  });

  it('refuses BIT STRINGs with unused bits but no content, or more than 7 (X.690 8.6.2)', () => {
    const bs = (...c: number[]) => bytes(0x03, c.length, ...c);
    expect(readBitString(bs(0x00), readRoot(bs(0x00))).bytes.length).toBe(0);
    expect(refusal(() => readBitString(bs(0x03), readRoot(bs(0x03))))).toMatch(/X\.690 8\.6\.2\.3/);
    expect(refusal(() => readBitString(bs(0x08, 0x00), readRoot(bs(0x08, 0x00))))).toMatch(/more than 7/);
  });

  it('knows the DER form of a named bit list (X.690 11.2)', () => {
    const der = (unusedBits: number, ...b: number[]) =>
      isDerNamedBitList({ unusedBits, bytes: Uint8Array.from(b) });
    expect(der(0)).toBe(true); // empty list
    expect(der(1, 0x06)).toBe(true); // keyCertSign | cRLSign
    expect(der(7, 0x80)).toBe(true); // digitalSignature
    expect(der(7, 0x80, 0x80)).toBe(true); // bit 8 (decipherOnly)
    expect(der(0, 0x80)).toBe(false); // trailing zero bits kept
    expect(der(7, 0x81)).toBe(false); // an unused bit set
    expect(der(7, 0x80, 0x00)).toBe(false); // a trailing zero byte
    expect(der(3, 0x00)).toBe(false);
  });
});

describe('berToDer', () => {
  it('rewrites lengths in a longer form than needed, so the result reads as DER', () => {
    // SEQUENCE (long form) { OCTET STRING (long form with a zero byte) 'ab' }
    const ber = bytes(0x30, 0x81, 0x06, 0x04, 0x82, 0x00, 0x02, 0x61, 0x62, 0x05, 0x00).subarray(0, 9);
    expect(() => readRoot(ber)).toThrow();
    const der = berToDer(ber);
    expect(Buffer.from(der).toString('hex')).toBe('300404026162');
    expect(readRoot(der)).toMatchObject({ end: 6 });
  });

  it('keeps a segmented OCTET STRING whose segments have long-form lengths one string', () => {
    const ber = bytes(0x24, 0x80, 0x04, 0x81, 0x01, 0x61, 0x04, 0x01, 0x62, 0x00, 0x00);
    expect(Buffer.from(berToDer(ber)).toString('hex')).toBe('04026162');
  });

  it('leaves DER untouched and refuses what BER forbids too', () => {
    const der = bytes(0x30, 0x03, 0x02, 0x01, 0x05);
    expect(berToDer(der)).toBe(der);
    expect(refusal(() => berToDer(bytes(0x30, 0x80, 0x1f, 0x02, 0x01, 0x00, 0x00, 0x00)))).toMatch(
      /8\.1\.2\.2/,
    );
  });
});
