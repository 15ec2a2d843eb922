import { describe, expect, it } from 'vitest';
import { parseCertificate, validityStatus } from '../../src/x509/index.js';
import { readFixture } from './helpers/fixtures.js';

const cert = (name: string) => parseCertificate(readFixture(name));
const DAY = 86_400_000;

describe('status at a time', () => {
  it('is valid, expired and not-yet-valid for the fixtures today', () => {
    expect(cert('leaf-full.pem').status().status).toBe('valid');
    expect(cert('expired.pem').status().status).toBe('expired');
    expect(cert('not-yet-valid.pem').status().status).toBe('not-yet-valid');
  });

  it('counts whole days remaining and marks expiring within the threshold', () => {
    const c = cert('expired.pem'); // 2000-01-01 .. 2001-01-01
    const notAfter = c.notAfter.getTime();
    const at = new Date(notAfter - 10 * DAY - 1000);
    expect(c.status({ at })).toMatchObject({ status: 'expiring', daysRemaining: 10 });
    expect(c.status({ at, expiringWithinDays: 5 })).toMatchObject({ status: 'valid', daysRemaining: 10 });
    expect(c.status({ at: new Date(notAfter) }).status).toBe('expiring');
    expect(c.status({ at: new Date(notAfter + 1) })).toMatchObject({ status: 'expired', daysRemaining: -1 });
    expect(c.status({ at: new Date(c.notBefore.getTime() - 1) }).status).toBe('not-yet-valid');
    expect(c.status({ at: new Date(c.notBefore.getTime()) }).status).toBe('valid');
    expect(c.status({ at }).at).toBe(at);
  });

  it('rejects bad options with TypeError', () => {
    const c = cert('leaf-full.pem');
    expect(() => c.status({ at: new Date(Number.NaN) })).toThrow(TypeError);
    expect(() => c.status({ expiringWithinDays: -1 })).toThrow(TypeError);
  });

  it('validityStatus works on plain dates', () => {
    const s = validityStatus(new Date('2020-01-01T00:00:00Z'), new Date('2020-02-01T00:00:00Z'), {
      at: new Date('2020-01-15T00:00:00Z'),
    });
    expect(s).toMatchObject({ status: 'expiring', daysRemaining: 17 });
  });
});
