import { isIP } from 'node:net';
import { IssueError } from '../errors/area-errors.js';
import { DistinguishedName } from '../x509/distinguished-name.js';
import type { PeculiarX509 } from './load-peculiar.js';

/**
 * A subject: RFC 4514 text, most specific RDN first as `certkit inspect` and `openssl -nameopt RFC2253`
 * print it (`CN=api.internal,O=Example,C=DE`), or a {@link DistinguishedName} taken from another
 * certificate or CSR (its bytes are copied as they are).
 */
export type SubjectInput = string | DistinguishedName;

/** Subject alternative names (RFC 5280 section 4.2.1.6). Each list may be empty or absent. */
export interface SubjectAltNameOptions {
  /** DNS names (LDH labels; a leading `*.` for a wildcard). */
  readonly dnsNames?: readonly string[];
  /** IPv4 or IPv6 addresses as text. */
  readonly ipAddresses?: readonly string[];
  /** Email addresses (rfc822Name). */
  readonly emails?: readonly string[];
  /** Absolute URIs (for example a SPIFFE ID, `spiffe://example.org/api`). */
  readonly uris?: readonly string[];
}

function badName(what: string, value: string, why: string): IssueError {
  return new IssueError('ERR_ISSUE_BAD_NAME', `The ${what} ${JSON.stringify(value)} ${why}.`, {
    details: { what, value },
  });
}

/** Splits RFC 4514 text at the commas that separate RDNs (not escaped, not inside quotes). */
function splitRdns(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      current += c + (text[i + 1] as string);
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}

/**
 * @internal The subject as `@peculiar/x509` takes it. RFC 4514 text lists the last RDN first, so the
 * RDNs are reversed before encoding (RFC 4514 section 2.1): `CN=a,O=b` is encoded O first, as OpenSSL
 * does, and reads back as `CN=a,O=b`. An empty string is the empty name.
 * @throws IssueError `ERR_ISSUE_BAD_NAME`
 */
export function subjectName(lib: PeculiarX509, subject: SubjectInput): InstanceType<PeculiarX509['Name']> {
  if (subject instanceof DistinguishedName) return new lib.Name(new Uint8Array(subject.der));
  if (typeof subject !== 'string') throw new TypeError('subject must be a string or a DistinguishedName');
  if (subject.trim() === '') return new lib.Name('');
  const rdns = splitRdns(subject);
  for (const rdn of rdns) {
    const eq = rdn.indexOf('=');
    if (eq <= 0 || rdn.slice(eq + 1).trim() === '') {
      throw badName('subject', subject, `is not RFC 4514 text (an RDN "${rdn}" has no type=value)`);
    }
    const type = rdn.slice(0, eq).trim().toUpperCase();
    const value = rdn.slice(eq + 1).trim();
    if (type === 'C' && !/^[A-Za-z]{2}$/.test(value)) {
      throw badName('subject', subject, 'has a country (C) that is not a two-letter ISO 3166 code');
    }
  }
  try {
    return new lib.Name(rdns.reverse().join(', '));
  } catch (cause) {
    throw new IssueError(
      'ERR_ISSUE_BAD_NAME',
      `The subject ${JSON.stringify(subject)} has an attribute type that is not known.`,
      { cause, details: { what: 'subject', value: subject } },
    );
  }
}

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Checks a DNS name: LDH labels of 1-63 characters, 253 in all, a wildcard only as the whole first label. */
function checkDnsName(name: string): void {
  const labels = name.split('.');
  const body = labels[0] === '*' ? labels.slice(1) : labels;
  if (name.length > 253 || body.length === 0 || !body.every((l) => LABEL.test(l))) {
    throw badName('DNS name', name, 'is not a host name (LDH labels, a leading "*." for a wildcard)');
  }
}

/** One general name as `@peculiar/x509` takes it. */
export interface PeculiarGeneralName {
  readonly type: 'dns' | 'ip' | 'email' | 'url';
  readonly value: string;
}

/**
 * @internal The alternative names, checked, in the order dns, ip, email, uri.
 * @throws IssueError `ERR_ISSUE_BAD_NAME`
 */
export function altNames(options: SubjectAltNameOptions): PeculiarGeneralName[] {
  const out: PeculiarGeneralName[] = [];
  for (const dns of options.dnsNames ?? []) {
    checkDnsName(dns);
    out.push({ type: 'dns', value: dns.toLowerCase() });
  }
  for (const ip of options.ipAddresses ?? []) {
    if (isIP(ip) === 0) throw badName('IP address', ip, 'is not an IPv4 or IPv6 address');
    out.push({ type: 'ip', value: ip });
  }
  for (const email of options.emails ?? []) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw badName('email address', email, 'is not local@domain');
    out.push({ type: 'email', value: email });
  }
  for (const uri of options.uris ?? []) {
    if (!URL.canParse(uri) || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) {
      throw badName('URI', uri, 'is not an absolute URI (RFC 5280 section 4.2.1.6)');
    }
    out.push({ type: 'url', value: uri });
  }
  return out;
}
