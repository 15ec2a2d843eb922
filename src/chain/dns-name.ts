/**
 * DNS name syntax for certificate matching (RFC 1034 preferred name syntax as used by RFC 5280 and the
 * web PKI): ASCII letters, digits and hyphens in labels of 1..63 octets, at most 253 octets in all.
 * Internationalised names must be given as A-labels (`xn--…`); they are compared as given.
 */
import { isListedPublicSuffix } from './public-suffix.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const LABEL_WITH_UNDERSCORE = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/**
 * True when `name` is a syntactically valid DNS host name (no wildcard, no trailing dot, no empty label).
 *
 * @example
 * ```ts
 * import { isValidDnsName } from 'certkit/chain';
 * isValidDnsName('xn--bcher-kva.example'); // true
 * isValidDnsName('bad..example');        // false
 * ```
 * @see RFC 1034 section 3.5, RFC 5280 section 4.2.1.6
 */
export function isValidDnsName(name: string, options: { allowUnderscore?: boolean } = {}): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const re = options.allowUnderscore ? LABEL_WITH_UNDERSCORE : LABEL;
  for (const label of name.split('.')) if (!re.test(label)) return false;
  return true;
}

/** True when `pattern` is a valid SAN dNSName: a host name, optionally with `*` as the whole left-most label. */
export function isValidDnsPattern(pattern: string): boolean {
  if (pattern.startsWith('*.')) return isValidDnsName(pattern.slice(2), { allowUnderscore: true });
  return isValidDnsName(pattern, { allowUnderscore: true });
}

/**
 * True when `name` (no wildcard) is a public suffix under the whole Public Suffix List, its ICANN and
 * its private-domain sections (`com`, `co.uk`, `github.io`, `s3.amazonaws.com`), or a single label
 * (the list's default rule). A wildcard over a public suffix never matches. The list (through the
 * `tldts` package) is loaded on the first call, not when `certkit/chain` is imported.
 *
 * @example
 * ```ts
 * import { isPublicSuffix } from 'certkit/chain';
 * isPublicSuffix('co.uk');     // true: `*.co.uk` never matches
 * isPublicSuffix('github.io'); // true (private-domain section)
 * ```
 * @see RFC 9525 section 6.3 (wildcards), CA/Browser Forum BR 3.2.2.6, https://publicsuffix.org
 */
export function isPublicSuffix(name: string): boolean {
  if (typeof name !== 'string') throw new TypeError('isPublicSuffix: name must be a string');
  return isListedPublicSuffix(name.toLowerCase().replace(/\.$/, ''));
}

/**
 * Matches a reference host name against one SAN dNSName pattern per RFC 6125 / RFC 9525: case-insensitive;
 * `*` only as the whole left-most label, matching exactly one label, never over a public suffix; no partial
 * wildcards (`f*.example.com`), no wildcard in IDN A-label position tricks. Both must be valid.
 *
 * @example
 * ```ts
 * import { matchesDnsPattern } from 'certkit/chain';
 * matchesDnsPattern('*.example.com', 'www.example.com'); // true
 * matchesDnsPattern('*.example.com', 'example.com');     // false
 * ```
 * @see RFC 9525 section 6.3, RFC 6125 section 6.4.3
 */
export function matchesDnsPattern(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!isValidDnsName(h, { allowUnderscore: true })) return false;
  if (!isValidDnsPattern(p)) return false;
  if (!p.startsWith('*.')) return p === h;
  const base = p.slice(2);
  const dot = h.indexOf('.');
  if (dot <= 0 || h.slice(dot + 1) !== base) return false;
  // The list is consulted only for a wildcard that would otherwise match.
  return !isListedPublicSuffix(base);
}
