import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRenewalInfo } from '../../../src/acme/renewal/ari.js';
import { DEFAULT_RENEWAL_FRACTION_LEFT, decideRenewal } from '../../../src/acme/renewal/renewal-window.js';
import type { Certificate } from '../../../src/x509/index.js';
import { mint } from '../../helpers/make-certs.js';

const DAY = 86_400_000;
/** The RFC 9773 section 4.2 example answer: a one-day window on 2 January 2025. */
const RFC_BODY =
  '{"suggestedWindow":{"start":"2025-01-02T04:00:00Z","end":"2025-01-03T04:00:00Z"},"explanationURL":"https://acme.example.com/docs/ari"}';
const iso = (s: string) => new Date(s);

let cert: Certificate; // 90 days: 2024-10-10 .. 2025-01-08
beforeAll(async () => {
  cert = (
    await mint({
      subject: 'CN=renew.example',
      notBefore: iso('2024-10-10T00:00:00Z'),
      notAfter: iso('2025-01-08T00:00:00Z'),
    })
  ).cert;
});

describe('decideRenewal without renewal information', () => {
  it('renews with one third of the lifetime left by default (30 days before a 90-day certificate ends)', () => {
    expect(DEFAULT_RENEWAL_FRACTION_LEFT).toBeCloseTo(1 / 3);
    const before = decideRenewal(cert, { at: iso('2024-12-08T23:59:59Z') });
    expect(before).toEqual({ due: false, renewAt: iso('2024-12-09T00:00:00Z'), reason: 'lifetime-fraction' });
    expect(decideRenewal(cert, { at: iso('2024-12-09T00:00:00Z') }).due).toBe(true);
  });

  it('takes another fraction', () => {
    const d = decideRenewal(cert, { policy: { fractionLeft: 0.1 }, at: iso('2024-12-30T00:00:00Z') });
    // 90 days * 0.1 = 9 days before 8 January.
    expect(d).toEqual({ due: true, renewAt: iso('2024-12-30T00:00:00Z'), reason: 'lifetime-fraction' });
  });

  it('takes a fixed lead time instead', () => {
    const d = decideRenewal(cert, { policy: { leadTimeMs: 7 * DAY }, at: iso('2024-12-31T12:00:00Z') });
    expect(d).toEqual({ due: false, renewAt: iso('2025-01-01T00:00:00Z'), reason: 'lead-time' });
  });

  it('says expired once notAfter has passed, and not at notAfter itself (validity is inclusive)', () => {
    expect(decideRenewal(cert, { at: iso('2025-01-08T00:00:00Z') }).reason).toBe('lifetime-fraction');
    const d = decideRenewal(cert, { at: iso('2025-01-08T00:00:00.001Z'), policy: { leadTimeMs: 0 } });
    expect(d).toEqual({ due: true, renewAt: cert.notAfter, reason: 'expired' });
  });

  it('throws TypeError for policies that make no sense', () => {
    const at = iso('2024-11-01T00:00:00Z');
    expect(() => decideRenewal(cert, { at, policy: { fractionLeft: 0 } })).toThrow(TypeError);
    expect(() => decideRenewal(cert, { at, policy: { fractionLeft: 1.5 } })).toThrow(TypeError);
    expect(() => decideRenewal(cert, { at, policy: { leadTimeMs: -1 } })).toThrow(TypeError);
    expect(() => decideRenewal(cert, { at, policy: { leadTimeMs: 1, fractionLeft: 0.5 } })).toThrow(
      TypeError,
    );
    expect(() => decideRenewal(cert, { at: new Date(Number.NaN) })).toThrow(TypeError);
  });
});

describe('decideRenewal with the RFC 9773 example renewal information', () => {
  const renewalInfo = parseRenewalInfo(RFC_BODY, '21600', iso('2024-12-20T00:00:00Z'));

  it('overrides the lifetime window: not due on 20 December although one third is left', () => {
    const at = iso('2024-12-20T00:00:00Z');
    expect(decideRenewal(cert, { at }).due).toBe(true);
    const d = decideRenewal(cert, { at, renewalInfo, random: () => 0 });
    expect(d).toEqual({ due: false, renewAt: iso('2025-01-02T04:00:00Z'), reason: 'ari' });
  });

  it('overrides a lead time the other way: due inside the window although the lead time is not reached', () => {
    const d = decideRenewal(cert, {
      at: iso('2025-01-02T20:00:00Z'),
      policy: { leadTimeMs: DAY },
      renewalInfo,
      random: () => 0.5,
    });
    expect(d).toEqual({ due: true, renewAt: iso('2025-01-02T16:00:00Z'), reason: 'ari' });
  });

  it('picks the point in the window from `random` and is due from that point on', () => {
    const random = () => 0.75;
    expect(decideRenewal(cert, { at: iso('2025-01-02T21:59:59Z'), renewalInfo, random }).due).toBe(false);
    const d = decideRenewal(cert, { at: iso('2025-01-02T22:00:00Z'), renewalInfo, random });
    expect(d).toEqual({ due: true, renewAt: iso('2025-01-02T22:00:00Z'), reason: 'ari' });
  });

  it('is due now when the window lies entirely in the past', () => {
    const at = iso('2025-01-05T00:00:00Z');
    expect(decideRenewal(cert, { at, renewalInfo, random: () => 0.99 })).toEqual({
      due: true,
      renewAt: at,
      reason: 'ari',
    });
  });

  it('renews at notAfter at the latest when the window reaches past it', () => {
    const late = parseRenewalInfo({
      suggestedWindow: { start: '2025-01-07T00:00:00Z', end: '2025-01-12T00:00:00Z' },
    });
    const d = decideRenewal(cert, { at: iso('2025-01-01T00:00:00Z'), renewalInfo: late, random: () => 0.9 });
    expect(d.renewAt).toEqual(cert.notAfter);
  });

  it('still says expired after notAfter', () => {
    expect(decideRenewal(cert, { at: iso('2025-02-01T00:00:00Z'), renewalInfo }).reason).toBe('expired');
  });

  it('refuses a `random` outside [0, 1)', () => {
    expect(() =>
      decideRenewal(cert, { at: iso('2024-12-20T00:00:00Z'), renewalInfo, random: () => 1 }),
    ).toThrow(TypeError);
  });

  it('for any window, moment and random number: renewAt lies in the window (or is `at`, or notAfter) and due means at >= renewAt', () => {
    const base = iso('2024-10-10T00:00:00Z').getTime();
    const t = fc.integer({ min: 0, max: 120 * DAY });
    fc.assert(
      fc.property(
        t,
        fc.integer({ min: 1, max: 10 * DAY }),
        t,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (s, len, a, r) => {
          const start = new Date(base + s);
          const end = new Date(base + s + len);
          const at = new Date(base + a);
          const info = parseRenewalInfo({
            suggestedWindow: { start: start.toISOString(), end: end.toISOString() },
          });
          const d = decideRenewal(cert, { at, renewalInfo: info, random: () => r });
          expect(d.due).toBe(at.getTime() >= d.renewAt.getTime());
          if (d.reason === 'expired') {
            expect(at.getTime()).toBeGreaterThan(cert.notAfter.getTime());
          } else if (end <= at) {
            expect(d).toEqual({ due: true, renewAt: at, reason: 'ari' });
          } else {
            expect(d.reason).toBe('ari');
            expect(d.renewAt.getTime()).toBeLessThanOrEqual(cert.notAfter.getTime());
            if (d.renewAt.getTime() < cert.notAfter.getTime()) {
              expect(d.renewAt.getTime()).toBeGreaterThanOrEqual(start.getTime());
              expect(d.renewAt.getTime()).toBeLessThan(end.getTime());
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
