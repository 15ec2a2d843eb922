import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertificateInventory, type InventoryAlert } from '../../src/inventory/certificate-inventory.js';
import { FileStorage } from '../../src/storage/file-storage.js';
import { MemoryStorage } from '../../src/storage/memory-storage.js';
import { crlChecker, DAY, leaf, newInventory, T0, testPki } from './helpers/fixtures.js';

const kinds = (alerts: readonly InventoryAlert[]) => alerts.map((a) => `${a.name}:${a.kind}-${a.slot}`);

describe('alert cadence', () => {
  it('expiring from 30 days out, then every 5 days, then expired; each once', async () => {
    const { inventory, clock } = await newInventory();
    await inventory.import('c', { chain: (await leaf('c.example.com', -1, 60)).chain });
    const at = (days: number) => {
      clock.now = T0 + days * DAY;
    };
    expect(await inventory.dueAlerts()).toEqual([]);
    at(29.9);
    expect(await inventory.sendDueAlerts()).toEqual([]);
    at(30);
    const first = await inventory.dueAlerts();
    expect(kinds(first)).toEqual(['c:expiring-0']);
    expect(first[0]).toMatchObject({ daysLeft: 30, primaryDomain: 'c.example.com', version: 1 });
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['c:expiring-0']);
    expect(await inventory.sendDueAlerts()).toEqual([]);
    at(34.9);
    expect(await inventory.dueAlerts()).toEqual([]);
    at(35);
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['c:expiring-1']);
    at(59.99);
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['c:expiring-5']);
    at(60);
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['c:expired-0']);
    at(200);
    expect(await inventory.sendDueAlerts()).toEqual([]);
  });

  it('after a gap sends only the latest missed slot', async () => {
    const { inventory, clock } = await newInventory({ alerts: { leadTimeDays: 14, intervalDays: 2 } });
    await inventory.import('g', { chain: (await leaf('g.example.com', -1, 60)).chain });
    clock.now = T0 + 45 * DAY; // 15 days left: before the 14-day lead time
    expect(await inventory.dueAlerts()).toEqual([]);
    clock.now = T0 + 53 * DAY; // window started at day 46: slots 0..3 passed, slot 3 is due
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['g:expiring-3']);
  });

  it('a renewal window as a fraction of lifetime handles 90-day and 6-day certificates', async () => {
    const { inventory, clock } = await newInventory({ alerts: { renewWhenRemaining: 1 / 3 } });
    await inventory.import('long', { chain: (await leaf('long.example.com', 0, 90)).chain });
    await inventory.import('short', { chain: (await leaf('short.example.com', 0, 6)).chain });
    expect((await inventory.get('short')).status).toBe('valid'); // not "expiring" from day one
    expect(await inventory.dueAlerts()).toEqual([]);
    clock.now = T0 + 4 * DAY; // 2 of 6 days left
    expect((await inventory.get('short')).status).toBe('expiring');
    expect((await inventory.get('long')).status).toBe('valid');
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['short:expiring-0']);
    clock.now = T0 + 4 * DAY + 16 * 3_600_000; // a third of the 2-day window later
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['short:expiring-1']);
    clock.now = T0 + 60 * DAY; // 30 of 90 days left
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['long:expiring-0', 'short:expired-0']);
    clock.now = T0 + 65 * DAY;
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['long:expiring-1']);
    // Without the fraction, a 6-day certificate is expiring as soon as it is issued.
    const plain = await newInventory();
    await plain.inventory.import('short', { chain: (await leaf('s2.example.com', 0, 6)).chain });
    expect((await plain.inventory.get('short')).status).toBe('expiring');
  });

  it('sends a revoked alert once, checking revocation at most daily', async () => {
    const l = await leaf('rv.example.com', -1, 90);
    const storage = new MemoryStorage();
    const first = await newInventory({}, storage);
    await first.inventory.import('rv', { chain: l.chain });
    await first.inventory.import('ok', { chain: (await leaf('ok.example.com', -1, 90)).chain });
    const checker = await crlChecker([l.leaf.cert.serialNumber]);
    let calls = 0;
    const counting = {
      check: (...args: Parameters<typeof checker.check>) => {
        calls++;
        return checker.check(...args);
      },
    };
    const { inventory, clock } = await newInventory({ revocation: counting }, storage);
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['rv:revoked-0']);
    expect(calls).toBe(2);
    expect(await inventory.sendDueAlerts()).toEqual([]);
    expect(calls).toBe(2); // checked less than a day ago
    clock.now = T0 + DAY;
    await inventory.dueAlerts();
    expect(calls).toBe(3); // only "ok" again: a revoked one stays revoked
    expect((await inventory.get('rv')).status).toBe('revoked');
  });

  it('emits alert events and releases an alert whose sender fails', async () => {
    const { inventory, clock } = await newInventory();
    await inventory.import('e', { chain: (await leaf('e.example.com', -1, 10)).chain });
    const seen: string[] = [];
    const listener = (a: InventoryAlert) => seen.push(a.id);
    inventory.on('alert', listener);
    await expect(
      inventory.sendDueAlerts(() => {
        throw new Error('mail server down');
      }),
    ).rejects.toThrow('mail server down');
    expect(seen).toEqual([]);
    expect(kinds(await inventory.dueAlerts())).toEqual(['e:expiring-4']); // still due
    const delivered: string[] = [];
    await inventory.sendDueAlerts((a) => {
      delivered.push(a.id);
    });
    expect(delivered).toEqual(['e/1/expiring-4']);
    expect(seen).toEqual(['e/1/expiring-4']);
    inventory.off('alert', listener);
    clock.now = T0 + 11 * DAY;
    await inventory.sendDueAlerts();
    expect(seen).toEqual(['e/1/expiring-4']);
  });

  it('watches an obsolete version an environment still runs', async () => {
    const { inventory, clock } = await newInventory();
    await inventory.import('w', { chain: (await leaf('w.example.com', -30, 20)).chain });
    await inventory.addEnvironment('prod', { kind: 'production' });
    await inventory.selectVersion('prod', 'w');
    await inventory.markDeployed('prod');
    await inventory.import('w', { chain: (await leaf('w.example.com', -1, 90)).chain }, { newVersion: true });
    await inventory.addEnvironment('dev', { kind: 'development' });
    await inventory.selectVersion('dev', 'w', 2);
    expect(kinds(await inventory.sendDueAlerts())).toEqual(['w:expiring-2']);
    expect(await inventory.dueAlerts()).toEqual([]);
    clock.now = T0 + 21 * DAY;
    const due = await inventory.dueAlerts();
    expect(due.map((a) => a.id)).toEqual(['w/1/expired-0']);
    // Once prod runs version 2, version 1 is no longer watched.
    await inventory.selectVersion('prod', 'w', 2);
    await inventory.markDeployed('prod');
    expect(await inventory.dueAlerts()).toEqual([]);
  });

  it('reads only the stored facts: no certificate is parsed for dueAlerts', async () => {
    const { inventory, storage, clock } = await newInventory();
    await inventory.import('f', { chain: (await leaf('f.example.com', -1, 20)).chain });
    // Remove the certificate bytes: the alert still comes from the record facts.
    for (const k of await storage.list('inventory/certs/')) await storage.delete(k);
    clock.now = T0 + 10 * DAY;
    expect(kinds(await inventory.dueAlerts())).toEqual(['f:expiring-4']);
  });
});

describe('alerts are sent once across processes', () => {
  it('two inventories racing on one storage send each alert exactly once, and a restart sends none', async () => {
    const storage = new MemoryStorage();
    const { root } = await testPki();
    const clock = { now: T0 };
    const make = () =>
      new CertificateInventory(storage, { trust: [root.cert], clock: () => new Date(clock.now) });
    const a = make();
    const b = make();
    const certs = await Promise.all(
      Array.from({ length: 24 }, (_, i) => leaf(`n${i}.example.com`, -1, 5 + (i % 4) * 20)),
    );
    for (const [i, c] of certs.entries()) await a.import(`n${i}`, { chain: c.chain });
    const sent: string[] = [];
    const sender = async (x: InventoryAlert) => {
      await new Promise((r) => setImmediate(r));
      sent.push(x.id);
    };
    for (const days of [0, 10, 30, 46, 60, 70]) {
      clock.now = T0 + days * DAY;
      await Promise.all([a.sendDueAlerts(sender), b.sendDueAlerts(sender), a.sendDueAlerts(sender)]);
    }
    expect(sent.length).toBeGreaterThan(24);
    expect(new Set(sent).size).toBe(sent.length);
    const restarted = make();
    expect(await restarted.sendDueAlerts(sender)).toEqual([]);
    expect(await restarted.dueAlerts()).toEqual([]);
  });

  it('holds over FileStorage too: two storages on one directory, as two processes would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certkit-inv-alerts-'));
    try {
      const { root } = await testPki();
      const clock = { now: T0 };
      const make = () =>
        new CertificateInventory(new FileStorage({ dir }), {
          trust: [root.cert],
          clock: () => new Date(clock.now),
        });
      const a = make();
      const b = make();
      const certs = await Promise.all(
        Array.from({ length: 8 }, (_, i) => leaf(`f${i}.example.com`, -1, 10 + i * 5)),
      );
      for (const [i, c] of certs.entries()) await a.import(`f${i}`, { chain: c.chain });
      const sent: string[] = [];
      const sender = (x: InventoryAlert) => {
        sent.push(x.id);
      };
      for (const days of [0, 12, 40]) {
        clock.now = T0 + days * DAY;
        await Promise.all([a.sendDueAlerts(sender), b.sendDueAlerts(sender)]);
      }
      // Expiring at days 10..45: day 0 -> 5 expiring; day 12 -> 1 expired + 6 expiring; day 40 -> 6 expired + 1 expiring.
      expect(sent.length).toBe(19);
      expect(new Set(sent).size).toBe(sent.length);
      expect(await make().dueAlerts()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
