/**
 * DNS name syntax for certificate matching (RFC 1034 preferred name syntax as used by RFC 5280 and the
 * web PKI): ASCII letters, digits and hyphens in labels of 1..63 octets, at most 253 octets in all.
 * Internationalised names must be given as A-labels (`xn--…`); they are compared as given.
 */

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
 * Public suffixes of more than one label that a wildcard must never cover. Every single-label name
 * (`com`, `org`, `uk`) is treated as a public suffix too; this is a deliberately small list of the
 * common second-level registries, not the full Public Suffix List.
 */
const MULTI_LABEL_PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  'co.uk',
  'org.uk',
  'me.uk',
  'ltd.uk',
  'plc.uk',
  'net.uk',
  'ac.uk',
  'gov.uk',
  'nhs.uk',
  'sch.uk',
  'com.au',
  'net.au',
  'org.au',
  'edu.au',
  'gov.au',
  'id.au',
  'co.nz',
  'org.nz',
  'net.nz',
  'govt.nz',
  'ac.nz',
  'co.jp',
  'ne.jp',
  'or.jp',
  'ac.jp',
  'go.jp',
  'gr.jp',
  'ad.jp',
  'ed.jp',
  'lg.jp',
  'co.kr',
  'or.kr',
  'ne.kr',
  'go.kr',
  'ac.kr',
  'com.br',
  'net.br',
  'org.br',
  'gov.br',
  'edu.br',
  'com.cn',
  'net.cn',
  'org.cn',
  'gov.cn',
  'edu.cn',
  'com.mx',
  'org.mx',
  'gob.mx',
  'com.ar',
  'com.co',
  'com.tr',
  'com.tw',
  'com.hk',
  'com.sg',
  'com.my',
  'co.in',
  'net.in',
  'org.in',
  'gov.in',
  'ac.in',
  'co.za',
  'org.za',
  'gov.za',
  'ac.za',
  'co.il',
  'org.il',
  'ac.il',
  'gov.il',
  'com.ua',
  'co.id',
  'or.id',
  'ac.id',
  'co.th',
  'in.th',
  'github.io',
  'herokuapp.com',
  'appspot.com',
  'blogspot.com',
  'cloudfront.net',
  'azurewebsites.net',
  'amazonaws.com',
  'vercel.app',
  'netlify.app',
  'pages.dev',
  'workers.dev',
  'web.app',
  'firebaseapp.com',
]);

/**
 * True when `name` (no wildcard) is a public suffix: any single label, or one of a small built-in list
 * of multi-label registries (`co.uk`, `com.au`, `github.io`, …). Not the full Public Suffix List.
 *
 * @example
 * ```ts
 * import { isPublicSuffix } from 'certkit/chain';
 * isPublicSuffix('co.uk'); // true: `*.co.uk` never matches
 * ```
 * @see RFC 9525 section 6.3 (wildcards), https://publicsuffix.org
 */
export function isPublicSuffix(name: string): boolean {
  const n = name.toLowerCase();
  return !n.includes('.') || MULTI_LABEL_PUBLIC_SUFFIXES.has(n);
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
  if (!base.includes('.') || isPublicSuffix(base)) return false;
  const dot = h.indexOf('.');
  if (dot <= 0) return false;
  return h.slice(dot + 1) === base;
}
