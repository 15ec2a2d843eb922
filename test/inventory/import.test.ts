import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportPrivateKey, parsePrivateKey } from '../../src/keys/index.js';
import { MemoryStorage } from '../../src/storage/memory-storage.js';
import { rejectedCode } from '../helpers/coded-error.js';
import { mint } from '../helpers/make-certs.js';
import { crlChecker, DAY, keyPem, leaf, newInventory, T0, testPki } from './helpers/fixtures.js';
import { TinyStorage } from './helpers/tiny-storage.js';

describe('CertificateInventory.import', () => {
  it('stores a certificate with the details a certificate manager shows', async () => {
    const { inventory, clock } = await newInventory({ passphrase: 'master pass' });
    const l = await leaf('api.example.com', -1, 89);
    const r = await inventory.import('api', { chain: l.chain, privateKey: l.key });
    expect(r.status).toBe('valid');
    expect(r.current).toMatchObject({
      version: 1,
      primaryDomain: 'api.example.com',
      subjectAltNames: ['dns:api.example.com', 'dns:www.api.example.com'],
      subject: 'CN=api.example.com',
      issuer: 'CN=Inventory Test Intermediate',
      serialNumber: l.leaf.cert.serialNumber,
      sha256Fingerprint: l.leaf.cert.sha256Fingerprint,
      signatureAlgorithm: 'ecdsa-with-SHA256',
      notBefore: new Date(T0 - DAY).toISOString(),
      notAfter: new Date(T0 + 89 * DAY).toISOString(),
      importedAt: new Date(clock.now).toISOString(),
      hasKey: true,
      keyEncrypted: true,
      daysLeft: 89,
    });
    const chain = await inventory.chain('api');
    expect(chain.map((c) => c.subject.toString())).toEqual([
      'CN=api.example.com',
      'CN=Inventory Test Intermediate',
    ]);
    expect((await inventory.list()).map((x) => x.name)).toEqual(['api']);
  });

  it('imports a certificate without key, and a single DER certificate completed by trust', async () => {
    const { inventory } = await newInventory();
    const l = await leaf('nokey.example.com', -1, 60);
    expect((await inventory.import('pem', { certificate: l.chain })).current?.hasKey).toBe(false);
    const { inter } = await testPki();
    const r = await inventory.import('der', { certificate: l.leaf.cert.der }, { trust: [inter.cert] });
    expect(r.status).toBe('valid');
    const parsed = await inventory.import('parsed', { chain: [l.leaf.cert, inter.cert] });
    expect(parsed.current?.sha256Fingerprint).toBe(l.leaf.cert.sha256Fingerprint);
    const one = await inventory.import('one', { certificate: l.leaf.cert }, { trust: [inter.cert] });
    expect(one.status).toBe('valid');
  });

  it.each([
    ['ERR_KEYSTORE_KEY_MISMATCH', 'mismatch'],
    ['ERR_KEYSTORE_CHAIN_UNREADABLE', 'malformed'],
    ['ERR_KEYSTORE_CERT_EXPIRED', 'expired'],
    ['ERR_KEYSTORE_KEY_ENCRYPTED', 'encrypted'],
    ['ERR_KEYSTORE_CHAIN_INCOMPLETE', 'incomplete'],
    ['ERR_KEYSTORE_SELF_SIGNED', 'self-signed'],
    ['ERR_KEYSTORE_CERT_REVOKED', 'revoked'],
  ])('refuses with %s (%s) and keeps a failed record with the code', async (code, what) => {
    const { inventory } = await newInventory({ passphrase: 'p' });
    const good = await leaf(`${what}.example.com`, -1, 60);
    const other = await leaf('other.example.com', -1, 60);
    let attempt: Promise<unknown>;
    switch (what) {
      case 'mismatch':
        attempt = inventory.import('x', { chain: good.chain, privateKey: other.key });
        break;
      case 'malformed':
        attempt = inventory.import('x', {
          chain: `${good.chain.slice(0, 200)}\n-----END CERTIFICATE-----\n`,
        });
        break;
      case 'expired': {
        const old = await leaf('old.example.com', -90, -1);
        attempt = inventory.import('x', { chain: old.chain, privateKey: old.key });
        break;
      }
      case 'encrypted': {
        const enc = exportPrivateKey(parsePrivateKey(good.key), {
          format: 'pkcs8-pem',
          password: 'k',
          iterations: 1000,
        });
        attempt = inventory.import('x', { chain: good.chain, privateKey: enc });
        break;
      }
      case 'incomplete':
        attempt = inventory.import('x', { certificate: good.leaf.pem }, { trust: [] });
        break;
      case 'self-signed': {
        const self = await mint({ subject: 'CN=self.example.com', san: [{ dns: 'self.example.com' }] });
        attempt = inventory.import('x', { certificate: self.pem, privateKey: await keyPem(self) }, {});
        break;
      }
      default:
        attempt = inventory.import(
          'x',
          { chain: good.chain },
          {
            revocation: await crlChecker([good.leaf.cert.serialNumber]),
          },
        );
    }
    expect(await rejectedCode(attempt)).toBe(code);
    const failed = await inventory.get('x');
    expect(failed.status).toBe('failed');
    expect(failed.failure?.code).toBe(code);
    expect(failed.current).toBeUndefined();
    // A failed record does not hold the name: a good import replaces it.
    await inventory.import('x', { chain: good.chain });
    expect((await inventory.get('x')).status).toBe('valid');
  });

  it('accepts an encrypted key with its password, and a self-signed one only with allowPrivateCa', async () => {
    const { inventory } = await newInventory({ passphrase: 'p' });
    const good = await leaf('enc.example.com', -1, 60);
    const enc = exportPrivateKey(parsePrivateKey(good.key), {
      format: 'pkcs8-pem',
      password: 'k',
      iterations: 1000,
    });
    await inventory.import('enc', { chain: good.chain, privateKey: enc, password: 'k' });
    const self = await mint({ subject: 'CN=self.example.com' });
    expect(await rejectedCode(inventory.import('self', { certificate: self.pem }))).toBe(
      'ERR_KEYSTORE_SELF_SIGNED',
    );
    const opted = await inventory.import('self', { certificate: self.pem }, { allowPrivateCa: true });
    expect(opted.status).toBe('valid');
  });

  it('refuses an existing name unless a new version is asked for', async () => {
    const { inventory } = await newInventory();
    const a = await leaf('a.example.com', -1, 60);
    await inventory.import('a', { chain: a.chain });
    expect(await rejectedCode(inventory.import('a', { chain: a.chain }))).toBe('ERR_INVENTORY_NAME_EXISTS');
    const r = await inventory.import('a', { chain: a.chain }, { newVersion: true });
    expect(r.current?.version).toBe(2);
  });

  it('refuses bad names, unknown records and versions', async () => {
    const { inventory } = await newInventory();
    const a = await leaf('a.example.com', -1, 60);
    expect(await rejectedCode(inventory.import('../etc', { chain: a.chain }))).toBe(
      'ERR_INVENTORY_INVALID_NAME',
    );
    expect(await rejectedCode(inventory.import('x'.repeat(101), { chain: a.chain }))).toBe(
      'ERR_INVENTORY_INVALID_NAME',
    );
    expect(await rejectedCode(inventory.get('nope'))).toBe('ERR_INVENTORY_NOT_FOUND');
    await inventory.import('a', { chain: a.chain });
    expect(await rejectedCode(inventory.chain('a', 7))).toBe('ERR_INVENTORY_NOT_FOUND');
    await expect(inventory.import('a', {} as never)).rejects.toThrow(TypeError);
  });

  it('reports a corrupt record', async () => {
    const { inventory, storage } = await newInventory();
    await storage.put('inventory/records/bad', new TextEncoder().encode('{not json'));
    expect(await rejectedCode(inventory.get('bad'))).toBe('ERR_INVENTORY_CORRUPT');
  });

  it('gives up with ERR_INVENTORY_CONTENTION when every write loses its race', async () => {
    class AlwaysConflicting extends TinyStorage {
      override async put(key: string, value: Uint8Array, o: { expectedVersion?: number | null } = {}) {
        if (key.includes('/records/') && o.expectedVersion !== undefined) {
          // Someone else wrote in between (a record that still has no version).
          await super.put(
            key,
            new TextEncoder().encode('{"name":"a","current":0,"versions":[],"bindings":[]}'),
          );
        }
        return super.put(key, value, o);
      }
    }
    const { inventory } = await newInventory({}, new AlwaysConflicting());
    const a = await leaf('a.example.com', -1, 60);
    expect(await rejectedCode(inventory.import('a', { chain: a.chain }))).toBe('ERR_INVENTORY_CONTENTION');
  });
});

describe('status over time', () => {
  it('goes valid, expiring (30 days out), expired', async () => {
    const { inventory, clock } = await newInventory();
    const l = await leaf('t.example.com', -1, 60);
    await inventory.import('t', { chain: l.chain });
    expect((await inventory.get('t')).status).toBe('valid');
    clock.now = T0 + 29 * DAY;
    expect((await inventory.get('t')).status).toBe('valid');
    clock.now = T0 + 30 * DAY;
    expect((await inventory.get('t')).status).toBe('expiring');
    expect((await inventory.get('t')).current?.daysLeft).toBe(30);
    clock.now = T0 + 61 * DAY;
    expect((await inventory.get('t')).status).toBe('expired');
    expect((await inventory.get('t', new Date(T0))).status).toBe('valid');
  });

  it('is unknown when revocation cannot be decided and revoked after a daily check finds it', async () => {
    const l = await leaf('r.example.com', -1, 60);
    const { root } = await testPki();
    // A CRL of another issuer: the checker cannot decide.
    const other = await mint({ subject: 'CN=Other CA', ca: true });
    const { createCrlChecker } = await import('../../src/chain/index.js');
    const { parseCrl } = await import('../../src/x509/index.js');
    const x509 = await import('@peculiar/x509');
    const foreign = await x509.X509CrlGenerator.create({
      issuer: other.subject,
      thisUpdate: new Date(T0 - DAY),
      nextUpdate: new Date(T0 + DAY),
      signingKey: other.keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as never,
    });
    const unknown = createCrlChecker({ crls: [parseCrl(foreign.toString('pem'))], fetcher: false });
    const u = await newInventory({ revocation: unknown, trust: [root.cert] });
    expect((await u.inventory.import('r', { chain: l.chain })).status).toBe('unknown');

    const revoking = await crlChecker([l.leaf.cert.serialNumber]);
    const storage = new MemoryStorage();
    const first = await newInventory({}, storage);
    await first.inventory.import('r', { chain: l.chain });
    const checked = await newInventory({ revocation: revoking }, storage);
    expect(await checked.inventory.checkRevocation()).toBe(1);
    expect((await checked.inventory.get('r')).status).toBe('revoked');
    expect(await checked.inventory.checkRevocation()).toBe(0); // revoked stays revoked, no re-check
  });
});

describe('keys at rest', () => {
  it('keeps keys encrypted with the passphrase and gives back a matching key', async () => {
    const { inventory, storage } = await newInventory({ passphrase: 'correct horse' }, new TinyStorage());
    const l = await leaf('k.example.com', -1, 60);
    await inventory.import('k', { chain: l.chain, privateKey: l.key });
    const plainDer = parsePrivateKey(l.key).toKeyObject().export({ type: 'pkcs8', format: 'der' });
    const body = l.key
      .split('\n')
      .filter((x) => !x.startsWith('-----'))
      .join('');
    const dump = storage.dump();
    expect(dump).not.toContain(body.slice(0, 40));
    expect(dump).not.toContain(Buffer.from(plainDer).toString('latin1'));
    expect(dump).not.toContain('correct horse');
    expect(dump).toContain('ENCRYPTED PRIVATE KEY');
    const keyEntry = [...storage.values.entries()].find(([k]) => k.includes('/keys/'));
    expect(keyEntry?.[1].secret).toBe(true);
    const back = await inventory.privateKey('k');
    expect(back.publicKey.equals(l.leaf.cert.publicKey)).toBe(true);

    const wrong = await newInventory({ passphrase: 'wrong' }, storage);
    expect(await rejectedCode(wrong.inventory.privateKey('k'))).toBe('ERR_INVENTORY_KEY_UNAVAILABLE');
    const none = await newInventory({ allowPlaintextKeys: true }, storage);
    expect(await rejectedCode(none.inventory.privateKey('k'))).toBe('ERR_INVENTORY_KEY_UNAVAILABLE');
  });

  it('refuses a key without passphrase unless plaintext keys are allowed (then stored as secret)', async () => {
    const l = await leaf('p.example.com', -1, 60);
    const { inventory } = await newInventory();
    expect(await rejectedCode(inventory.import('p', { chain: l.chain, privateKey: l.key }))).toBe(
      'ERR_INVENTORY_PLAINTEXT_KEY',
    );
    const allowed = await newInventory({ allowPlaintextKeys: true }, new TinyStorage());
    const r = await allowed.inventory.import('p', { chain: l.chain, privateKey: l.key });
    expect(r.current).toMatchObject({ hasKey: true, keyEncrypted: false });
    const keyEntry = [...allowed.storage.values.entries()].find(([k]) => k.includes('/keys/'));
    expect(keyEntry?.[1].secret).toBe(true);
    expect((await allowed.inventory.privateKey('p')).publicKey.equals(l.leaf.cert.publicKey)).toBe(true);
    expect(await rejectedCode(allowed.inventory.privateKey('nope'))).toBe('ERR_INVENTORY_NOT_FOUND');
  });

  it('never shows keys or the passphrase in JSON, inspect or errors', async () => {
    const { inventory } = await newInventory({ passphrase: 'hunter2-master' });
    const l = await leaf('s.example.com', -1, 60);
    const r = await inventory.import('s', { chain: l.chain, privateKey: l.key });
    const body = l.key.split('\n')[1]!;
    const texts = [
      JSON.stringify(r),
      inspect(r, { depth: 10 }),
      JSON.stringify(inventory),
      inspect(inventory),
    ];
    const other = await leaf('o.example.com', -1, 60);
    try {
      await inventory.import('bad', { chain: l.chain, privateKey: other.key, password: 'pw-secret' });
    } catch (e) {
      texts.push(JSON.stringify(e), inspect(e, { depth: 10 }), String(e));
    }
    const wrong = await newInventory({ passphrase: 'wrong-master' });
    await wrong.inventory.import('s', { chain: l.chain, privateKey: l.key });
    for (const t of texts) {
      expect(t).not.toContain('hunter2-master');
      expect(t).not.toContain('pw-secret');
      expect(t).not.toContain(body);
      expect(t).not.toContain('PRIVATE KEY-----');
    }
    expect(inspect(inventory)).toContain('[REDACTED]');
  });
});
