/** One TXT value to publish for a DNS-01 challenge (RFC 8555 section 8.4). */
export interface Dns01Record {
  /** The identifier being validated, without `*.` (`example.com` for `*.example.com`). */
  readonly domain: string;
  /** The full record name without the trailing dot, e.g. `_acme-challenge.example.com`. */
  readonly name: string;
  /** The TXT value: base64url of the SHA-256 of the key authorization. */
  readonly value: string;
}

/**
 * Publishes and removes DNS-01 TXT values. Each call concerns exactly one value: a name may hold several
 * at once (apex and wildcard in one order), and `cleanup` must leave the others in place.
 *
 * @example
 * ```ts
 * import type { Dns01Solver } from 'certkit/acme';
 * const solver: Dns01Solver = {
 *   name: 'my-dns',
 *   present: async ({ name, value }) => myDns.addTxt(name, value),
 *   cleanup: async ({ name, value }) => myDns.removeTxt(name, value),
 * };
 * ```
 * @see RFC 8555 section 8.4
 */
export interface Dns01Solver {
  /** A short name for events and errors, e.g. `rfc2136` or `callback`. */
  readonly name: string;
  /** Publishes exactly this value at `record.name`. */
  present(record: Dns01Record): Promise<void>;
  /** Removes exactly this value; other values at the same name stay. */
  cleanup(record: Dns01Record): Promise<void>;
}
