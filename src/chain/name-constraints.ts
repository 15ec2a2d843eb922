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

/**
 * The default budget of name/subtree comparisons of one validation call: 250,000, the default of Go's
 * crypto/x509 (`VerifyOptions.MaxConstraintComparisions`).
 */
export const DEFAULT_MAX_CONSTRAINT_COMPARISONS = 250_000;

/**
 * The name-constraint comparisons one validation call may make, over every CA and every path it
 * considers: each name checked against a CA costs the number of that CA's subtrees of the name's type
 * (excluded and permitted), as Go counts them. Charged before the comparisons run.
 */
export class ConstraintBudget {
  readonly limit: number;
  #spent = 0;

  /** @throws TypeError when `limit` is not a non-negative safe integer. */
  constructor(limit: number = DEFAULT_MAX_CONSTRAINT_COMPARISONS) {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new TypeError('maxConstraintComparisons must be a non-negative integer');
    }
    this.limit = limit;
  }

  /** Comparisons spent so far. */
  get spent(): number {
    return this.#spent;
  }

  /** Spends `n` comparisons; `false`, spending nothing, when that would pass the limit. */
  spend(n: number): boolean {
    if (this.#spent + n > this.limit) return false;
    this.#spent += n;
    return true;
  }
}

/**
 * A CA's constraints grouped by name type: a name is only ever compared with subtrees of its own type
 * (a dNSName subtree says nothing about an email address), so grouping once makes each check touch
 * only those, and tells the budget what a check costs before it runs.
 */
export class PreparedConstraints implements NameConstraintSet {
  readonly permitted: readonly Subtree[];
  readonly excluded: readonly Subtree[];
  readonly #permitted = new Map<string, Forms[]>();
  readonly #excluded = new Map<string, Forms[]>();

  constructor(nc: NameConstraintSet) {
    this.permitted = nc.permitted;
    this.excluded = nc.excluded;
    group(nc.permitted, this.#permitted);
    group(nc.excluded, this.#excluded);
  }

  /** Permitted subtree bases of `type`, normalised once. */
  permittedOf(type: string): readonly Forms[] {
    return this.#permitted.get(type) ?? NONE;
  }

  /** Excluded subtree bases of `type`, normalised once. */
  excludedOf(type: string): readonly Forms[] {
    return this.#excluded.get(type) ?? NONE;
  }

  /** The comparisons checking `name` costs. */
  comparisonsFor(name: GeneralName): number {
    return this.excludedOf(name.type).length + this.permittedOf(name.type).length;
  }
}

const NONE: readonly Forms[] = Object.freeze([]);

function group(list: readonly Subtree[], into: Map<string, Forms[]>): void {
  for (const s of list) {
    const same = into.get(s.base.type);
    if (same === undefined) into.set(s.base.type, [new Forms(s.base)]);
    else same.push(new Forms(s.base));
  }
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

/**
 * A name, or a subtree's base, in the normalised forms the comparisons use: each computed once and
 * kept, so comparing one long name with many subtrees (or one subtree with many names) normalises
 * each side once, and a comparison costs at most the length of the shorter side.
 */
class Forms {
  readonly name: GeneralName;
  #lower: string | undefined;
  #mailbox: { local: string; domain: string } | null | undefined;
  #host: string | null | undefined;

  constructor(name: GeneralName) {
    this.name = name;
  }

  /** The string value in lower case ('' for a name that has none). */
  get lower(): string {
    this.#lower ??= typeof this.name.value === 'string' ? this.name.value.toLowerCase() : '';
    return this.#lower;
  }

  /** Lower case without one trailing dot (an absolute DNS name). */
  get dns(): string {
    const l = this.lower;
    return l.endsWith('.') ? l.slice(0, -1) : l;
  }

  /** An rfc822Name split at its last `@`, domain in lower case; null when it is not a mailbox. */
  get mailbox(): { local: string; domain: string } | null {
    if (this.#mailbox === undefined) {
      const mb = splitMailbox(String(this.name.value));
      this.#mailbox = mb === undefined ? null : { local: mb.local, domain: mb.domain.toLowerCase() };
    }
    return this.#mailbox;
  }

  /** A URI's host in lower case; null when it has no authority. */
  get host(): string | null {
    if (this.#host === undefined) this.#host = uriHost(String(this.name.value)) ?? null;
    return this.#host;
  }
}

function dnsWithin(c: Forms, n: Forms): boolean {
  const constraint = c.dns;
  const name = n.dns;
  if (constraint === '') return true;
  if (constraint.startsWith('.')) return name.endsWith(constraint);
  return (
    name === constraint || (name.endsWith(constraint) && name[name.length - constraint.length - 1] === '.')
  );
}

/** For an excluded subtree, a wildcard SAN also collides when it could stand for a name inside it. */
function dnsCollides(c: Forms, n: Forms): boolean {
  if (dnsWithin(c, n)) return true;
  const name = n.lower;
  if (!name.startsWith('*.')) return false;
  const base = name.slice(2);
  const constraint = c.lower.startsWith('.') ? c.lower.slice(1) : c.lower;
  return (
    constraint.length > base.length &&
    constraint.endsWith(base) &&
    constraint[constraint.length - base.length - 1] === '.' &&
    !constraint.slice(0, -(base.length + 1)).includes('.')
  );
}

function emailWithin(c: Forms, n: Forms): boolean {
  const mb = n.mailbox;
  if (!mb) return false;
  if (String(c.name.value).includes('@')) {
    const box = c.mailbox;
    return box !== null && box.local === mb.local && box.domain === mb.domain;
  }
  const constraint = c.lower;
  if (constraint.startsWith('.')) return mb.domain.endsWith(constraint);
  return mb.domain === constraint;
}

/** The host of a URI's authority, or undefined when it has none. */
export function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  const host = m?.[1];
  return host ? host.toLowerCase() : undefined;
}

function uriWithin(c: Forms, n: Forms): Match {
  const host = n.host;
  if (host === null) return 'unsupported';
  const constraint = c.lower;
  if (constraint.startsWith('.')) return host.endsWith(constraint);
  return host === constraint;
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

/** Each RDN's comparison key, computed once per name (a CA's subtree is compared with many names). */
const RDN_KEYS = new WeakMap<DistinguishedName, readonly string[]>();

function rdnKeys(dn: DistinguishedName): readonly string[] {
  let keys = RDN_KEYS.get(dn);
  if (keys === undefined) {
    keys = dn.rdns.map((rdn) =>
      rdn
        .map((a) => `${a.oid}=${normaliseValue(a.value)}`)
        .sort()
        .join('+'),
    );
    RDN_KEYS.set(dn, keys);
  }
  return keys;
}

/** True when `constraint` is a prefix of `name`, RDN by RDN (RFC 5280 section 7.1 comparison). */
export function directoryWithin(constraint: DistinguishedName, name: DistinguishedName): boolean {
  const c = rdnKeys(constraint);
  const n = rdnKeys(name);
  if (c.length > n.length) return false;
  for (let i = 0; i < c.length; i++) if (c[i] !== n[i]) return false;
  return true;
}

function within(base: Forms, name: Forms, excluded: boolean): Match {
  const b = base.name;
  const n = name.name;
  switch (b.type) {
    case 'dns':
      return n.type === 'dns' && (excluded ? dnsCollides(base, name) : dnsWithin(base, name));
    case 'email':
      return n.type === 'email' && emailWithin(base, name);
    case 'uri':
      return n.type === 'uri' ? uriWithin(base, name) : false;
    case 'ip':
      return n.type === 'ip' && ipWithin(b.bytes, n.bytes);
    case 'directory':
      return n.type === 'directory' && directoryWithin(b.value, n.value);
    default:
      return b.type === n.type ? 'unsupported' : false;
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
  const prepared = nc instanceof PreparedConstraints ? nc : new PreparedConstraints(nc);
  const forms = new Forms(name);
  // Only subtrees of the name's own type can contain it (within() is false across types).
  for (const base of prepared.excludedOf(name.type)) {
    const m = within(base, forms, true);
    if (m === 'unsupported')
      return `cannot check a ${name.type} name against an excluded ${base.name.type} subtree`;
    if (m) return `${describe(name)} is in an excluded subtree (${describe(base.name)})`;
  }
  let sameType = false;
  for (const base of prepared.permittedOf(name.type)) {
    sameType = true;
    const m = within(base, forms, false);
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
