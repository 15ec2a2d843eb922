import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcmeOrderClient } from '../../../src/acme/index.js';
import { MemoryStorage, type PutOptions, type Storage } from '../../../src/inventory/index.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';

/** A storage that dies (throws) on the n-th write of a key ending in `/account`: a crash at that point. */
class CrashingStorage extends MemoryStorage {
  accountWrites = 0;
  crashAt = Number.POSITIVE_INFINITY;
  override async put(key: string, value: Uint8Array, options?: PutOptions): Promise<number> {
    if (key.endsWith('/account') && ++this.accountWrites === this.crashAt)
      throw new Error('process died here');
    return super.put(key, value, options);
  }
}

describe.skipIf(!hasPebble())('account key rollover interrupted between the CA and storage', () => {
  let pebble: Pebble;
  beforeAll(async () => {
    pebble = await startPebble();
  }, 30_000);
  afterAll(async () => pebble?.stop());

  const client = (storage: Storage) => new AcmeOrderClient(pebble.clientOptions(storage));

  it('the next run finds the account under the new key the CA already accepted, and keeps ordering', async () => {
    const storage = new CrashingStorage();
    const account = await client(storage).account(); // writes: record, then account URL
    expect(storage.accountWrites).toBe(2);
    // rollover writes the pending key (3rd), the CA switches keys, then the final write (4th) "crashes"
    storage.crashAt = 4;
    await expect(client(storage).rolloverAccountKey()).rejects.toThrow('process died here');
    storage.crashAt = Number.POSITIVE_INFINITY;
    const stored = JSON.parse(
      Buffer.from((await storage.get((await storage.list('acme/'))[0] as string))!.value).toString(),
    );
    expect(stored.pendingKey).toBeDefined(); // the state a crash leaves behind

    const again = client(storage);
    expect((await again.account()).accountUrl).toBe(account.accountUrl);
    const after = JSON.parse(
      Buffer.from((await storage.get((await storage.list('acme/'))[0] as string))!.value).toString(),
    );
    expect(after.pendingKey).toBeUndefined();
    expect(after.key).toBe(stored.pendingKey); // promoted: the old key no longer works at the CA
    const result = await again.order({ domains: ['after-rollover.test'] });
    expect(result.certificate.subjectAltNames[0]?.value).toBe('after-rollover.test');
  });

  it('a crash before the CA switched keys keeps the old key', async () => {
    const storage = new CrashingStorage();
    const account = await client(storage).account();
    const before = JSON.parse(
      Buffer.from((await storage.get((await storage.list('acme/'))[0] as string))!.value).toString(),
    );
    storage.crashAt = 3; // the pending-key write itself fails: nothing reached the CA
    await expect(client(storage).rolloverAccountKey()).rejects.toThrow('process died here');
    storage.crashAt = Number.POSITIVE_INFINITY;
    expect((await client(storage).account()).accountUrl).toBe(account.accountUrl);
    const after = JSON.parse(
      Buffer.from((await storage.get((await storage.list('acme/'))[0] as string))!.value).toString(),
    );
    expect(after.key).toBe(before.key);
    const result = await client(storage).order({ domains: ['no-rollover.test'] });
    expect(result.certificate.subjectAltNames[0]?.value).toBe('no-rollover.test');
  });
});
