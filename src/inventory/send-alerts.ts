import { dueAlerts } from './due-alerts.js';
import type { AlertSender, InventoryAlert } from './inventory-alert.js';
import type { InventoryContext } from './inventory-context.js';
import { isConflict, toBytes } from './storage-json.js';

/**
 * @internal Sends each due alert once: claimed in storage with compare-and-swap before `sender` runs,
 * released when the sender throws (the first error is rethrown at the end); each alert sent is passed
 * to the listeners.
 */
export async function sendDueAlerts(
  ctx: InventoryContext,
  listeners: ReadonlySet<(alert: InventoryAlert) => void>,
  sender?: AlertSender,
  at?: Date,
): Promise<InventoryAlert[]> {
  const when = ctx.now(at);
  const sent: InventoryAlert[] = [];
  let failure: unknown;
  for (const alert of await dueAlerts(ctx, when)) {
    const key = ctx.key('alerts', alert.id);
    let claimed: number;
    try {
      claimed = await ctx.storage.put(key, toBytes({ sentAt: when.toISOString() }), {
        expectedVersion: null,
      });
    } catch (e) {
      if (isConflict(e)) continue; // another process sent it
      throw e;
    }
    try {
      if (sender !== undefined) await sender(alert);
    } catch (e) {
      await ctx.storage.delete(key, { expectedVersion: claimed }).catch(() => false);
      failure ??= e;
      continue;
    }
    sent.push(alert);
    for (const l of listeners) l(alert);
  }
  if (failure !== undefined) throw failure;
  return sent;
}
