import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ariCertId, parseRenewalInfo } from '../../../src/acme/renewal/ari.js';
import { isCertkitError } from '../../../src/errors/index.js';
import { derOctetString, derSequence, encodeTlv } from '../../../src/internal/der/index.js';
import { thrownError } from '../../helpers/coded-error.js';
import { mint, rawExtension, simpleChain } from '../../helpers/make-certs.js';
import { hasPeerTool, run } from '../../helpers/peer-tools.js';

/** RFC 9773 section 4.1: the example certificate's AKI keyIdentifier and serial, and the certID. */
const RFC_AKI = '69885B6B87464041E1B37B847BA0AE2CDE01C8D4';
const RFC_CERT_ID = 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE';

/** RFC 9773 section 4.2: the example RenewalInfo answer. */
const RFC_BODY = `{
  "suggestedWindow": {
    "start": "2025-01-02T04:00:00Z",
    "end": "2025-01-03T04:00:00Z"
  },
  "explanationURL": "https://acme.example.com/docs/ari"
}`;

function akiExtension(hex: string) {
  return rawExtension('2.5.29.35', false, derSequence(encodeTlv(0x80, Buffer.from(hex, 'hex'))));
}

describe('ariCertId', () => {
  it('gives the RFC 9773 example certID for AKI 69:88:5B:… and serial 00:87:65:43:21', async () => {
    const { cert } = await mint({
      subject: 'CN=ari.example',
      serial: '0087654321',
      extra: [akiExtension(RFC_AKI)],
    });
    // The serial needs its 0x00 sign byte: 0x87 alone would be negative.
    expect(Buffer.from(cert.serialNumberBytes).toString('hex')).toBe('0087654321');
    expect(cert.authorityKeyIdentifier?.keyIdentifier).toBe(RFC_AKI.toLowerCase());
    expect(ariCertId(cert)).toBe(RFC_CERT_ID);
  });

  it("names a leaf by its issuer's key identifier and its own serial, unpadded", async () => {
    const { inter, leaf } = await simpleChain('ari.example');
    const id = ariCertId(leaf.cert);
    const [aki, serial] = id.split('.') as [string, string];
    expect(Buffer.from(aki, 'base64url').toString('hex')).toBe(inter.cert.subjectKeyIdentifier);
    expect(Buffer.from(serial, 'base64url')).toEqual(Buffer.from(leaf.cert.serialNumberBytes));
    expect(id).not.toMatch(/[=+/]/);
  });

  describe.skipIf(!hasPeerTool('openssl', 'openssl'))('against openssl', () => {
    it('uses the key identifier and serial openssl prints', async () => {
      const { leaf } = await simpleChain('ari.example');
      const out = run('openssl', ['x509', '-noout', '-serial', '-ext', 'authorityKeyIdentifier'], leaf.pem);
      const serialHex = /serial=([0-9A-F]+)/.exec(out)?.[1] ?? '';
      const keyid = /(?:keyid:)?((?:[0-9A-F]{2}:)+[0-9A-F]{2})/.exec(
        out.split('Authority Key Identifier')[1] ?? '',
      )?.[1];
      const [aki, serial] = ariCertId(leaf.cert).split('.') as [string, string];
      expect(Buffer.from(aki, 'base64url').toString('hex').toUpperCase()).toBe(keyid?.replaceAll(':', ''));
      // openssl prints the value; the DER content adds a 0x00 sign byte when the top bit is set.
      const der = Buffer.from(serial, 'base64url').toString('hex').toUpperCase();
      expect(der.replace(/^00(?=[89A-F])/, '')).toBe(serialHex.length % 2 ? `0${serialHex}` : serialHex);
    });
  });

  it('keeps a serial without a sign byte as it is (no padding added)', async () => {
    const { cert } = await mint({ subject: 'CN=x', serial: '7f01', extra: [akiExtension('0102')] });
    expect(ariCertId(cert)).toBe(
      `${Buffer.from([1, 2]).toString('base64url')}.${Buffer.from([0x7f, 1]).toString('base64url')}`,
    );
  });

  it('refuses a certificate without an Authority Key Identifier', async () => {
    const { cert } = await mint({ subject: 'CN=self-signed' });
    expect(cert.authorityKeyIdentifier).toBeUndefined();
    const err = thrownError(() => ariCertId(cert));
    expect(err.code).toBe('ERR_ACME_RENEWAL_INFO');
    expect(err.details.reason).toBe('no-authority-key-identifier');
  });

  it('refuses an Authority Key Identifier with only issuer and serial (no keyIdentifier)', async () => {
    const onlySerial = rawExtension('2.5.29.35', false, derSequence(encodeTlv(0x82, new Uint8Array([5]))));
    const { cert } = await mint({ subject: 'CN=x', extra: [onlySerial] });
    expect(thrownError(() => ariCertId(cert)).code).toBe('ERR_ACME_RENEWAL_INFO');
  });

  it('wraps an undecodable Authority Key Identifier', async () => {
    const broken = rawExtension('2.5.29.35', false, derOctetString(new Uint8Array([1, 2])));
    const { cert } = await mint({ subject: 'CN=x', extra: [broken] });
    const err = thrownError(() => ariCertId(cert));
    expect(err.code).toBe('ERR_ACME_RENEWAL_INFO');
    expect(err.details.reason).toBe('bad-authority-key-identifier');
  });

  it('throws TypeError for a non-certificate', () => {
    expect(() => ariCertId({} as never)).toThrow(TypeError);
  });
});

describe('parseRenewalInfo', () => {
  const at = new Date('2025-01-01T00:00:00Z');

  it('parses the RFC 9773 example with Retry-After: 21600 (seconds)', () => {
    const info = parseRenewalInfo(RFC_BODY, '21600', at);
    expect(info.suggestedWindow.start.toISOString()).toBe('2025-01-02T04:00:00.000Z');
    expect(info.suggestedWindow.end.toISOString()).toBe('2025-01-03T04:00:00.000Z');
    expect(info.explanationUrl).toBe('https://acme.example.com/docs/ari');
    expect(info.retryAfter?.toISOString()).toBe('2025-01-01T06:00:00.000Z');
  });

  it('accepts bytes and an already parsed object, and an HTTP-date Retry-After', () => {
    const fromBytes = parseRenewalInfo(new TextEncoder().encode(RFC_BODY), undefined, at);
    expect(fromBytes.retryAfter).toBeUndefined();
    const parsed = parseRenewalInfo(JSON.parse(RFC_BODY), 'Wed, 01 Jan 2025 12:30:00 GMT', at);
    expect(parsed.retryAfter?.toISOString()).toBe('2025-01-01T12:30:00.000Z');
    expect(parsed.suggestedWindow).toEqual(fromBytes.suggestedWindow);
  });

  it('reads offsets and fractions in the timestamps', () => {
    const info = parseRenewalInfo(
      { suggestedWindow: { start: '2025-01-02T05:00:00.250+01:00', end: '2025-01-02T04:00:01z' } },
      undefined,
      at,
    );
    expect(info.suggestedWindow.start.toISOString()).toBe('2025-01-02T04:00:00.250Z');
    expect(info.explanationUrl).toBeUndefined();
  });

  it('ignores an unreadable Retry-After header', () => {
    expect(parseRenewalInfo(RFC_BODY, 'soon', at).retryAfter).toBeUndefined();
    expect(parseRenewalInfo(RFC_BODY, '-5', at).retryAfter).toBeUndefined();
  });

  const bad: [string, unknown, string][] = [
    ['not JSON', '{"suggestedWindow":', 'the body is not JSON'],
    ['an array', '[]', 'the body is not a JSON object'],
    ['no window', '{}', 'suggestedWindow is missing or not an object'],
    ['no end', { suggestedWindow: { start: '2025-01-02T04:00:00Z' } }, 'suggestedWindow.end is not a string'],
    [
      'a date without time',
      { suggestedWindow: { start: '2025-01-02', end: '2025-01-03T04:00:00Z' } },
      'suggestedWindow.start is not an RFC 3339 timestamp',
    ],
    [
      'month 13',
      { suggestedWindow: { start: '2025-13-02T04:00:00Z', end: '2025-01-03T04:00:00Z' } },
      'suggestedWindow.start is not a valid date',
    ],
    [
      'end equal to start',
      { suggestedWindow: { start: '2025-01-02T04:00:00Z', end: '2025-01-02T05:00:00+01:00' } },
      'suggestedWindow.end does not follow suggestedWindow.start',
    ],
    [
      'end before start',
      { suggestedWindow: { start: '2025-01-03T04:00:00Z', end: '2025-01-02T04:00:00Z' } },
      'suggestedWindow.end does not follow suggestedWindow.start',
    ],
    [
      'a relative explanationURL',
      { ...JSON.parse(RFC_BODY), explanationURL: '/docs/ari' },
      'explanationURL is not an absolute URL',
    ],
  ];
  for (const [what, body, reason] of bad) {
    it(`refuses ${what} with ERR_ACME_RENEWAL_INFO`, () => {
      const err = thrownError(() => parseRenewalInfo(body, undefined, at));
      expect(err.code).toBe('ERR_ACME_RENEWAL_INFO');
      expect(err.details.reason).toBe(reason);
    });
  }

  it('throws TypeError for a bad `at`', () => {
    expect(() => parseRenewalInfo(RFC_BODY, undefined, new Date(Number.NaN))).toThrow(TypeError);
  });

  it('gives a RenewalInfo or ERR_ACME_RENEWAL_INFO for any JSON value and any string (property)', () => {
    const check = (body: unknown) => {
      try {
        const info = parseRenewalInfo(body, undefined, at);
        expect(info.suggestedWindow.end.getTime()).toBeGreaterThan(info.suggestedWindow.start.getTime());
      } catch (e) {
        if (!isCertkitError(e, 'ERR_ACME_RENEWAL_INFO')) throw e;
      }
    };
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500 });
    fc.assert(fc.property(fc.string(), check), { numRuns: 500 });
    fc.assert(fc.property(fc.uint8Array(), check), { numRuns: 300 });
    const stamp = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    fc.assert(
      fc.property(stamp, stamp, (start, end) => check({ suggestedWindow: { start, end } })),
      { numRuns: 300 },
    );
  });
});
