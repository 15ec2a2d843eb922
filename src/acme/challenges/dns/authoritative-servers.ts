import { Resolver } from 'node:dns/promises';
import { normalizeName } from './dns-name.js';

/** Options of {@link findAuthoritativeServers}. */
export interface AuthoritativeServersOptions {
  /** Resolvers to ask ('host' or 'host:port'); default the system's (`/etc/resolv.conf`). */
  readonly bootstrap?: readonly string[];
  /** Milliseconds per query. Default 5_000. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const NO_SUCH = new Set(['ENODATA', 'ENOTFOUND']);

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The addresses of the authoritative servers of the zone holding `name`: walks up from `name` asking
 * for an SOA until one answers (that owner is the zone apex), reads the zone's NS records and resolves
 * each server's addresses. IPv4 addresses are returned when there are any (a host without an IPv6
 * route could not reach the others); IPv6 ones only otherwise.
 *
 * @throws the resolver's error (`code` ETIMEOUT, ECONNREFUSED, ESERVFAIL, …) when a lookup fails other
 *   than with "no such name/data"; an Error with code ENOTFOUND when no zone or no server address is found.
 * @example
 * ```ts
 * // internal: used by waitForTxtRecord when no resolvers are given
 * const servers = await findAuthoritativeServers('_acme-challenge.example.com');
 * ```
 * @see RFC 1034 section 4.3.2
 */
export async function findAuthoritativeServers(
  name: string,
  options: AuthoritativeServersOptions = {},
): Promise<string[]> {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 5_000, tries: 2 });
  if (options.bootstrap) resolver.setServers([...options.bootstrap]);
  const onAbort = (): void => resolver.cancel();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const labels = normalizeName(name).split('.');
    let zone: string | undefined;
    for (let i = 0; i < labels.length && zone === undefined; i++) {
      const candidate = labels.slice(i).join('.');
      try {
        await resolver.resolveSoa(candidate);
        zone = candidate;
      } catch (e) {
        if (!NO_SUCH.has(codeOf(e) ?? '')) throw e;
      }
    }
    if (zone === undefined) {
      throw Object.assign(new Error(`no zone (SOA) found above ${name}`), { code: 'ENOTFOUND' });
    }
    const hosts = await resolver.resolveNs(zone);
    const v4 = new Set<string>();
    const v6 = new Set<string>();
    await Promise.all(
      hosts.map(async (host) => {
        const [a, aaaa] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
        if (a.status === 'fulfilled') for (const x of a.value) v4.add(x);
        if (aaaa.status === 'fulfilled') for (const x of aaaa.value) v6.add(x);
      }),
    );
    const found = v4.size > 0 ? [...v4] : [...v6];
    if (found.length === 0) {
      throw Object.assign(new Error(`no address found for the name servers of ${zone}`), {
        code: 'ENOTFOUND',
      });
    }
    return found.sort();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
