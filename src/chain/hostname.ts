import type { Certificate, GeneralName } from '../x509/index.js';
import { isValidDnsName, matchesDnsPattern } from './dns-name.js';
import { bytesEqual, parseIpAddress } from './ip-address.js';

/** Options of {@link matchesHostname}. */
export interface HostnameMatchOptions {
  /**
   * Fall back to the subject common name when the certificate has no dNSName SAN (legacy, RFC 6125
   * section 6.4.4). Default `false`: modern clients and the CA/B Forum ignore the common name.
   */
  readonly allowCommonNameFallback?: boolean;
}

function sans(cert: Certificate): readonly GeneralName[] {
  return cert.subjectAltNames;
}

/**
 * True when the certificate is valid for the DNS host name `host`, by its subjectAltName dNSName entries
 * (wildcards only as the whole left-most label and never directly over a public suffix). An IP address
 * given as `host` is matched against iPAddress SANs only, never against DNS names.
 *
 * @throws X509Error ERR_X509_BAD_EXTENSION when the subjectAltName extension cannot be decoded
 * @example
 * ```ts
 * import { matchesHostname } from 'certkit/chain';
 * if (!matchesHostname(cert, 'api.example.com')) throw new Error('wrong certificate');
 * ```
 * @see RFC 9525 section 6.3, RFC 6125 section 6.4
 */
export function matchesHostname(
  cert: Certificate,
  host: string,
  options: HostnameMatchOptions = {},
): boolean {
  if (typeof host !== 'string') throw new TypeError('matchesHostname: host must be a string');
  if (parseIpAddress(host)) return matchesIpAddress(cert, host);
  const h = host.replace(/\.$/, '');
  if (!isValidDnsName(h, { allowUnderscore: true })) return false;
  const names = sans(cert);
  let hasDns = false;
  for (const n of names) {
    if (n.type !== 'dns') continue;
    hasDns = true;
    if (matchesDnsPattern(n.value, h)) return true;
  }
  if (!hasDns && options.allowCommonNameFallback) {
    for (const cn of cert.subject.get('CN')) if (matchesDnsPattern(cn, h)) return true;
  }
  return false;
}

/**
 * True when the certificate has an iPAddress SAN equal to `ip` (IPv4 or IPv6, any textual form:
 * `2001:DB8::0:1` equals `2001:db8::1`). IPv4 and IPv4-mapped IPv6 are different addresses.
 *
 * @throws TypeError when `ip` is not a valid address
 * @example
 * ```ts
 * import { matchesIpAddress } from 'certkit/chain';
 * matchesIpAddress(cert, '127.0.0.1');
 * ```
 * @see RFC 5280 section 4.2.1.6, RFC 9525 section 6.2
 */
export function matchesIpAddress(cert: Certificate, ip: string | Uint8Array): boolean {
  const bytes = typeof ip === 'string' ? parseIpAddress(ip) : ip;
  if (!bytes) throw new TypeError(`matchesIpAddress: not an IP address: ${String(ip)}`);
  for (const n of sans(cert)) if (n.type === 'ip' && bytesEqual(n.bytes, bytes)) return true;
  return false;
}

/** Splits `local@domain` at the last `@`; `undefined` when it is not a mailbox. */
export function splitMailbox(address: string): { local: string; domain: string } | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/**
 * True when the certificate has an rfc822Name SAN equal to `email`: the local part compared exactly
 * (case-sensitive), the domain case-insensitively.
 *
 * @example
 * ```ts
 * import { matchesEmail } from 'certkit/chain';
 * matchesEmail(clientCert, 'alice@Example.COM');
 * ```
 * @see RFC 5280 section 4.2.1.6, RFC 8398
 */
export function matchesEmail(cert: Certificate, email: string): boolean {
  if (typeof email !== 'string') throw new TypeError('matchesEmail: email must be a string');
  const want = splitMailbox(email);
  if (!want) return false;
  for (const n of sans(cert)) {
    if (n.type !== 'email') continue;
    const got = splitMailbox(n.value);
    if (got && got.local === want.local && got.domain.toLowerCase() === want.domain.toLowerCase())
      return true;
  }
  return false;
}
