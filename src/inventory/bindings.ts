import { checkName, notFound } from './inventory-checks.js';
import type { InventoryContext } from './inventory-context.js';
import type { Consumer, StoredRecord } from './record.js';
import { updateJson } from './storage-json.js';

function sameConsumer(a: Consumer, b: Consumer): boolean {
  return a.kind === b.kind && a.id === b.id;
}

function checkConsumer(c: Consumer): void {
  const kinds = ['reference', 'tls-profile', 'gateway-listener', 'environment', 'other'];
  if (
    c === null ||
    typeof c !== 'object' ||
    !kinds.includes(c.kind) ||
    typeof c.id !== 'string' ||
    c.id === ''
  )
    throw new TypeError(`consumer must be { kind: ${kinds.join(' | ')}, id: string }`);
}

/** @internal Records that `consumer` uses the record `name` (idempotent). */
export async function bindConsumer(ctx: InventoryContext, name: string, consumer: Consumer): Promise<void> {
  checkName(name);
  checkConsumer(consumer);
  await updateJson<StoredRecord, undefined>(ctx.storage, ctx.key('records', name), (cur) => {
    if (cur === undefined) throw notFound(name);
    if (cur.bindings.some((b) => sameConsumer(b, consumer))) return { result: undefined };
    return {
      value: { ...cur, bindings: [...cur.bindings, { kind: consumer.kind, id: consumer.id }] },
      result: undefined,
    };
  });
}

/** @internal Removes a binding; false when it was not there. */
export async function unbindConsumer(
  ctx: InventoryContext,
  name: string,
  consumer: Consumer,
): Promise<boolean> {
  checkName(name);
  checkConsumer(consumer);
  return updateJson<StoredRecord, boolean>(ctx.storage, ctx.key('records', name), (cur) => {
    if (cur === undefined) throw notFound(name);
    const bindings = cur.bindings.filter((b) => !sameConsumer(b, consumer));
    if (bindings.length === cur.bindings.length) return { result: false };
    return { value: { ...cur, bindings }, result: true };
  });
}
