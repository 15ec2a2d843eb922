import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AcmeError } from '../../../errors/area-errors.js';
import { sleep } from '../../abortable-sleep.js';
import { findAuthoritativeServers } from '../dns/authoritative-servers.js';

/** Options of {@link waitForTxtRecord}. */
export interface TxtSelfCheckOptions {
  /**
   * The resolvers that must all see the value: `host` or `host:port`, IPv4 or IPv6 literals
   * (`192.0.2.1`, `192.0.2.1:5353`, `2001:db8::1`, `[2001:db8::1]:5353`). Default: the authoritative
   * servers of the name, found through SOA and NS lookups with the system resolver (port 53).
   */
  readonly resolvers?: readonly string[];
  /** Milliseconds until giving up. Default 120_000. */
  readonly timeoutMs?: number;
  /** Milliseconds between polls. Default 2_000. */
  readonly intervalMs?: number;
  /** Aborting rejects with the signal's reason and cancels the queries in flight. */
  readonly signal?: AbortSignal;
}

function checkResolver(r: unknown): string {
  if (typeof r === 'string') {
    if (isIP(r) !== 0) return r;
    const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(r);
    if (v6 && isIP(v6[1]!) === 6 && (v6[2] === undefined || Number(v6[2]) <= 65535)) return r;
    const v4 = /^([^:]+):(\d{1,5})$/.exec(r);
    if (v4 && isIP(v4[1]!) === 4 && Number(v4[2]) <= 65535) return r;
  }
  throw new TypeError(
    `TxtSelfCheckOptions.resolvers: "${String(r)}" is not an IP literal with an optional port`,
  );
}

function checkMs(v: unknown, field: string): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
    throw new TypeError(`TxtSelfCheckOptions.${field} must be a non-negative number of milliseconds`);
  }
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

/**
 * Asks one resolver for the TXT records at `name`; true when one of them (its strings joined) is `value`.
 * A fresh `Resolver` each time, so c-ares' answer cache never hides a record that just appeared.
 */
async function sees(server: string, name: string, value: string, timeoutMs: number, signal?: AbortSignal) {
  const resolver = new Resolver({ timeout: Math.max(100, Math.round(timeoutMs)), tries: 1 });
  resolver.setServers([server]);
  const onAbort = (): void => resolver.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const records = await resolver.resolveTxt(name);
    return records.some((chunks) => chunks.join('') === value);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Waits until every resolver answers a TXT set at `name` containing `value` (a DNS-01 self-check
 * before asking the CA to validate). Polls every `intervalMs`; a resolver that has seen the value once
 * counts as done. Without `resolvers`, the authoritative servers of the name are asked, so the check
 * does not wait for caches.
 *
 * @throws ERR_ACME_SELF_CHECK_FAILED when the deadline passes (`details.name`, `details.value`,
 *   `details.timeout`, `details.resolvers`: those that did not see it, `details.errors`: the last
 *   lookup error per resolver); TypeError for invalid arguments; the signal's reason when aborted.
 * @example
 * ```ts
 * import { waitForTxtRecord } from 'certkit/acme';
 * await waitForTxtRecord('_acme-challenge.example.com', 'dGhlIHZhbHVl', { resolvers: ['192.0.2.53'], timeoutMs: 60_000 });
 * ```
 * @see RFC 8555 section 8.4
 */
export async function waitForTxtRecord(
  name: string,
  value: string,
  options: TxtSelfCheckOptions = {},
): Promise<void> {
  if (typeof name !== 'string' || name === '')
    throw new TypeError('waitForTxtRecord: name must be a DNS name');
  if (typeof value !== 'string') throw new TypeError('waitForTxtRecord: value must be a string');
  checkMs(options.timeoutMs, 'timeoutMs');
  checkMs(options.intervalMs, 'intervalMs');
  const given = options.resolvers?.map(checkResolver);
  if (given !== undefined && given.length === 0)
    throw new TypeError('TxtSelfCheckOptions.resolvers is empty');
  const timeoutMs = options.timeoutMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 2_000;
  const { signal } = options;
  signal?.throwIfAborted();
  const queryName = name.endsWith('.') ? name.slice(0, -1) : name;
  const deadline = Date.now() + timeoutMs;
  let servers = given;
  const pending = new Set(given ?? []);
  const errors: Record<string, string> = {};
  for (;;) {
    const remaining = Math.max(0, deadline - Date.now());
    const perQuery = Math.min(5_000, Math.max(1_000, remaining));
    if (servers === undefined) {
      try {
        servers = await findAuthoritativeServers(queryName, {
          timeoutMs: perQuery,
          ...(signal ? { signal } : {}),
        });
        for (const s of servers) pending.add(s);
        delete errors.authoritative;
      } catch (e) {
        signal?.throwIfAborted();
        errors.authoritative = codeOf(e);
      }
    }
    if (servers !== undefined) {
      const results = await Promise.all(
        [...pending].map(async (server) => {
          try {
            return { server, seen: await sees(server, queryName, value, perQuery, signal) };
          } catch (e) {
            return { server, seen: false, error: codeOf(e) };
          }
        }),
      );
      signal?.throwIfAborted();
      for (const r of results) {
        if (r.seen) {
          pending.delete(r.server);
          delete errors[r.server];
        } else if (r.error !== undefined) errors[r.server] = r.error;
        else errors[r.server] = 'value not in the TXT set';
      }
      if (pending.size === 0) return;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new AcmeError(
        'ERR_ACME_SELF_CHECK_FAILED',
        `TXT value at ${queryName} was not seen by ${servers === undefined ? 'any authoritative server (none found)' : [...pending].join(', ')} within ${timeoutMs} ms`,
        {
          details: {
            name: queryName,
            value,
            timeout: timeoutMs,
            resolvers: [...pending],
            errors: { ...errors },
          },
        },
      );
    }
    await sleep(Math.min(intervalMs, left), signal);
  }
}
