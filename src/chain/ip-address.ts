/**
 * Textual IP addresses to bytes, strictly: dotted-quad IPv4 (no leading zeros, no shorthand) and RFC 4291
 * IPv6 (with `::` and an embedded IPv4 tail). Used to compare a reference address with iPAddress SANs
 * whatever its textual form.
 */

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | undefined {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.includes('%')) return undefined; // zone ids are not part of a certificate name
  const tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const groups = h.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  if (!head) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const rest = parseGroups(halves[1]!);
    if (!rest) return undefined;
    const fill = 8 - head.length - rest.length - tail.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest, ...tail];
  } else {
    groups = [...head, ...tail];
  }
  if (groups.length !== 8) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/**
 * Parses a textual IPv4 or IPv6 address into its 4 or 16 bytes, or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * import { parseIpAddress } from 'certkit/chain';
 * parseIpAddress('2001:DB8:0::1'); // 16 bytes, equal to those of '2001:db8::1'
 * ```
 * @see RFC 4291 section 2.2, RFC 5952
 */
export function parseIpAddress(text: string): Uint8Array | undefined {
  if (typeof text !== 'string') throw new TypeError('parseIpAddress: text must be a string');
  if (text.includes(':')) return parseIpv6(text);
  return parseIpv4(text);
}

/** True when two byte strings are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
