import { InventoryError } from '../errors/area-errors.js';
import { checkName, notFound } from './inventory-checks.js';
import type { InventoryContext } from './inventory-context.js';
import type { StoredRecord } from './record.js';
import { getJson, isConflict, toBytes } from './storage-json.js';

/**
 * @internal Deletes a record with its certificates and keys, refusing while it is in use; leaves a
 * tombstone under the name. The record is removed with compare-and-swap, retried on a lost race.
 */
export async function deleteRecord(ctx: InventoryContext, name: string): Promise<void> {
  checkName(name);
  const key = ctx.key('records', name);
  for (let attempt = 0; attempt < 50; attempt++) {
    const cur = await getJson<StoredRecord>(ctx.storage, key);
    if (cur === undefined) throw notFound(name);
    if (cur.value.bindings.length > 0) {
      const consumers = cur.value.bindings.map((b) => `${b.kind}:${b.id}`);
      throw new InventoryError(
        'ERR_INVENTORY_IN_USE',
        `"${name}" is in use by ${consumers.join(', ')} and cannot be deleted.`,
        { details: { name, consumers: cur.value.bindings } },
      );
    }
    await ctx.storage.put(ctx.key('tombstones', name), toBytes({ name, deletedAt: ctx.now().toISOString() }));
    try {
      await ctx.storage.delete(key, { expectedVersion: cur.version });
    } catch (e) {
      if (isConflict(e)) continue; // someone bound or imported meanwhile: look again
      throw e;
    }
    for (const v of cur.value.versions) {
      await ctx.storage.delete(ctx.key('certs', name, v.version));
      await ctx.storage.delete(ctx.key('keys', name, v.version));
    }
    return;
  }
  throw new InventoryError('ERR_INVENTORY_CONTENTION', `The delete of "${name}" kept losing its race.`, {
    details: { name },
  });
}
