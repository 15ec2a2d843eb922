import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateInventory } from '../../src/inventory/certificate-inventory.js';
import { FileStorage } from '../../src/storage/file-storage.js';
import { certkit } from '../helpers/cli-harness.js';
import { mint } from '../helpers/make-certs.js';

const DAY = 86_400_000;
const AT = Date.parse('2026-01-01T00:00:00Z');
let dir: string;
let root: Awaited<ReturnType<typeof mint>>;

async function certFile(name: string, toDays: number): Promise<string> {
  const m = await mint({
    subject: `CN=${name}`,
    issuer: root,
    notBefore: new Date(AT - 10 * DAY),
    notAfter: new Date(AT + toDays * DAY),
  });
  const path = join(dir, `${name}.pem`);
  await writeFile(path, m.pem);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certkit-status-'));
  root = await mint({
    subject: 'CN=Status Root',
    ca: true,
    notBefore: new Date(AT - 100 * DAY),
    notAfter: new Date(AT + 1000 * DAY),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('certkit status over files', () => {
  it('exits 0 when every certificate is valid beyond the threshold, and prints a table', async () => {
    const a = await certFile('far', 90);
    const r = await certkit(['status', a]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SOURCE\s+SUBJECT\s+NOT AFTER\s+STATUS\s+DAYS LEFT/);
    expect(r.stdout).toContain('CN=far');
    expect(r.stdout).toMatch(/valid\s+90/);
  });

  it('exits 1 when one is within --within days or expired', async () => {
    const far = await certFile('far2', 90);
    const soon = await certFile('soon', 20);
    expect((await certkit(['status', far, soon])).code).toBe(1);
    expect((await certkit(['status', far, soon, '--within', '10'])).code).toBe(0);
    expect((await certkit(['status', far, soon, '--within', '10d'])).code).toBe(0);
    const old = await certFile('old', -1);
    const r = await certkit(['status', old, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; withinDays: number; certificates: unknown[] };
    expect(out.ok).toBe(false);
    expect(out.withinDays).toBe(30);
    expect(out.certificates).toEqual([
      {
        source: old,
        subject: 'CN=old',
        notAfter: new Date(AT - DAY).toISOString(),
        status: 'expired',
        daysLeft: -1,
      },
    ]);
    // --at moves the clock.
    expect((await certkit(['status', far, '--at', '2026-03-15'])).code).toBe(1);
  });

  it('exits 3 on an unreadable file and 2 on usage errors', async () => {
    const bad = join(dir, 'bad.pem');
    await writeFile(bad, '-----BEGIN CERTIFICATE-----\nAAAA\n');
    expect((await certkit(['status', bad])).code).toBe(3);
    expect((await certkit(['status', join(dir, 'missing.pem')])).code).toBe(3);
    expect((await certkit(['status'])).code).toBe(2);
    expect((await certkit(['status', bad, '--within', 'soon'])).code).toBe(2);
    expect((await certkit(['status', bad, '--store', dir])).code).toBe(2);
  });
});

describe('certkit status --store', () => {
  it('reports the records of a FileStorage inventory', async () => {
    const storeDir = join(dir, 'store');
    const storage = new FileStorage({ dir: storeDir });
    const inventory = new CertificateInventory(storage, { trust: [root.cert], clock: () => new Date(AT) });
    const far = await mint({
      subject: 'CN=api',
      issuer: root,
      notBefore: new Date(AT - DAY),
      notAfter: new Date(AT + 90 * DAY),
    });
    await inventory.import('api', { certificate: far.pem });
    let r = await certkit(['status', '--store', storeDir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).certificates).toEqual([
      {
        source: 'api',
        subject: 'CN=api',
        notAfter: new Date(AT + 90 * DAY).toISOString(),
        status: 'valid',
        daysLeft: 90,
      },
    ]);
    const soon = await mint({
      subject: 'CN=web',
      issuer: root,
      notBefore: new Date(AT - DAY),
      notAfter: new Date(AT + 5 * DAY),
    });
    await inventory.import('web', { certificate: soon.pem });
    await inventory
      .import('broken', { certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n' })
      .catch(() => undefined);
    await storage.close();
    r = await certkit(['status', '--store', storeDir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/web\s+CN=web\s+\S+\s+expiring\s+5/);
    expect(r.stdout).toMatch(/broken\s+-\s+-\s+failed \(ERR_KEYSTORE_CHAIN_UNREADABLE\)/);
    expect((await certkit(['status', '--store', join(dir, 'nope')])).code).toBe(3);
  });
});
