import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/storage/index.js';
import { describeStorageContract } from './storage-contract.js';

describeStorageContract(
  'MemoryStorage',
  async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const storage = new MemoryStorage({ clock: () => now });
    return {
      storage,
      advance: async (ms) => {
        now += ms;
      },
    };
  },
  { sibling: false },
); // one MemoryStorage is its whole backend: there is no second object to watch

describe('MemoryStorage', () => {
  it('copies values in and out', async () => {
    const s = new MemoryStorage();
    const value = Uint8Array.of(1, 2, 3);
    await s.put('k', value);
    value[0] = 9;
    const got = await s.get('k');
    expect(got?.value[0]).toBe(1);
    if (got) (got.value as Uint8Array)[1] = 9;
    expect((await s.get('k'))?.value[1]).toBe(2);
  });

  it('refuses use after close', async () => {
    const s = new MemoryStorage();
    await s.close();
    await expect(s.get('k')).rejects.toMatchObject({ code: 'ERR_STORAGE_CLOSED' });
  });
});
