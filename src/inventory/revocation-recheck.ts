import type { Certificate } from '../x509/certificate.js';
import type { InventoryContext } from './inventory-context.js';
import type { RevocationState, StoredRecord } from './record.js';
import { readChain } from './record-material.js';
import { readRecords } from './record-store.js';
import { updateJson } from './storage-json.js';

const DAY = 86_400_000;

/**
 * @internal Re-checks revocation of current versions whose last check is older than the interval
 * (default a day); answers how many versions were checked (0 without a checker).
 */
export async function recheckRevocation(ctx: InventoryContext, at?: Date): Promise<number> {
  const checker = typeof ctx.options.revocation === 'object' ? ctx.options.revocation : undefined;
  if (checker === undefined) return 0;
  const when = ctx.now(at);
  const every = ctx.options.revocationCheckIntervalMs ?? DAY;
  let checked = 0;
  for (const r of await readRecords(ctx)) {
    const v = r.versions.find((x) => x.version === r.current);
    if (v === undefined || v.revocation?.status === 'revoked') continue;
    if (Date.parse(v.facts.notAfter) < when.getTime()) continue;
    if (v.revocation !== undefined && when.getTime() - Date.parse(v.revocation.checkedAt) < every) continue;
    const chain = await readChain(ctx, r.name, v.version);
    const trust = ctx.options.trust;
    const extra =
      trust === undefined
        ? []
        : Array.isArray(trust)
          ? (trust as readonly Certificate[])
          : (trust as { certificates: readonly Certificate[] }).certificates;
    const leaf = chain[0]!;
    const issuer =
      chain[1] ??
      extra.find(
        (c) => c.subject.toString() === leaf.issuer.toString() && leaf.verifySignature(c.publicKey).ok,
      );
    let state: RevocationState;
    if (issuer === undefined) {
      state = {
        status: 'unknown',
        checkedAt: when.toISOString(),
        reason: 'the issuer is not in the stored chain',
      };
    } else {
      const s = await checker.check(leaf, issuer, { at: when, depth: 0 });
      state =
        s.status === 'revoked'
          ? {
              status: 'revoked',
              checkedAt: when.toISOString(),
              revokedAt: s.revokedAt.toISOString(),
              ...(s.reason === undefined ? {} : { reason: s.reason }),
            }
          : s.status === 'good'
            ? { status: 'good', checkedAt: when.toISOString() }
            : { status: 'unknown', checkedAt: when.toISOString(), reason: s.reason };
    }
    checked++;
    await updateJson<StoredRecord, undefined>(ctx.storage, ctx.key('records', r.name), (cur) => {
      if (cur === undefined) return { result: undefined };
      return {
        value: {
          ...cur,
          versions: cur.versions.map((x) => (x.version === v.version ? { ...x, revocation: state } : x)),
        },
        result: undefined,
      };
    });
  }
  return checked;
}
