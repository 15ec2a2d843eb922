import type { Certificate, DistinguishedName, GeneralName } from '../x509/index.js';
import { isValidDnsName } from './dns-name.js';
import { splitMailbox } from './hostname.js';

/** One permitted or excluded subtree (RFC 5280 section 4.2.1.10). */
export interface Subtree {
  readonly base: GeneralName;
  readonly minimum?: number;
  readonly maximum?: number | undefined;
}

/** A name constraints extension's content. */
export interface NameConstraintSet {
  readonly permitted: readonly Subtree[];
  readonly excluded: readonly Subtree[];
}

/** Result of matching one name: inside, outside, or a name/constraint pair that cannot be compared. */
type Match = boolean | 'unsupported';

function ipMaskContiguous(mask: Uint8Array): boolean {
  let seenZero = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const set = (byte >> bit) & 1;
      if (set && seenZero) return false;
      if (!set) seenZero = true;
    }
  }
  return true;
}

function isValidDnsConstraint(c: string): boolean {
  if (c === '') return true;
  const body = c.startsWith('.') ? c.slice(1) : c;
  return isValidDnsName(body, { allowUnderscore: true });
}

/**
 * Why a subtree is malformed (RFC 5280 section 4.2.1.10 and the web PKI profile), or `undefined`
 * when it is well formed.
 */
export function subtreeProblem(s: Subtree): string | undefined {
  if ((s.minimum ?? 0) !== 0) return 'minimum must be 0';
  if (s.maximum !== undefined) return 'maximum must be absent';
  const b = s.base;
  switch (b.type) {
    case 'dns':
      // RFC 5280 4.2.1.10: a dNSName constraint is a host name (any name formed by adding labels to it
      // satisfies it); the leading-period form is defined for URI (and rfc822Name) constraints only.
      if (b.value.startsWith('.'))
        return `dNSName constraint "${b.value}" has a leading period (RFC 5280 4.2.1.10: that form is for URIs)`;
      return isValidDnsConstraint(b.value) ? undefined : `invalid dNSName constraint "${b.value}"`;
    case 'ip':
      if (b.bytes.length !== 8 && b.bytes.length !== 32)
        return `iPAddress constraint of ${b.bytes.length} bytes`;
      if (!ipMaskContiguous(b.bytes.subarray(b.bytes.length / 2)))
        return `iPAddress constraint with a non-contiguous mask (${b.value})`;
      return undefined;
    case 'email': {
      const v = b.value;
      if (v.includes('@')) return splitMailbox(v) ? undefined : `invalid rfc822Name constraint "${v}"`;
      return isValidDnsConstraint(v) ? undefined : `invalid rfc822Name constraint "${v}"`;
    }
    case 'uri':
      return isValidDnsConstraint(b.value) ? undefined : `invalid URI constraint "${b.value}"`;
    default:
      return undefined;
  }
}

function dnsWithin(constraint: string, name: string): boolean {
  const c = constraint.toLowerCase().replace(/\.$/, '');
  const n = name.toLowerCase().replace(/\.$/, '');
  if (c === '') return true;
  if (c.startsWith('.')) return n.endsWith(c);
  return n === c || n.endsWith(`.${c}`);
}

/** For an excluded subtree, a wildcard SAN also collides when it could stand for a name inside it. */
function dnsCollides(constraint: string, name: string): boolean {
  if (dnsWithin(constraint, name)) return true;
  const n = name.toLowerCase();
  if (!n.startsWith('*.')) return false;
  const base = n.slice(2);
  const c = constraint.toLowerCase().replace(/^\./, '');
  return c.endsWith(`.${base}`) && !c.slice(0, -(base.length + 1)).includes('.');
}

function emailWithin(constraint: string, name: string): boolean {
  const mb = splitMailbox(name);
  if (!mb) return false;
  if (constraint.includes('@')) {
    const c = splitMailbox(constraint);
    return !!c && c.local === mb.local && c.domain.toLowerCase() === mb.domain.toLowerCase();
  }
  const d = mb.domain.toLowerCase();
  const c = constraint.toLowerCase();
  if (c.startsWith('.')) return d.endsWith(c);
  return d === c;
}

/** The host of a URI's authority, or undefined when it has none. */
export function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  const host = m?.[1];
  return host ? host.toLowerCase() : undefined;
}

function uriWithin(constraint: string, name: string): Match {
  const host = uriHost(name);
  if (host === undefined) return 'unsupported';
  const c = constraint.toLowerCase();
  if (c.startsWith('.')) return host.endsWith(c);
  return host === c;
}

function ipWithin(constraint: Uint8Array, name: Uint8Array): boolean {
  if (constraint.length !== name.length * 2) return false;
  for (let i = 0; i < name.length; i++) {
    const mask = constraint[name.length + i]!;
    if ((name[i]! & mask) !== (constraint[i]! & mask)) return false;
  }
  return true;
}

function normaliseValue(v: string): string {
  return v.trim().replace(/\s+/g, ' ').toLowerCase();
}

function rdnKey(rdn: DistinguishedName['rdns'][number]): string {
  return rdn
    .map((a) => `${a.oid}=${normaliseValue(a.value)}`)
    .sort()
    .join('+');
}

/** True when `constraint` is a prefix of `name`, RDN by RDN (RFC 5280 section 7.1 comparison). */
export function directoryWithin(constraint: DistinguishedName, name: DistinguishedName): boolean {
  if (constraint.rdns.length > name.rdns.length) return false;
  for (let i = 0; i < constraint.rdns.length; i++) {
    if (rdnKey(constraint.rdns[i]!) !== rdnKey(name.rdns[i]!)) return false;
  }
  return true;
}

function within(base: GeneralName, name: GeneralName, excluded: boolean): Match {
  switch (base.type) {
    case 'dns':
      return (
        name.type === 'dns' &&
        (excluded ? dnsCollides(base.value, name.value) : dnsWithin(base.value, name.value))
      );
    case 'email':
      return name.type === 'email' && emailWithin(base.value, name.value);
    case 'uri':
      return name.type === 'uri' ? uriWithin(base.value, name.value) : false;
    case 'ip':
      return name.type === 'ip' && ipWithin(base.bytes, name.bytes);
    case 'directory':
      return name.type === 'directory' && directoryWithin(base.value, name.value);
    default:
      return base.type === name.type ? 'unsupported' : false;
  }
}

/**
 * Checks one name against a CA's constraints: `undefined` when allowed, else why not.
 * A name is allowed when it matches no excluded subtree and, if the CA permits any subtree of its
 * type, matches at least one of those.
 *
 * @see RFC 5280 section 4.2.1.10 and section 6.1.3 (b), (c)
 */
export function checkName(name: GeneralName, nc: NameConstraintSet): string | undefined {
  for (const s of nc.excluded) {
    const m = within(s.base, name, true);
    if (m === 'unsupported')
      return `cannot check a ${name.type} name against an excluded ${s.base.type} subtree`;
    if (m) return `${describe(name)} is in an excluded subtree (${describe(s.base)})`;
  }
  let sameType = false;
  for (const s of nc.permitted) {
    if (s.base.type !== name.type) continue;
    sameType = true;
    const m = within(s.base, name, false);
    if (m === 'unsupported') return `cannot check a ${name.type} name against a permitted subtree`;
    if (m) return undefined;
  }
  return sameType ? `${describe(name)} is not in any permitted ${name.type} subtree` : undefined;
}

/** A readable form of a general name for messages. */
export function describe(n: GeneralName): string {
  switch (n.type) {
    case 'directory':
      return `directoryName "${n.value.toString()}"`;
    case 'dns':
    case 'email':
    case 'uri':
    case 'ip':
    case 'registeredId':
      return `${n.type} "${n.value}"`;
    case 'other':
      return `otherName ${n.oid}`;
    default:
      return n.type;
  }
}

const EMAIL_OID = '1.2.840.113549.1.9.1';

/**
 * The names of a certificate that name constraints apply to: its SANs, its subject as a directory name
 * (when not empty) and any emailAddress attributes of the subject as rfc822 names.
 */
export function constrainedNames(cert: Certificate): GeneralName[] {
  const out: GeneralName[] = [...cert.subjectAltNames];
  const subject = cert.subject;
  if (subject.rdns.length > 0) out.push({ type: 'directory', value: subject });
  for (const rdn of subject.rdns)
    for (const a of rdn) if (a.oid === EMAIL_OID) out.push({ type: 'email', value: a.value });
  return out;
}
