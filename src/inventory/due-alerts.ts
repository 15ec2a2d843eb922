import { type AlertPolicy, expiringSlot, windowOf } from './alert-schedule.js';
import type { StoredEnvironment } from './environment-view.js';
import type { InventoryAlert } from './inventory-alert.js';
import type { InventoryContext } from './inventory-context.js';
import type { StoredRecord } from './record.js';
import { forEachRecord } from './record-store.js';
import { recheckRevocation } from './revocation-recheck.js';
import { getJson } from './storage-json.js';

const DAY = 86_400_000;

/** The versions environments point at (chosen or deployed), by record name. */
async function environmentVersions(ctx: InventoryContext): Promise<Map<string, Set<number>>> {
  const inEnvironments = new Map<string, Set<number>>();
  for (const key of await ctx.storage.list(ctx.key('environments', ''))) {
    const e = (await getJson<StoredEnvironment>(ctx.storage, key))?.value;
    if (e === undefined) continue;
    for (const [rec, ver] of [
      [e.record, e.version],
      [e.deployedRecord, e.deployedVersion],
    ] as const) {
      if (rec === undefined || ver === undefined) continue;
      const set = inEnvironments.get(rec) ?? new Set<number>();
      set.add(ver);
      inEnvironments.set(rec, set);
    }
  }
  return inEnvironments;
}

/** The alerts of the watched versions of `r` due at `t` (ms) whose ids are not in `sent`. */
function alertsOf(
  policy: AlertPolicy,
  r: StoredRecord,
  watched: Set<number> | undefined,
  sent: Set<string>,
  t: number,
): InventoryAlert[] {
  const out: InventoryAlert[] = [];
  for (const v of r.versions) {
    if (v.version !== r.current && watched?.has(v.version) !== true) continue;
    const notAfter = Date.parse(v.facts.notAfter);
    let kind: InventoryAlert['kind'] | undefined;
    let slot = 0;
    if (v.revocation?.status === 'revoked') kind = 'revoked';
    else if (t >= notAfter) kind = 'expired';
    else {
      const s = expiringSlot(windowOf(policy, Date.parse(v.facts.notBefore), notAfter), notAfter, t);
      if (s !== undefined) {
        kind = 'expiring';
        slot = s;
      }
    }
    if (kind === undefined) continue;
    const id = `${r.name}/${v.version}/${kind}-${slot}`;
    if (sent.has(id)) continue;
    out.push({
      id,
      name: r.name,
      version: v.version,
      kind,
      slot,
      primaryDomain: v.facts.primaryDomain,
      sha256Fingerprint: v.facts.sha256Fingerprint,
      notAfter: v.facts.notAfter,
      daysLeft: Math.floor((notAfter - t) / DAY),
    });
  }
  return out;
}

/**
 * @internal The alerts due at `at` and not sent yet, for the current version of each record and any
 * version an environment has chosen or deployed; re-checks revocation first when a checker is set.
 */
export async function dueAlerts(ctx: InventoryContext, at?: Date): Promise<InventoryAlert[]> {
  const when = ctx.now(at);
  if (typeof ctx.options.revocation === 'object') await recheckRevocation(ctx, when);
  const t = when.getTime();
  const sentPrefix = ctx.key('alerts', '');
  const sent = new Set((await ctx.storage.list(sentPrefix)).map((k) => k.slice(sentPrefix.length)));
  const policy = ctx.options.alerts ?? {};
  const inEnvironments = await environmentVersions(ctx);
  const out: InventoryAlert[] = [];
  await forEachRecord(ctx, (r) => {
    for (const a of alertsOf(policy, r, inEnvironments.get(r.name), sent, t)) out.push(a);
  });
  return out;
}
