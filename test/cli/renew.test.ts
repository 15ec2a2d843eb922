import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcmeOrderClient } from '../../src/acme/index.js';
import { CertificateInventory, FileStorage, MemoryStorage } from '../../src/inventory/index.js';
import { keyMatchesCertificate, parsePrivateKey } from '../../src/keys/index.js';
import { parseCertificate } from '../../src/x509/index.js';
import { certkit } from '../helpers/cli-harness.js';
import { hasPebble, type Pebble, startPebble } from '../helpers/pebble.js';

describe.skipIf(!hasPebble())('certkit renew against Pebble', () => {
  let pebble: Pebble;
  let dir: string;
  let caFile: string;
  const now = () => new Date();
  beforeAll(async () => {
    pebble = await startPebble();
    dir = mkdtempSync(join(tmpdir(), 'certkit-cli-renew-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, pebble.caCertificates);
  }, 30_000);
  afterAll(async () => {
    await pebble?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const acmeArgs = () => [
    '--directory',
    pebble.directoryUrl,
    '--ca-file',
    caFile,
    '--agree-tos',
    '--state',
    join(dir, 'state'),
    '--http-port',
    String(pebble.httpPort),
    '--http-host',
    '127.0.0.1',
    '--quiet',
  ];

  async function issue(name: string): Promise<{ cert: string; key: string }> {
    const cert = join(dir, `${name}.pem`);
    const run = await certkit(['order', ...acmeArgs(), '-d', name, '--out', cert], {}, now());
    expect(run.code).toBe(0);
    return { cert, key: join(dir, `${name}.key`) };
  }

  it('does nothing before the window, with the date it will renew', async () => {
    const { cert } = await issue('notdue.renew.test');
    const before = readFileSync(cert, 'utf8');
    const run = await certkit(['renew', ...acmeArgs(), '--cert', cert, '--json'], {}, now());
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    const c = parseCertificate(before);
    const lifetime = c.notAfter.getTime() - c.notBefore.getTime();
    expect(json).toMatchObject({ renewed: false, reason: 'lifetime-fraction' });
    expect(Date.parse(json.renewAt)).toBe(c.notAfter.getTime() - Math.round(lifetime / 3));
    expect(readFileSync(cert, 'utf8')).toBe(before);
  });

  it('renews inside the window with a new key (Pebble offers no ARI, so the lifetime window decides)', async () => {
    const { cert, key } = await issue('rekey.renew.test');
    const oldCert = parseCertificate(readFileSync(cert));
    const oldKey = readFileSync(key, 'utf8');
    const run = await certkit(
      ['renew', ...acmeArgs(), '--cert', cert, '--fraction', '1', '--json'],
      {},
      now(),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ renewed: true, reason: 'lifetime-fraction' });
    const newCert = parseCertificate(readFileSync(cert));
    expect(newCert.serialNumber).not.toBe(oldCert.serialNumber);
    expect(readFileSync(key, 'utf8')).not.toBe(oldKey);
    expect(keyMatchesCertificate(parsePrivateKey(readFileSync(key)), newCert).matches).toBe(true);
    expect(newCert.subjectAltNames).toEqual(oldCert.subjectAltNames);
  });

  it('--keep-key renews with the same key; --force renews when not due', async () => {
    const { cert, key } = await issue('keep.renew.test');
    const oldKey = readFileSync(key, 'utf8');
    const oldSerial = parseCertificate(readFileSync(cert)).serialNumber;
    const run = await certkit(
      ['renew', ...acmeArgs(), '--cert', cert, '--keep-key', '--force', '--json'],
      {},
      now(),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ renewed: true, reason: 'forced' });
    const newCert = parseCertificate(readFileSync(cert));
    expect(newCert.serialNumber).not.toBe(oldSerial);
    expect(keyMatchesCertificate(parsePrivateKey(oldKey), newCert).matches).toBe(true);
  });

  it('usage: --fraction and --days-before exclude each other; a missing --cert file is exit 3', async () => {
    expect(
      (await certkit(['renew', ...acmeArgs(), '--cert', 'x.pem', '--fraction', '0.5', '--days-before', '3']))
        .code,
    ).toBe(2);
    expect((await certkit(['renew', ...acmeArgs(), '--cert', join(dir, 'missing.pem')])).code).toBe(3);
  });

  describe('after a crash between installing the key and the chain', () => {
    it('finishes the interrupted install first, so the key and the chain on disk match again', async () => {
      const args = acmeArgs();
      const cert = join(dir, 'site.pem');
      const key = join(dir, 'site.key');
      expect(
        (await certkit(['order', ...args, '-d', 'site.install.test', '--out', cert], {}, new Date())).code,
      ).toBe(0);
      // A second certificate, issued elsewhere, stands for the renewal that was being installed.
      const next = join(dir, 'next.pem');
      expect(
        (await certkit(['order', ...args, '-d', 'site.install.test', '--out', next], {}, new Date())).code,
      ).toBe(0);
      // The state a crash between the two renames leaves: the new key in place, the new chain still pending.
      writeFileSync(key, readFileSync(join(dir, 'next.key')));
      writeFileSync(`${cert}.certkit-pending`, readFileSync(next));
      expect(
        keyMatchesCertificate(parsePrivateKey(readFileSync(key)), parseCertificate(readFileSync(cert)))
          .matches,
      ).toBe(false);

      const run = await certkit(['renew', ...args, '--cert', cert], {}, new Date());
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('left by an interrupted run');
      expect(existsSync(`${cert}.certkit-pending`)).toBe(false);
      expect(readFileSync(cert, 'utf8')).toBe(readFileSync(next, 'utf8'));
      expect(
        keyMatchesCertificate(parsePrivateKey(readFileSync(key)), parseCertificate(readFileSync(cert)))
          .matches,
      ).toBe(true);
    });
  });

  describe('--store: inventory records renewed as new versions', () => {
    it('renews a due record (new version, new key) and leaves one not due alone', async () => {
      const store = join(dir, 'store');
      const issue = async (name: string) => {
        const client = new AcmeOrderClient(pebble.clientOptions(new MemoryStorage()));
        const result = await client.order({ domains: [name] });
        return {
          chain: result.pem,
          privateKey: result.entry?.privateKey
            .toKeyObject()
            .export({ type: 'pkcs8', format: 'pem' })
            .toString() as string,
        };
      };
      const rootFile = join(dir, 'pebble-root.pem');
      writeFileSync(rootFile, (await pebble.management('/roots/0')).body);
      const trust = [parseCertificate(readFileSync(rootFile))];
      const storage = new FileStorage({ dir: store });
      const inventory = new CertificateInventory(storage, { passphrase: 'inventory-secret' });
      await inventory.import('api', await issue('api.store.test'), { trust });
      await inventory.import('web', await issue('web.store.test'), { trust });
      const before = await inventory.get('api');
      await storage.close();

      const args = [
        'renew',
        '--store',
        store,
        '--password-env',
        'INV_PASS',
        '--directory',
        pebble.directoryUrl,
        '--ca-file',
        caFile,
        '--agree-tos',
        '--http-port',
        String(pebble.httpPort),
        '--http-host',
        '127.0.0.1',
        '--quiet',
        '--trust',
        rootFile,
      ];
      const env = { INV_PASS: 'inventory-secret' };
      const run = await certkit([...args, '--name', 'api', '--fraction', '1', '--json'], env, new Date());
      expect(run.code).toBe(0);
      const { results } = JSON.parse(run.stdout);
      expect(results).toEqual([
        expect.objectContaining({ name: 'api', renewed: true, reason: 'lifetime-fraction', version: 2 }),
      ]);

      const notDue = await certkit([...args, '--all', '--json'], env, new Date());
      expect(notDue.code).toBe(0);
      expect(
        JSON.parse(notDue.stdout).results.map((r: { name: string; renewed: boolean }) => [r.name, r.renewed]),
      ).toEqual([
        ['api', false],
        ['web', false],
      ]);

      const reopened = new FileStorage({ dir: store });
      const after = await new CertificateInventory(reopened, { passphrase: 'inventory-secret' }).get('api');
      expect(after.versions.length).toBe(2);
      expect(after.current?.serialNumber).not.toBe(before.current?.serialNumber);
      await reopened.close();

      // A mistyped inventory passphrase is refused before anything is ordered, so no version is sealed
      // under a passphrase the others do not share.
      const wrong = await certkit(
        [...args, '--name', 'api', '--force', '--json'],
        { INV_PASS: 'not-it' },
        new Date(),
      );
      expect(wrong.code).toBe(1);
      expect(JSON.parse(wrong.stdout).results[0].error).toBe('ERR_INVENTORY_KEY_UNAVAILABLE');
      const unchanged = new FileStorage({ dir: store });
      expect(
        (await new CertificateInventory(unchanged, { passphrase: 'inventory-secret' }).get('api')).versions
          .length,
      ).toBe(2);
      await unchanged.close();
    });
  });
});
