import type * as Acme from 'acme-client';
import type { ProtocolClient } from './acme-context.js';
import { identifierFor } from './identifiers.js';

/** How many of the account's most recent orders are looked at. */
const MAX_ORDERS_LOOKED_AT = 20;

function identifierSet(ids: ReadonlyArray<{ type: string; value: string }>): string {
  return ids
    .map((i) => `${i.type}:${i.value.toLowerCase()}`)
    .sort()
    .join('\n');
}

/**
 * After a crash between asking the CA for a new order and storing its URL: the order the CA created
 * for these names, found in the account's list of orders (RFC 8555 section 7.1.2.1), if it is still
 * `pending` or `ready` and not expired. Undefined when there is none, or when the CA publishes no list
 * (Let's Encrypt does not; it returns the existing pending order for the same names instead, so a new
 * request opens no second order there).
 */
export async function findRequestedOrder(
  client: ProtocolClient,
  domains: readonly string[],
): Promise<Acme.Order | undefined> {
  const account = (await client.updateAccount({})) as { orders?: unknown };
  if (typeof account.orders !== 'string') return undefined;
  const list = (await client.api.apiRequest(account.orders, null, [200])).data as { orders?: unknown };
  if (!Array.isArray(list.orders)) return undefined;
  const wanted = identifierSet(domains.map(identifierFor));
  const recent = list.orders.filter((u): u is string => typeof u === 'string').slice(-MAX_ORDERS_LOOKED_AT);
  for (const url of recent.reverse()) {
    const order = { ...((await client.api.getOrder(url)).data as Acme.Order), url };
    const expired = typeof order.expires === 'string' && Date.parse(order.expires) <= Date.now();
    if (
      (order.status === 'pending' || order.status === 'ready') &&
      !expired &&
      Array.isArray(order.identifiers) &&
      identifierSet(order.identifiers) === wanted
    ) {
      return order;
    }
  }
  return undefined;
}
