import { children, malformed, readTlv, type Tlv, UniversalTag } from '../internal/der/tlv.js';
import { readOid } from '../internal/der/values.js';
import { DistinguishedName } from './distinguished-name.js';

/**
 * One GeneralName (RFC 5280 section 4.2.1.6), as found in subjectAltName, name constraints,
 * authority key identifiers, AIA and CRL distribution points.
 *
 * `ip` values are dotted IPv4 or RFC 5952 IPv6 (`2001:db8::1`); in name constraints the bytes hold
 * address and mask and the value is `10.0.0.0/8` (or `address/mask` for a non-contiguous mask).
 */
export type GeneralName =
  | { readonly type: 'dns'; readonly value: string }
  | { readonly type: 'ip'; readonly value: string; readonly bytes: Uint8Array }
  | { readonly type: 'email'; readonly value: string }
  | { readonly type: 'uri'; readonly value: string }
  | { readonly type: 'directory'; readonly value: DistinguishedName }
  | { readonly type: 'registeredId'; readonly value: string }
  | { readonly type: 'other'; readonly oid: string; readonly value: Uint8Array }
  | { readonly type: 'x400' | 'ediParty'; readonly value: Uint8Array };

function formatIpv4(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

function formatIpv6(b: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[at + 2 * i]! << 8) | b[at + 2 * i + 1]!);
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function prefixLength(b: Uint8Array, at: number, len: number): number | undefined {
  let bits = 0;
  let i = 0;
  while (i < len && b[at + i] === 0xff) {
    bits += 8;
    i++;
  }
  if (i < len) {
    const m = b[at + i]!;
    let ones = 0;
    while (ones < 8 && m & (0x80 >> ones)) ones++;
    if (((m << ones) & 0xff) !== 0) return undefined;
    bits += ones;
    i++;
  }
  for (; i < len; i++) if (b[at + i] !== 0) return undefined;
  return bits;
}

/**
 * Formats an iPAddress GeneralName: 4 or 16 bytes (an address), 8 or 32 (address and mask, as
 * `10.0.0.0/8`, or `address/mask` when the mask is not a prefix). IPv6 follows RFC 5952.
 *
 * @example
 * ```ts
 * import { formatIpAddress } from 'certkit/x509';
 * formatIpAddress(Uint8Array.of(10, 0, 0, 0, 255, 0, 0, 0)); // '10.0.0.0/8'
 * ```
 * @see RFC 5280 section 4.2.1.6, RFC 5280 section 4.2.1.10, RFC 5952
 */
export function formatIpAddress(b: Uint8Array): string {
  if (b.length === 4) return formatIpv4(b, 0);
  if (b.length === 16) return formatIpv6(b, 0);
  if (b.length === 8 || b.length === 32) {
    const half = b.length / 2;
    const fmt = half === 4 ? formatIpv4 : formatIpv6;
    const prefix = prefixLength(b, half, half);
    return `${fmt(b, 0)}/${prefix === undefined ? fmt(b, half) : prefix}`;
  }
  return `#${Buffer.from(b).toString('hex')}`;
}

/** Decodes one GeneralName TLV. */
export function readGeneralName(der: Uint8Array, tlv: Tlv): GeneralName {
  if (tlv.cls !== 2) malformed(tlv.start, 'GeneralName: expected a context-specific tag');
  switch (tlv.tag) {
    case 0: {
      if (!tlv.constructed) malformed(tlv.start, 'otherName must be constructed');
      const [typeId, explicit] = children(der, tlv);
      if (!typeId || !explicit || explicit.cls !== 2 || explicit.tag !== 0) {
        malformed(tlv.start, 'otherName needs a type-id and a [0] value');
      }
      const oid = readOid(der, typeId);
      return { type: 'other', oid, value: der.subarray(explicit.valueStart, explicit.end) };
    }
    case 1:
      return { type: 'email', value: readIa5(der, tlv) };
    case 2:
      return { type: 'dns', value: readIa5(der, tlv) };
    case 3:
      return { type: 'x400', value: der.subarray(tlv.valueStart, tlv.end) };
    case 4: {
      if (!tlv.constructed) malformed(tlv.start, 'directoryName must be constructed');
      const name = readTlv(der, tlv.valueStart, tlv.end);
      if (name.end !== tlv.end) malformed(name.end, 'directoryName has extra bytes');
      const dn = new DistinguishedName(der.subarray(name.start, name.end));
      void dn.rdns;
      return { type: 'directory', value: dn };
    }
    case 5:
      return { type: 'ediParty', value: der.subarray(tlv.valueStart, tlv.end) };
    case 6:
      return { type: 'uri', value: readIa5(der, tlv) };
    case 7: {
      if (tlv.constructed) malformed(tlv.start, 'iPAddress must be primitive');
      const bytes = der.subarray(tlv.valueStart, tlv.end);
      if (![4, 16, 8, 32].includes(bytes.length)) malformed(tlv.start, `iPAddress of ${bytes.length} bytes`);
      return { type: 'ip', value: formatIpAddress(bytes), bytes };
    }
    case 8: {
      const oid = readOid(der, { ...tlv, cls: 0, tag: UniversalTag.oid });
      return { type: 'registeredId', value: oid };
    }
    default:
      return malformed(tlv.start, `GeneralName with unknown tag [${tlv.tag}]`);
  }
}

const utf8 = new TextDecoder('utf-8');

/** IA5String content; bytes above 0x7f (invalid, but written by some tools) are read as UTF-8, as OpenSSL shows them. */
function readIa5(der: Uint8Array, tlv: Tlv): string {
  if (tlv.constructed) malformed(tlv.start, 'IA5String GeneralName must be primitive');
  let s = '';
  for (let i = tlv.valueStart; i < tlv.end; i++) {
    const b = der[i]!;
    if (b > 0x7f) return utf8.decode(der.subarray(tlv.valueStart, tlv.end));
    s += String.fromCharCode(b);
  }
  return s;
}

/** Decodes a SEQUENCE OF GeneralName (GeneralNames), or the content of an implicitly tagged one. */
export function readGeneralNames(der: Uint8Array, seq: Tlv): GeneralName[] {
  const out: GeneralName[] = [];
  for (const t of children(der, seq)) out.push(readGeneralName(der, t));
  return out;
}

/**
 * A one-line form of a GeneralName close to OpenSSL's (`DNS:example.com`, `IP Address:10.0.0.1`).
 *
 * @example
 * ```ts
 * import { formatGeneralName, parseCertificate } from 'certkit/x509';
 * console.log(parseCertificate(pem).subjectAltNames.map(formatGeneralName).join(', '));
 * ```
 * @see RFC 5280 section 4.2.1.6
 */
export function formatGeneralName(name: GeneralName): string {
  switch (name.type) {
    case 'dns':
      return `DNS:${name.value}`;
    case 'ip':
      return `IP Address:${name.value}`;
    case 'email':
      return `email:${name.value}`;
    case 'uri':
      return `URI:${name.value}`;
    case 'directory':
      return `DirName:${name.value.toString()}`;
    case 'registeredId':
      return `Registered ID:${name.value}`;
    case 'other':
      return `othername:${name.oid}`;
    default:
      return `${name.type}:<${name.value.length} bytes>`;
  }
}

/**
 * A JSON-safe form of a GeneralName (bytes as hex, directory names as RFC 4514 strings).
 *
 * @example
 * ```ts
 * import { generalNameToJson, parseCertificate } from 'certkit/x509';
 * JSON.stringify(parseCertificate(pem).subjectAltNames.map(generalNameToJson));
 * ```
 * @see RFC 5280 section 4.2.1.6
 */
export function generalNameToJson(name: GeneralName): { type: string; value: string; oid?: string } {
  switch (name.type) {
    case 'directory':
      return { type: name.type, value: name.value.toString() };
    case 'other':
      return { type: name.type, oid: name.oid, value: Buffer.from(name.value).toString('hex') };
    case 'x400':
    case 'ediParty':
      return { type: name.type, value: Buffer.from(name.value).toString('hex') };
    default:
      return { type: name.type, value: name.value };
  }
}
