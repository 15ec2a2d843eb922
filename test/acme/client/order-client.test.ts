import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcmeOrderClient, type AcmeProgressEvent, type Dns01Solver } from '../../../src/acme/index.js';
import { buildChain } from '../../../src/chain/index.js';
import { MemoryStorage } from '../../../src/inventory/index.js';
import { parseCertificate } from '../../../src/x509/index.js';
import { rejectedCode } from '../../helpers/coded-error.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';

describe.skipIf(!hasPebble())('AcmeOrderClient against Pebble', () => {
  let pebble: Pebble;
  beforeAll(async () => {
    pebble = await startPebble();
  }, 30_000);
  afterAll(async () => pebble?.stop());

  function client(
    storage = new MemoryStorage(),
    extra: Partial<ConstructorParameters<typeof AcmeOrderClient>[0]> = {},
  ) {
    return new AcmeOrderClient({
      ...pebble.clientOptions(storage),
      account: { termsOfServiceAgreed: true, contact: ['mailto:ops@example.test'] },
      ...extra,
    });
  }

  async function pebbleRoot() {
    const r = await pebble.management('/roots/0');
    return parseCertificate(r.body);
  }

  it('creates an account once and reuses it from storage', async () => {
    const storage = new MemoryStorage();
    const first = await client(storage).account();
    expect(first.status).toBe('created');
    expect(first.accountUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    const again = await client(storage).account();
    expect(again).toMatchObject({ status: 'reused', accountUrl: first.accountUrl });
    const other = await client(new MemoryStorage()).account();
    expect(other.accountUrl).not.toBe(first.accountUrl);
  });

  it('refuses to create an account without agreeing to the terms', async () => {
    const c = client(new MemoryStorage(), { account: {} });
    const err = await rejectedCode(c.account());
    expect(err).toBe('ERR_ACME_TERMS_NOT_AGREED');
  });

  it("orders one name with DNS-01 and returns a keystore entry whose chain reaches Pebble's root", async () => {
    const events: AcmeProgressEvent[] = [];
    const c = client();
    c.on('progress', (e) => events.push(e));
    const result = await c.order({ domains: ['one.example.test'] });
    expect(result.resumed).toBe(false);
    expect(result.certificate.subjectAltNames).toEqual([{ type: 'dns', value: 'one.example.test' }]);
    expect(result.entry?.alias).toBe('one.example.test');
    expect(result.entry?.privateKey.algorithm).toBe('ec');
    const chain = buildChain(result.certificate, {
      intermediates: result.chain.slice(1),
      trust: [await pebbleRoot()],
      hostname: 'one.example.test',
    });
    expect(chain.problems).toEqual([]);
    expect(chain.ok).toBe(true);
    const types = events.map((e) => e.type);
    for (const step of [
      'account',
      'order-created',
      'challenge-presented',
      'self-check-passed',
      'challenge-submitted',
      'authorization-valid',
      'finalizing',
      'certificate-issued',
      'challenge-cleaned-up',
    ]) {
      expect(types).toContain(step);
    }
    const statuses = events.flatMap((e) => (e.type === 'order-status' ? [e.status] : []));
    expect(statuses[0]).toBe('pending');
    expect(statuses).toContain('valid');
    expect(pebble.dns01.published().size).toBe(0);
  });

  it('orders several names with an RSA key', async () => {
    const result = await client().order({
      domains: ['a.multi.test', 'b.multi.test', 'c.multi.test'],
      key: { type: 'rsa', bits: 2048 },
    });
    expect(result.certificate.subjectAltNames.map((n) => n.value).sort()).toEqual([
      'a.multi.test',
      'b.multi.test',
      'c.multi.test',
    ]);
    expect(result.entry?.privateKey.algorithm).toBe('rsa');
  });

  it('orders apex and wildcard in one order: both TXT values live at one name at once, and both go', async () => {
    const before = pebble.dns01.calls.length;
    const result = await client().order({ domains: ['wild.test', '*.wild.test'] });
    expect(result.certificate.subjectAltNames.map((n) => n.value).sort()).toEqual([
      '*.wild.test',
      'wild.test',
    ]);
    const calls = pebble.dns01.calls
      .slice(before)
      .filter((c) => c.record.name === '_acme-challenge.wild.test');
    const presents = calls.filter((c) => c.op === 'present');
    expect(presents).toHaveLength(2);
    expect(new Set(presents.map((c) => c.record.value)).size).toBe(2);
    // both were presented before either was cleaned up
    expect(calls.findIndex((c) => c.op === 'cleanup')).toBeGreaterThan(1);
    expect(pebble.dns01.published().get('_acme-challenge.wild.test')).toBeUndefined();
  });

  it('reports an invalid order with the problem document of the failed authorization, and cleans up', async () => {
    const wrong: Dns01Solver = {
      name: 'wrong-value',
      present: (r) => pebble.dns01.present({ ...r, value: 'not-the-right-value' }),
      cleanup: (r) => pebble.dns01.cleanup({ ...r, value: 'not-the-right-value' }),
    };
    const storage = new MemoryStorage();
    const c = client(storage, { dns01: wrong, selfCheck: { dns: false } });
    const events: AcmeProgressEvent[] = [];
    c.on('progress', (e) => events.push(e));
    const error = await c.order({ domains: ['bad.example.test'] }).then(
      () => undefined,
      (e: unknown) =>
        e as {
          code: string;
          details: { failures: Array<{ identifier: string; problem?: { type: string; detail?: string } }> };
        },
    );
    expect(error?.code).toBe('ERR_ACME_ORDER_INVALID');
    expect(error?.details.failures).toHaveLength(1);
    expect(error?.details.failures[0]?.identifier).toBe('bad.example.test');
    expect(error?.details.failures[0]?.problem?.type).toBe('urn:ietf:params:acme:error:unauthorized');
    expect(error?.details.failures[0]?.problem?.detail).toMatch(/TXT|DNS/i);
    expect(events.some((e) => e.type === 'authorization-invalid')).toBe(true);
    expect(events.some((e) => e.type === 'challenge-cleaned-up')).toBe(true);
    expect(pebble.dns01.published().get('_acme-challenge.bad.example.test')).toBeUndefined();
    // nothing left to resume: the failed order is forgotten
    expect((await storage.list('acme/')).filter((k) => k.includes('/orders/'))).toEqual([]);
  });

  it('refuses a wildcard without a DNS-01 solver', async () => {
    const c = client(new MemoryStorage(), {
      dns01: undefined as never,
      http01: { name: 'x', present: async () => {}, cleanup: async () => {} },
    });
    expect(await rejectedCode(c.order({ domains: ['*.nosolver.test'] }))).toBe('ERR_ACME_NO_SOLVER');
  });

  it('revokes with the account key and with the certificate key, with a reason', async () => {
    const storage = new MemoryStorage();
    const c = client(storage);
    const a = await c.order({ domains: ['revoke-a.test'] });
    await c.revoke(a.certificate, { reason: 'superseded' });
    const statusA = JSON.parse(
      (
        await pebble.management(
          `/cert-status-by-serial/${a.certificate.serialNumber.toLowerCase().replace(/^0+/, '')}`,
        )
      ).body,
    );
    expect(statusA).toMatchObject({ Status: 'Revoked', Reason: 4 });
    expect(await rejectedCode(c.revoke(a.certificate))).toBe('ERR_ACME_ALREADY_REVOKED');

    const b = await c.order({ domains: ['revoke-b.test'] });
    const keyPem = b.entry?.privateKey
      .toKeyObject()
      .export({ type: 'pkcs8', format: 'pem' })
      .toString() as string;
    await client(new MemoryStorage()).revoke(b.certificate.pem, {
      certificateKey: keyPem,
      reason: 'keyCompromise',
    });
    const statusB = JSON.parse(
      (
        await pebble.management(
          `/cert-status-by-serial/${b.certificate.serialNumber.toLowerCase().replace(/^0+/, '')}`,
        )
      ).body,
    );
    expect(statusB).toMatchObject({ Status: 'Revoked', Reason: 1 });

    // the certificate key as DER bytes (SEC1 here), as it may come out of a key file
    const d = await c.order({ domains: ['revoke-d.test'] });
    const keyDer = d.entry?.privateKey.toKeyObject().export({ type: 'sec1', format: 'der' }) as Buffer;
    await client(new MemoryStorage()).revoke(d.certificate, { certificateKey: new Uint8Array(keyDer) });
    const statusD = JSON.parse(
      (
        await pebble.management(
          `/cert-status-by-serial/${d.certificate.serialNumber.toLowerCase().replace(/^0+/, '')}`,
        )
      ).body,
    );
    expect(statusD).toMatchObject({ Status: 'Revoked', Reason: 0 });
  });

  it('rolls the account key over and keeps ordering with the new key', async () => {
    const storage = new MemoryStorage();
    const c = client(storage);
    const before = await c.account();
    const stored = (await storage.get(`${(await storage.list('acme/')).find((k) => k.endsWith('/account'))}`))
      ?.value;
    await c.rolloverAccountKey();
    const after = (await storage.get(`${(await storage.list('acme/')).find((k) => k.endsWith('/account'))}`))
      ?.value;
    expect(Buffer.from(after ?? []).toString()).not.toBe(Buffer.from(stored ?? []).toString());
    const again = await client(storage).account();
    expect(again.accountUrl).toBe(before.accountUrl);
    const result = await client(storage).order({ domains: ['rollover.test'] });
    expect(result.certificate.subjectAltNames[0]?.value).toBe('rollover.test');
  });

  it('reports that Pebble 2.4 offers no renewal information', async () => {
    const result = await client().order({ domains: ['ari.test'] });
    expect(await client().renewalInfo(result.certificate)).toBeUndefined();
  });
});

describe.skipIf(!hasPebble())('AcmeOrderClient with a CA that rejects half of all nonces', () => {
  let pebble: Pebble;
  beforeAll(async () => {
    pebble = await startPebble({ nonceRejectPercent: 50 });
  }, 30_000);
  afterAll(async () => pebble?.stop());

  it('still finishes orders, retrying each badNonce with a fresh nonce', async () => {
    const retries: string[] = [];
    for (const name of ['n1.nonce.test', 'n2.nonce.test']) {
      const c = new AcmeOrderClient({ ...pebble.clientOptions(new MemoryStorage()), maxBadNonceRetries: 30 });
      c.on('progress', (e) => {
        if (e.type === 'retry') retries.push(e.retry.reason);
      });
      const result = await c.order({ domains: [name] });
      expect(result.certificate.subjectAltNames[0]?.value).toBe(name);
    }
    expect(retries.filter((r) => r === 'badNonce').length).toBeGreaterThan(0);
  }, 60_000);
});

describe.skipIf(!hasPebble())('AcmeOrderClient with External Account Binding', () => {
  let pebble: Pebble;
  const hmacKey = 'zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W';
  beforeAll(async () => {
    pebble = await startPebble({ externalAccountKeys: { 'kid-1': hmacKey } });
  }, 30_000);
  afterAll(async () => pebble?.stop());

  const make = (eab?: { kid: string; hmacKey: string }) =>
    new AcmeOrderClient({
      directoryUrl: pebble.directoryUrl,
      caCertificates: pebble.caCertificates,
      storage: new MemoryStorage(),
      account: { termsOfServiceAgreed: true, ...(eab ? { externalAccountBinding: eab } : {}) },
    });

  it('asks for EAB when the CA requires it, and creates the account with it', async () => {
    expect(await rejectedCode(make().account())).toBe('ERR_ACME_EXTERNAL_ACCOUNT_REQUIRED');
    expect((await make({ kid: 'kid-1', hmacKey }).account()).status).toBe('created');
  });

  it('maps a wrong EAB key to a coded error from the CA', async () => {
    const code = await rejectedCode(
      make({
        kid: 'kid-1',
        hmacKey: 'b10lLJs8l1GPIzsLP0s6pMt8O0XVGnfTaCeROxQM0BIt2XrJMDHJZBM5NuQmQJQH',
      }).account(),
    );
    expect(code).toMatch(/^ERR_ACME_(UNAUTHORIZED|MALFORMED)$/);
  });

  it('never shows the EAB key or passphrase in JSON or inspect output', async () => {
    const c = new AcmeOrderClient({
      directoryUrl: pebble.directoryUrl,
      storage: new MemoryStorage(),
      passphrase: 'hunter2',
      account: { externalAccountBinding: { kid: 'kid-1', hmacKey } },
    });
    const { inspect } = await import('node:util');
    for (const text of [JSON.stringify(c), inspect(c, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain(hmacKey);
      expect(text).not.toContain('hunter2');
    }
  });
});
