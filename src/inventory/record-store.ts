import { checkName, notFound } from './inventory-checks.js';
import type { InventoryContext } from './inventory-context.js';
import type { StoredRecord } from './record.js';
import { getJson, updateJson } from './storage-json.js';

/** @internal The stored record `name` (`ERR_INVENTORY_NOT_FOUND` when there is none). */
export async function readRecord(ctx: InventoryContext, name: string): Promise<StoredRecord> {
  checkName(name);
  const r = await getJson<StoredRecord>(ctx.storage, ctx.key('records', name));
  if (r === undefined) throw notFound(name);
  return r.value;
}

/**
 * @internal The stored record `name` and the number of its version `version` (default the current
 * one); `ERR_INVENTORY_NOT_FOUND` when either is missing.
 */
export async function readRecordVersion(
  ctx: InventoryContext,
  name: string,
  version?: number,
): Promise<{ record: StoredRecord; version: number }> {
  const record = await readRecord(ctx, name);
  const v = version ?? record.current;
  if (!record.versions.some((x) => x.version === v)) throw notFound(name, v);
  return { record, version: v };
}

/**
 * @internal Hands every stored record to `visit`, reading them in batches and keeping none: a caller
 * that keeps only what it derives (alerts, views) does not also hold every record until the end, which
 * at 10,000 records made the garbage collector copy them all out of the young generation.
 */
export async function forEachRecord(ctx: InventoryContext, visit: (r: StoredRecord) => void): Promise<void> {
  const prefix = ctx.key('records', '');
  const keys = await ctx.storage.list(prefix);
  const batch = 64;
  for (let i = 0; i < keys.length; i += batch) {
    const got = await Promise.all(keys.slice(i, i + batch).map((k) => getJson<StoredRecord>(ctx.storage, k)));
    for (const g of got) if (g !== undefined) visit(g.value);
  }
}

/** @internal Every stored record, read in batches. */
export async function readRecords(ctx: InventoryContext): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  await forEachRecord(ctx, (r) => out.push(r));
  return out;
}

/** @internal Leaves a `failed` record for a refused import, when the name has no good version yet. */
export async function recordFailure(
  ctx: InventoryContext,
  name: string,
  code: string,
  message: string,
  at: Date,
): Promise<void> {
  await updateJson<StoredRecord, undefined>(ctx.storage, ctx.key('records', name), (cur) => {
    if (cur !== undefined && cur.versions.length > 0) return { result: undefined };
    return {
      value: {
        name,
        current: 0,
        versions: [],
        bindings: cur?.bindings ?? [],
        failure: { code, message, at: at.toISOString() },
      },
      result: undefined,
    };
  });
}
