import { malformed } from './dns-errors.js';

/** The longest name on the wire, length octets included (RFC 1035 section 2.3.4). */
const MAX_NAME_WIRE = 255;
const MAX_LABEL = 63;

/** A name without its trailing dot; the root is the empty string. */
export function normalizeName(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** Whether two names are equal ignoring ASCII case and a trailing dot (RFC 4343). */
export function namesEqual(a: string, b: string): boolean {
  return normalizeName(a).toLowerCase() === normalizeName(b).toLowerCase();
}

/** Whether `name` is `zone` or below it (case-insensitive). */
export function isSubdomain(name: string, zone: string): boolean {
  const n = normalizeName(name).toLowerCase();
  const z = normalizeName(zone).toLowerCase();
  return z === '' || n === z || n.endsWith(`.${z}`);
}

/**
 * The uncompressed wire form of a host name (`a.example.com` or `a.example.com.`).
 * Only ASCII is accepted: internationalized names must already be A-labels (punycode).
 *
 * @throws TypeError for an empty label, a label over 63 octets, a name over 255 octets, or non-ASCII.
 */
export function encodeName(name: string, lowercase = false): Uint8Array {
  const n = normalizeName(lowercase ? name.toLowerCase() : name);
  if (n === '') return Uint8Array.of(0);
  const labels = n.split('.');
  const out = new Uint8Array(n.length + 2);
  let pos = 0;
  for (const label of labels) {
    if (label.length === 0 || label.length > MAX_LABEL) {
      throw new TypeError(`DNS name "${name}" has an empty label or one longer than ${MAX_LABEL} octets`);
    }
    out[pos++] = label.length;
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (c > 0x7e || c < 0x21) {
        throw new TypeError(`DNS name "${name}" must be printable ASCII (use the punycode A-label form)`);
      }
      out[pos++] = c;
    }
  }
  out[pos++] = 0;
  if (pos > MAX_NAME_WIRE) throw new TypeError(`DNS name "${name}" is longer than ${MAX_NAME_WIRE} octets`);
  return out;
}

/** The canonical wire form (lowercase, uncompressed) used in TSIG digests (RFC 8945 section 4.3.3). */
export function canonicalName(name: string): Uint8Array {
  return encodeName(name, true);
}

function labelText(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length; i++) {
    const c = bytes[i]!;
    if (c === 0x2e || c === 0x5c) s += `\\${String.fromCharCode(c)}`;
    else if (c < 0x21 || c > 0x7e) s += `\\${c.toString().padStart(3, '0')}`;
    else s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Reads a possibly compressed name at `offset` of a whole message (RFC 1035 section 4.1.4).
 * Compression pointers must point strictly backwards, so a loop cannot happen. Returns the name in
 * presentation form without the trailing dot (dots and backslashes inside labels escaped) and the
 * offset just after the name's own bytes.
 *
 * @throws ERR_ACME_DNS_BAD_RESPONSE (`malformed`) when the name runs past the end, loops, or is too long.
 */
export function readName(bytes: Uint8Array, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = offset;
  let next = -1;
  let wireLength = 1;
  let lowestJump = offset;
  for (;;) {
    if (pos >= bytes.length) throw malformed('name runs past the end', pos);
    const len = bytes[pos]!;
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= bytes.length) throw malformed('compression pointer runs past the end', pos);
      const target = ((len & 0x3f) << 8) | bytes[pos + 1]!;
      if (target >= lowestJump) throw malformed('compression pointer does not point backwards', pos);
      if (next < 0) next = pos + 2;
      lowestJump = target;
      pos = target;
      continue;
    }
    if (kind !== 0) throw malformed(`unsupported label type 0x${kind.toString(16)}`, pos);
    if (pos + 1 + len > bytes.length) throw malformed('label runs past the end', pos);
    wireLength += len + 1;
    if (wireLength > MAX_NAME_WIRE) throw malformed('name longer than 255 octets', pos);
    labels.push(labelText(bytes, pos + 1, len));
    pos += len + 1;
  }
  return { name: labels.join('.'), next };
}
