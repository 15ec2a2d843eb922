import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { CertificateInventory } from '../../src/inventory/certificate-inventory.js';
import { MemoryStorage } from '../../src/storage/memory-storage.js';
import { DAY, leaf, newInventory, T0, testPki } from './helpers/fixtures.js';

async function refusal(p: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isCertkitError(e)) return { code: e.code, details: { ...e.details } };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('versions', () => {
  it('keeps earlier versions obsolete until they expire, then expired', async () => {
    const { inventory, clock } = await newInventory();
    const v1 = await leaf('v.example.com', -10, 40);
    const v2 = await leaf('v.example.com', -1, 90);
    await inventory.import('v', { chain: v1.chain });
    const r = await inventory.import('v', { chain: v2.chain }, { newVersion: true });
    expect(r.current?.version).toBe(2);
    expect(r.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'obsolete'],
      [2, 'valid'],
    ]);
    clock.now = T0 + 41 * DAY;
    expect((await inventory.get('v')).versions.map((v) => v.status)).toEqual(['expired', 'valid']);
    expect((await inventory.chain('v', 1))[0]!.serialNumber).toBe(v1.leaf.cert.serialNumber);
  });

  it('never loses a version when two processes add versions at once', async () => {
    const storage = new MemoryStorage();
    const { root } = await testPki();
    const a = new CertificateInventory(storage, { trust: [root.cert] });
    const b = new CertificateInventory(storage, { trust: [root.cert] });
    const first = await leaf('race.example.com', -1, 90);
    await a.import('race', { chain: first.chain });
    const certs = await Promise.all(Array.from({ length: 6 }, (_, i) => leaf(`r${i}.example.com`, -1, 90)));
    await Promise.all(
      certs.map((c, i) => (i % 2 === 0 ? a : b).import('race', { chain: c.chain }, { newVersion: true })),
    );
    const r = await a.get('race');
    expect(r.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(r.versions.map((v) => v.sha256Fingerprint)).size).toBe(7);
    expect(r.current?.version).toBe(7);
    for (const v of r.versions) {
      expect((await a.chain('race', v.version))[0]!.sha256Fingerprint).toBe(v.sha256Fingerprint);
    }
  });
});

describe('environments', () => {
  it('tracks deployed / deploying / needs-deploy, including an obsolete choice', async () => {
    const { inventory } = await newInventory();
    const v1 = await leaf('e.example.com', -10, 60);
    const v2 = await leaf('e.example.com', -1, 90);
    await inventory.import('e', { chain: v1.chain });
    const prod = await inventory.addEnvironment('prod', { kind: 'production' });
    expect(prod.state).toBe('needs-deploy');
    expect((await inventory.selectVersion('prod', 'e')).state).toBe('needs-deploy');
    expect((await inventory.markDeploying('prod')).state).toBe('deploying');
    const deployed = await inventory.markDeployed('prod');
    expect(deployed).toMatchObject({ state: 'deployed', record: 'e', version: 1, deployedVersion: 1 });
    await inventory.import('e', { chain: v2.chain }, { newVersion: true });
    // The environment still points at version 1, now obsolete, and that version is deployed.
    expect(await inventory.environment('prod')).toMatchObject({
      version: 1,
      state: 'deployed',
      versionStatus: 'obsolete',
    });
    expect((await inventory.selectVersion('prod', 'e', 2)).state).toBe('needs-deploy');
    await inventory.markDeployed('prod');
    // Going back to the obsolete version is allowed and needs a deploy.
    const back = await inventory.selectVersion('prod', 'e', 1);
    expect(back).toMatchObject({
      state: 'needs-deploy',
      version: 1,
      deployedVersion: 2,
      versionStatus: 'obsolete',
    });
    expect(await inventory.inUse('e')).toEqual([{ kind: 'environment', id: 'prod' }]);
  });

  it('refuses to select or deploy an expired version (ERR_INVENTORY_VERSION_EXPIRED); obsolete stays selectable', async () => {
    const { inventory, clock } = await newInventory();
    const v1 = await leaf('x.example.com', -10, 20);
    const v2 = await leaf('x.example.com', -1, 90);
    await inventory.import('x', { chain: v1.chain });
    await inventory.import('x', { chain: v2.chain }, { newVersion: true });
    await inventory.addEnvironment('prod', { kind: 'production' });
    // Version 1 is obsolete but valid: it may be chosen.
    expect((await inventory.selectVersion('prod', 'x', 1)).versionStatus).toBe('obsolete');
    await inventory.markDeployed('prod');
    // Thirty days later version 1 has expired: it can be neither deployed again nor selected.
    clock.now += 30 * DAY;
    const deploy = await refusal(inventory.markDeployed('prod'));
    expect(deploy.code).toBe('ERR_INVENTORY_VERSION_EXPIRED');
    expect(deploy.details).toMatchObject({ environment: 'prod', name: 'x', version: 1 });
    expect((await refusal(inventory.markDeploying('prod'))).code).toBe('ERR_INVENTORY_VERSION_EXPIRED');
    await inventory.selectVersion('prod', 'x', 2);
    expect((await refusal(inventory.selectVersion('prod', 'x', 1))).code).toBe(
      'ERR_INVENTORY_VERSION_EXPIRED',
    );
    expect(await inventory.environment('prod')).toMatchObject({ version: 2, state: 'needs-deploy' });
    expect((await inventory.markDeployed('prod')).state).toBe('deployed');
  });

  it('allows one environment per kind and project unless configured', async () => {
    const { inventory, storage } = await newInventory();
    await inventory.addEnvironment('prod', { kind: 'production' });
    const dup = await refusal(inventory.addEnvironment('prod2', { kind: 'production' }));
    expect(dup.code).toBe('ERR_INVENTORY_ENVIRONMENT_EXISTS');
    expect(dup.details.existing).toBe('prod');
    expect((await refusal(inventory.addEnvironment('prod', { kind: 'staging' }))).code).toBe(
      'ERR_INVENTORY_ENVIRONMENT_EXISTS',
    );
    await inventory.addEnvironment('prod-b', { kind: 'production', project: 'billing' });
    const multi = new CertificateInventory(storage, { multipleEnvironmentsPerKind: true });
    await multi.addEnvironment('prod-eu', { kind: 'production' });
    expect((await refusal(inventory.selectVersion('nope', 'x'))).code).toBe('ERR_INVENTORY_NOT_FOUND');
    expect((await refusal(inventory.markDeployed('nope'))).code).toBe('ERR_INVENTORY_UNKNOWN_ENVIRONMENT');
    expect((await refusal(inventory.environment('nope'))).code).toBe('ERR_INVENTORY_UNKNOWN_ENVIRONMENT');
  });

  it('re-binds when an environment moves to another record', async () => {
    const { inventory } = await newInventory();
    await inventory.import('a', { chain: (await leaf('a.example.com', -1, 90)).chain });
    await inventory.import('b', { chain: (await leaf('b.example.com', -1, 90)).chain });
    await inventory.addEnvironment('dev', { kind: 'development' });
    await inventory.selectVersion('dev', 'a');
    await inventory.selectVersion('dev', 'b');
    expect(await inventory.inUse('a')).toEqual([]);
    expect(await inventory.inUse('b')).toEqual([{ kind: 'environment', id: 'dev' }]);
    expect((await refusal(inventory.selectVersion('dev', 'b', 9))).code).toBe('ERR_INVENTORY_NOT_FOUND');
  });
});

describe('bindings, delete protection and tombstones', () => {
  it('refuses to delete a record in use, naming the consumers', async () => {
    const { inventory } = await newInventory();
    const l = await leaf('d.example.com', -1, 90);
    await inventory.import('d', { chain: l.chain });
    await inventory.bind('d', { kind: 'tls-profile', id: 'public-api' });
    await inventory.bind('d', { kind: 'gateway-listener', id: 'edge:443' });
    await inventory.bind('d', { kind: 'tls-profile', id: 'public-api' }); // idempotent
    expect(await inventory.inUse('d')).toEqual([
      { kind: 'tls-profile', id: 'public-api' },
      { kind: 'gateway-listener', id: 'edge:443' },
    ]);
    const refused = await refusal(inventory.delete('d'));
    expect(refused.code).toBe('ERR_INVENTORY_IN_USE');
    expect(refused.details.consumers).toEqual([
      { kind: 'tls-profile', id: 'public-api' },
      { kind: 'gateway-listener', id: 'edge:443' },
    ]);
    expect(await inventory.unbind('d', { kind: 'tls-profile', id: 'public-api' })).toBe(true);
    expect(await inventory.unbind('d', { kind: 'tls-profile', id: 'public-api' })).toBe(false);
    await inventory.unbind('d', { kind: 'gateway-listener', id: 'edge:443' });
    await inventory.delete('d');
    expect((await refusal(inventory.get('d'))).code).toBe('ERR_INVENTORY_NOT_FOUND');
    expect((await refusal(inventory.delete('d'))).code).toBe('ERR_INVENTORY_NOT_FOUND');
    expect((await refusal(inventory.bind('d', { kind: 'other', id: 'x' }))).code).toBe(
      'ERR_INVENTORY_NOT_FOUND',
    );
    await expect(inventory.bind('x', { kind: 'nope', id: 'x' } as never)).rejects.toThrow(TypeError);
  });

  it('keeps a tombstone: the deleted name needs reuseDeletedName', async () => {
    const { inventory } = await newInventory();
    const l = await leaf('t.example.com', -1, 90);
    await inventory.import('t', { chain: l.chain });
    await inventory.delete('t');
    expect((await refusal(inventory.import('t', { chain: l.chain }))).code).toBe('ERR_INVENTORY_DELETED');
    const r = await inventory.import('t', { chain: l.chain }, { reuseDeletedName: true });
    expect(r.current?.version).toBe(1);
    expect(r.status).toBe('valid');
  });

  it('a bind racing a delete either blocks the delete or fails with NOT_FOUND, never dangles', async () => {
    const storage = new MemoryStorage();
    const { root } = await testPki();
    const a = new CertificateInventory(storage, { trust: [root.cert] });
    const b = new CertificateInventory(storage, { trust: [root.cert] });
    const l = await leaf('x.example.com', -1, 90);
    for (let i = 0; i < 10; i++) {
      const name = `x${i}`;
      await a.import(name, { chain: l.chain }, { reuseDeletedName: true });
      const [del, bind] = await Promise.allSettled([
        a.delete(name),
        b.bind(name, { kind: 'reference', id: 'r' }),
      ]);
      const exists = await a.get(name).then(
        () => true,
        () => false,
      );
      if (del.status === 'fulfilled') {
        expect(exists).toBe(false);
        expect(bind.status).toBe('rejected');
      } else {
        expect(exists).toBe(true);
        expect(await a.inUse(name)).toEqual([{ kind: 'reference', id: 'r' }]);
      }
    }
  });
});
