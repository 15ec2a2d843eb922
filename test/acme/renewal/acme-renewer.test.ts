import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AcmeOrderClient } from '../../../src/acme/client/acme-order-client.js';
import type { AcmeProgressEvent } from '../../../src/acme/client/progress-event.js';
import { AcmeRenewer } from '../../../src/acme/renewal/acme-renewer.js';
import type { AcmeRenewerOptions, RenewalClient } from '../../../src/acme/renewal/acme-renewer-options.js';
import { parseRenewalInfo } from '../../../src/acme/renewal/ari.js';
import type { AcmeRenewalEvent } from '../../../src/acme/renewal/renewal-outcome.js';
import type { AcmeError } from '../../../src/errors/index.js';
import { CertificateInventory, MemoryStorage } from '../../../src/inventory/index.js';
import { Keystore, StoreRegistry, Truststore } from '../../../src/stores/index.js';
import { type Certificate, parseCertificate } from '../../../src/x509/index.js';
import { rejectedCode } from '../../helpers/coded-error.js';
import { mint, rsaKeys } from '../../helpers/make-certs.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';

/** The RFC 9773 section 4.2 example answer (a window in January 2025). */
const RFC_BODY =
  '{"suggestedWindow":{"start":"2025-01-02T04:00:00Z","end":"2025-01-03T04:00:00Z"},"explanationURL":"https://acme.example.com/docs/ari"}';

describe.skipIf(!hasPebble())('AcmeRenewer against Pebble', () => {
  let pebble: Pebble;
  let root: Certificate;
  beforeAll(async () => {
    pebble = await startPebble();
    root = parseCertificate((await pebble.management('/roots/0')).body);
  }, 30_000);
  afterAll(async () => pebble?.stop());

  /** One replica's view: a shared storage, an inventory, a registry with ref://api -> api-keystore. */
  let storage: MemoryStorage;
  let inventory: CertificateInventory;
  let registry: StoreRegistry;
  let client: AcmeOrderClient;
  let orders: number;
  let original: Certificate;

  function newClient(): AcmeOrderClient {
    const c = new AcmeOrderClient({
      directoryUrl: pebble.directoryUrl,
      caCertificates: pebble.caCertificates,
      storage,
      account: { termsOfServiceAgreed: true },
      dns01: pebble.dns01,
      selfCheck: { dns: { resolvers: [pebble.dnsServer], intervalMs: 100, timeoutMs: 10_000 } },
      pollIntervalMs: 100,
    });
    c.on('progress', (e: AcmeProgressEvent) => {
      if (e.type === 'order-created') orders++;
    });
    return c;
  }

  function renewer(extra: Partial<AcmeRenewerOptions> = {}): AcmeRenewer {
    return new AcmeRenewer({ client, inventory, storage, registry, trust: [root], ...extra });
  }

  beforeEach(async () => {
    storage = new MemoryStorage();
    inventory = new CertificateInventory(storage, { passphrase: 'test passphrase', keyIterations: 1000 });
    registry = new StoreRegistry();
    orders = 0;
    client = newClient();
    const first = await client.order({ domains: ['api.renew.test', 'www.renew.test'] });
    original = first.certificate;
    const key = first.entry!.privateKey;
    await inventory.import('api', { chain: first.chain, privateKey: key }, { trust: [root] });
    registry.putKeystore(
      'api-keystore',
      Keystore.empty().withEntry('api', { privateKey: key, chain: first.chain }, { trust: [root] }),
    );
    registry.putTruststore('pebble-roots', Truststore.fromCertificates([root]));
    registry.defineReference('ref://api', 'api-keystore', { role: 'server', trustStore: 'pebble-roots' });
    orders = 0;
  }, 30_000);

  /** The moment a third of the original certificate's lifetime is left, plus `ms`. */
  function thirdLeft(ms: number): Date {
    const life = original.notAfter.getTime() - original.notBefore.getTime();
    return new Date(original.notAfter.getTime() - Math.round(life / 3) + ms);
  }

  it('Pebble offers no renewalInfo, so the client answers undefined and the lifetime window decides', async () => {
    const directory = JSON.parse((await fetchDirectory()).body) as Record<string, unknown>;
    expect(directory.renewalInfo).toBeUndefined();
    expect(await client.renewalInfo(original)).toBeUndefined();
    const events: AcmeRenewalEvent[] = [];
    const r = renewer();
    r.on('progress', (e) => events.push(e));
    const outcome = await r.renew('api', { at: thirdLeft(-1000) });
    expect(outcome).toMatchObject({ renewed: false, decision: { due: false, reason: 'lifetime-fraction' } });
    expect(outcome.decision.renewAt).toEqual(thirdLeft(0));
    expect(outcome.renewalInfo).toBeUndefined();
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(orders).toBe(0);
    expect((await inventory.get('api')).versions).toHaveLength(1);
    expect(registry.target('ref://api')).toBe('api-keystore');
  });

  it('renews once due, with a new key: a new inventory version, and ref://api re-pointed after the rotation check', async () => {
    const outcome = await renewer().renew('api', { at: thirdLeft(0) });
    if (!outcome.renewed) throw new Error('expected a renewal');
    expect(outcome.decision).toMatchObject({ due: true, reason: 'lifetime-fraction' });
    expect(outcome).toMatchObject({ forced: false, rekeyed: true, version: 2 });
    expect(orders).toBe(1);
    const cert = outcome.certificate;
    expect(cert.serialNumber).not.toBe(original.serialNumber);
    expect(cert.subjectAltNames.map((n) => n.value).sort()).toEqual(['api.renew.test', 'www.renew.test']);
    expect(cert.publicKey.equals(original.publicKey)).toBe(false);
    expect(cert.publicKey.algorithm).toBe('ec');

    const record = await inventory.get('api');
    expect(record.current?.version).toBe(2);
    expect(record.current?.sha256Fingerprint).toBe(cert.sha256Fingerprint);
    expect(record.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'obsolete'],
      [2, 'valid'],
    ]);
    expect((await inventory.privateKey('api')).publicKey.equals(cert.publicKey)).toBe(true);

    expect(outcome.repointFailures).toEqual([]);
    expect(outcome.repointed).toHaveLength(1);
    expect(outcome.repointed[0]).toMatchObject({
      reference: 'ref://api',
      from: 'api-keystore',
      to: 'api-keystore:v2',
      changed: true,
      forced: false,
    });
    expect(outcome.repointed[0]?.report.ok).toBe(true);
    expect(registry.target('ref://api')).toBe('api-keystore:v2');
    const entry = registry.resolveKeystore('ref://api').entry('api');
    expect(entry.chain[0]?.sha256Fingerprint).toBe(cert.sha256Fingerprint);
    expect(entry.privateKey.publicKey.equals(cert.publicKey)).toBe(true);
    const last = registry.history('ref://api').at(-1);
    expect(last).toMatchObject({ action: 'repoint', actor: 'certkit-acme-renewer', forced: false });
    expect(last?.reason).toContain('version 2');
    // The old store is untouched: rollback still has the certificate that worked.
    expect(registry.resolveKeystore('api-keystore').entry('api').chain[0]?.sha256Fingerprint).toBe(
      original.sha256Fingerprint,
    );
  });

  it('renews without re-key (forced): the new certificate has the same key', async () => {
    const outcome = await renewer({ rekey: false }).renew('api', { force: true, at: thirdLeft(-86_400_000) });
    if (!outcome.renewed) throw new Error('expected a renewal');
    expect(outcome).toMatchObject({ forced: true, rekeyed: false, decision: { due: false } });
    expect(outcome.certificate.publicKey.equals(original.publicKey)).toBe(true);
    expect(outcome.certificate.serialNumber).not.toBe(original.serialNumber);
    const [v1, v2] = await Promise.all([inventory.privateKey('api', 1), inventory.privateKey('api', 2)]);
    expect(v2.publicKey.equals(v1.publicKey)).toBe(true);
    expect(registry.resolveKeystore('ref://api').entry('api').chain[0]?.serialNumber).toBe(
      outcome.certificate.serialNumber,
    );
  });

  it('renews the renewed certificate again into the next version and store name', async () => {
    const r = renewer();
    await r.renew('api', { force: true });
    const second = await r.renew('api', { force: true });
    if (!second.renewed) throw new Error('expected a renewal');
    expect(second.version).toBe(3);
    expect(orders).toBe(2);
    expect(registry.target('ref://api')).toBe('api-keystore:v3');
    expect(registry.history('ref://api').map((h) => h.to)).toEqual([
      'api-keystore',
      'api-keystore:v2',
      'api-keystore:v3',
    ]);
  });

  it('keeps a reference whose rotation check fails on the old store, and reports why', async () => {
    const other = await mint({ subject: 'CN=Unrelated Root', ca: true });
    registry.putTruststore('other-roots', Truststore.fromCertificates([other.cert]));
    registry.defineReference('ref://strict', 'api-keystore', { role: 'server', trustStore: 'other-roots' });
    const outcome = await renewer().renew('api', { force: true });
    if (!outcome.renewed) throw new Error('expected a renewal');
    expect(outcome.repointed.map((r) => r.reference)).toEqual(['ref://api']);
    expect(outcome.repointFailures).toHaveLength(1);
    expect(outcome.repointFailures[0]).toMatchObject({
      reference: 'ref://strict',
      from: 'api-keystore',
      to: 'api-keystore:v2',
      code: 'ERR_ROTATION_BLOCKED',
      changed: false,
    });
    const codes = (outcome.repointFailures[0]!.error as AcmeError).details.codes;
    expect(codes).toContain('ERR_ROTATION_UNTRUSTED');
    expect(registry.target('ref://strict')).toBe('api-keystore');
    expect(registry.target('ref://api')).toBe('api-keystore:v2');
  });

  it('re-points only the listed references when `references` is given', async () => {
    registry.defineReference('ref://other', 'api-keystore', { role: 'server', trustStore: 'pebble-roots' });
    const outcome = await renewer({ references: ['other'] }).renew('api', { force: true });
    if (!outcome.renewed) throw new Error('expected a renewal');
    expect(outcome.repointed.map((r) => r.reference)).toEqual(['ref://other']);
    expect(registry.target('ref://other')).toBe('api-keystore:v2');
    expect(registry.target('ref://api')).toBe('api-keystore');
  });

  it('refuses with ERR_ACME_ORDER_LOCKED while another process holds the renewal lock, and orders nothing', async () => {
    const held = await storage.acquireLock('acme-renew/api', { ttlMs: 60_000, owner: 'replica-b' });
    expect(held).toBeDefined();
    expect(await rejectedCode(renewer().renew('api', { force: true }))).toBe('ERR_ACME_ORDER_LOCKED');
    expect(orders).toBe(0);
    await held?.release();
    const outcome = await renewer().renew('api', { force: true });
    expect(outcome.renewed).toBe(true);
  });

  it('lets one of two replicas renew at a time: the other gets ERR_ACME_ORDER_LOCKED', async () => {
    const a = renewer();
    const b = new AcmeRenewer({ client: newClient(), inventory, storage, trust: [root] });
    const results = await Promise.allSettled([
      a.renew('api', { force: true }),
      b.renew('api', { force: true }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0]!.reason as AcmeError).code).toBe('ERR_ACME_ORDER_LOCKED');
    expect(orders).toBe(1);
    expect((await inventory.get('api')).versions).toHaveLength(2);
  });

  it('renews a certificate that is due now (RSA key kept as RSA), and a replica checking afterwards sees the new one and does not renew', async () => {
    // A 90-day RSA certificate from another CA with 10 days left: due by the lifetime window (30 days).
    const day = 86_400_000;
    const ca = await mint({ subject: 'CN=Old CA', ca: true });
    const old = await mint({
      subject: 'CN=due.renew.test',
      issuer: ca,
      san: [{ dns: 'due.renew.test' }],
      keys: await rsaKeys(2048),
      notBefore: new Date(Date.now() - 80 * day),
      notAfter: new Date(Date.now() + 10 * day),
    });
    const keyDer = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', old.keys.privateKey));
    await inventory.import('due', { chain: [old.cert], privateKey: keyDer }, { trust: [ca.cert] });
    const first = await renewer().renew('due');
    if (!first.renewed) throw new Error('expected a renewal');
    expect(first.decision).toMatchObject({ due: true, reason: 'lifetime-fraction' });
    expect(first.certificate.issuer.toString()).not.toBe(old.cert.issuer.toString());
    // Re-keyed with a key of the same kind as the old one.
    expect(first.certificate.publicKey.algorithm).toBe('rsa');
    expect(first.certificate.publicKey.bits).toBe(2048);
    expect(first.certificate.publicKey.equals(old.cert.publicKey)).toBe(false);
    const again = await renewer().renew('due');
    expect(again).toMatchObject({ renewed: false, decision: { due: false, reason: 'lifetime-fraction' } });
    expect(orders).toBe(1);
    expect((await inventory.get('due')).current?.version).toBe(2);
  });

  describe('with renewal information (the real client for orders, the RFC 9773 example body for ARI)', () => {
    function ariClient(renewalInfo: RenewalClient['renewalInfo']): RenewalClient {
      return { order: (request) => client.order(request), renewalInfo };
    }

    it('follows a suggested window that lies in the past: due now (reason ari), although the lifetime window is far', async () => {
      const info = parseRenewalInfo(RFC_BODY, '21600');
      const outcome = await renewer({ client: ariClient(async () => info) }).renew('api');
      if (!outcome.renewed) throw new Error('expected a renewal');
      expect(outcome.decision.reason).toBe('ari');
      expect(outcome.forced).toBe(false);
      expect(outcome.renewalInfo?.explanationUrl).toBe('https://acme.example.com/docs/ari');
      expect(orders).toBe(1);
    });

    it('falls back to the lifetime window with a warning event when the renewal information is unusable', async () => {
      const events: AcmeRenewalEvent[] = [];
      const r = renewer({
        client: ariClient(async () => parseRenewalInfo('{"suggestedWindow":{}}')),
      });
      r.on('progress', (e) => events.push(e));
      const outcome = await r.renew('api');
      expect(outcome).toMatchObject({
        renewed: false,
        decision: { reason: 'lifetime-fraction', due: false },
      });
      expect(events.filter((e) => e.type === 'warning')).toEqual([
        expect.objectContaining({ type: 'warning', name: 'api', code: 'ERR_ACME_RENEWAL_INFO' }),
      ]);
      expect(orders).toBe(0);
    });

    it('does not ask for renewal information with useAri: false', async () => {
      let asked = 0;
      const info = parseRenewalInfo(RFC_BODY);
      const outcome = await renewer({
        useAri: false,
        client: ariClient(async () => {
          asked++;
          return info;
        }),
      }).renew('api');
      expect(outcome).toMatchObject({ renewed: false, decision: { reason: 'lifetime-fraction' } });
      expect(asked).toBe(0);
    });

    it('stops with ERR_ACME_LOCK_LOST, before ordering, when the lease ran out and another holder took the lock', async () => {
      let skew = 0;
      const locks = new MemoryStorage({ clock: () => Date.now() + skew });
      let stolen: Awaited<ReturnType<MemoryStorage['acquireLock']>>;
      const r = renewer({
        storage: locks,
        client: ariClient(async () => {
          // This process stalls past its lease; replica B takes the lock meanwhile.
          skew = 120_000;
          stolen = await locks.acquireLock('acme-renew/api', { ttlMs: 60_000, owner: 'replica-b' });
          return undefined;
        }),
      });
      expect(await rejectedCode(r.renew('api', { force: true }))).toBe('ERR_ACME_LOCK_LOST');
      expect(stolen).toBeDefined();
      expect(orders).toBe(0);
      expect((await inventory.get('api')).versions).toHaveLength(1);
      // Releasing on the way out did not release replica B's lock.
      expect(await locks.acquireLock('acme-renew/api', { ttlMs: 1000 })).toBeUndefined();
    });

    it('does not swallow errors that are not ACME errors', async () => {
      const r = renewer({
        client: ariClient(async () => {
          throw new TypeError('bug');
        }),
      });
      await expect(r.renew('api')).rejects.toThrow(TypeError);
      // The lock was released: the next call gets past it.
      expect((await renewer().renew('api')).renewed).toBe(false);
    });
  });

  async function fetchDirectory() {
    const { httpsCall } = await import('../../helpers/pebble.js');
    return httpsCall(pebble.directoryUrl, pebble.caCertificates);
  }
});

describe('AcmeRenewer options', () => {
  it('throws TypeError for missing parts', () => {
    const storage = new MemoryStorage();
    const inventory = new CertificateInventory(storage);
    const client = {
      order: async () => Promise.reject(new Error('unused')),
      renewalInfo: async () => undefined,
    };
    expect(() => new AcmeRenewer({ client, inventory } as never)).toThrow(TypeError);
    expect(() => new AcmeRenewer({ client, storage } as never)).toThrow(TypeError);
    expect(() => new AcmeRenewer({ client, inventory, storage, lockTtlMs: 10 })).toThrow(TypeError);
    expect(new AcmeRenewer({ client, inventory, storage })).toBeInstanceOf(AcmeRenewer);
  });

  it('answers ERR_INVENTORY_NOT_FOUND for an unknown record, and releases the lock', async () => {
    const storage = new MemoryStorage();
    const inventory = new CertificateInventory(storage);
    const client = {
      order: async () => Promise.reject(new Error('unused')),
      renewalInfo: async () => undefined,
    };
    const renewer = new AcmeRenewer({ client, inventory, storage });
    expect(await rejectedCode(renewer.renew('missing'))).toBe('ERR_INVENTORY_NOT_FOUND');
    const lock = await storage.acquireLock('acme-renew/missing', { ttlMs: 1000 });
    expect(lock).toBeDefined();
  });
});
