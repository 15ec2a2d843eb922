/**
 * A registry kept in a Storage seals its keystores' private keys with a passphrase; without one,
 * writing keys needs the explicit allowPlaintextKeys.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportPrivateKey } from '../../src/keys/index.js';
import { MemoryStorage } from '../../src/storage/index.js';
import { StoreRegistry } from '../../src/stores/index.js';
import { rejectedCode } from '../helpers/coded-error.js';
import { type FleetPki, makeFleetPki, TEST_SEAL } from './registry-fleet-fixtures.js';

let pki: FleetPki;
beforeAll(async () => {
  pki = await makeFleetPki();
}, 60_000);

const keyBase64 = (name: string) =>
  Buffer.from(
    exportPrivateKey(pki.keystores.get(name)!.entry('server').privateKey, { format: 'pkcs8-der' }),
  ).toString('base64');

async function storedText(storage: MemoryStorage, name: string): Promise<string> {
  const got = await storage.get(`registry/stores/${name}`);
  return Buffer.from(got!.value).toString('utf8');
}

describe('sealed registry keys', () => {
  it('stores no key in the clear, and another process with the passphrase reads it back', async () => {
    const storage = new MemoryStorage();
    const writer = await StoreRegistry.open({ ...TEST_SEAL, storage, watch: false });
    await writer.putKeystoreAsync('api-1', pki.keystores.get('api-1')!);
    const text = await storedText(storage, 'api-1');
    expect(text).toContain('"sealed":"aes-256-gcm:');
    expect(text).not.toContain(keyBase64('api-1'));
    expect(text).not.toContain('"key":');
    const reader = await StoreRegistry.open({ passphrase: TEST_SEAL.passphrase, storage, watch: false });
    expect(reader.resolveKeystore('api-1').equals(pki.keystores.get('api-1')!)).toBe(true);
  });

  it('refuses a sealed registry without its passphrase, or with another one', async () => {
    const storage = new MemoryStorage();
    const writer = await StoreRegistry.open({ ...TEST_SEAL, storage, watch: false });
    await writer.putKeystoreAsync('api-1', pki.keystores.get('api-1')!);
    expect(await rejectedCode(StoreRegistry.open({ storage, watch: false }))).toBe(
      'ERR_STORE_PASSPHRASE_REQUIRED',
    );
    expect(await rejectedCode(StoreRegistry.open({ storage, passphrase: 'guess', watch: false }))).toBe(
      'ERR_STORE_PASSPHRASE_WRONG',
    );
  });

  it('a sealed key copied under another store name does not open (it is bound to its entry)', async () => {
    const storage = new MemoryStorage();
    const writer = await StoreRegistry.open({ ...TEST_SEAL, storage, watch: false });
    await writer.putKeystoreAsync('api-1', pki.keystores.get('api-1')!);
    const moved = (await storedText(storage, 'api-1')).replace('"name":"api-1"', '"name":"api-9"');
    await storage.put('registry/stores/api-9', new TextEncoder().encode(moved), { expectedVersion: null });
    expect(await rejectedCode(StoreRegistry.open({ ...TEST_SEAL, storage, watch: false }))).toBe(
      'ERR_STORE_RECORD_CORRUPT',
    );
  });

  it('without a passphrase a keystore is refused unless plain keys are allowed; sealing later keeps them readable', async () => {
    const storage = new MemoryStorage();
    const plain = await StoreRegistry.open({ storage, watch: false });
    expect(await rejectedCode(plain.putKeystoreAsync('api-1', pki.keystores.get('api-1')!))).toBe(
      'ERR_STORE_PASSPHRASE_REQUIRED',
    );
    await plain.putTruststoreAsync('roots', pki.truststore); // no key: no passphrase needed
    const allowed = await StoreRegistry.open({ storage, watch: false, allowPlaintextKeys: true });
    await allowed.putKeystoreAsync('api-1', pki.keystores.get('api-1')!);
    expect(await storedText(storage, 'api-1')).toContain(keyBase64('api-1'));

    const sealed = await StoreRegistry.open({ ...TEST_SEAL, storage, watch: false });
    expect(sealed.resolveKeystore('api-1').equals(pki.keystores.get('api-1')!)).toBe(true);
    await sealed.putKeystoreAsync('api-1', pki.keystores.get('api-2')!);
    expect(await storedText(storage, 'api-1')).not.toContain(keyBase64('api-2'));
  });

  it('the registry shows no passphrase', async () => {
    const registry = await StoreRegistry.open({ ...TEST_SEAL, storage: new MemoryStorage(), watch: false });
    const { inspect } = await import('node:util');
    expect(inspect(registry, { depth: 5 })).not.toContain(TEST_SEAL.passphrase);
    expect(JSON.stringify(registry) ?? '').not.toContain(TEST_SEAL.passphrase);
  });
});
