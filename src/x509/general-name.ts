import { checkNested } from '../internal/der/nested.js';
import { codeUnitsToString, decodeUtf8, isAsciiBytes } from '../internal/der/strings.js';
import { children, malformed, readTlv, type Tlv, UniversalTag } from '../internal/der/tlv.js';
import { readOid } from '../internal/der/values.js';
import { attributeProblem, DistinguishedName, requireValidStrings } from './distinguished-name.js';
import type { DeviationReport } from './encoding-deviation.js';

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

/** Where a GeneralName is read: name constraints hold address ranges, every other place addresses. */
export interface GeneralNameContext {
  /** `true` inside a GeneralSubtree: iPAddress is then address and mask (8 or 32 bytes). */
  readonly constraint?: boolean;
  /** Receives encoding deviations (IA5String beyond ASCII, directory names outside their charset). */
  readonly report?: DeviationReport | undefined;
}

const NO_CONTEXT: GeneralNameContext = {};

/**
 * Decodes one GeneralName TLV. An iPAddress must be 4 or 16 bytes (RFC 5280 4.2.1.6), or 8 or 32 in
 * name constraints (4.2.1.10); a directoryName whose strings are not valid for their type is refused.
 */
export function readGeneralName(
  der: Uint8Array,
  tlv: Tlv,
  context: GeneralNameContext = NO_CONTEXT,
): GeneralName {
  if (tlv.cls !== 2) malformed(tlv.start, 'GeneralName: expected a context-specific tag');
  switch (tlv.tag) {
    case 0: {
      if (!tlv.constructed) malformed(tlv.start, 'otherName must be constructed');
      const [typeId, explicit, extra] = children(der, tlv);
      if (
        !typeId ||
        !explicit ||
        extra ||
        explicit.cls !== 2 ||
        explicit.tag !== 0 ||
        !explicit.constructed
      ) {
        malformed(tlv.start, 'otherName needs a type-id and a [0] value');
      }
      const oid = readOid(der, typeId);
      checkNested(der, explicit);
      return { type: 'other', oid, value: der.subarray(explicit.valueStart, explicit.end) };
    }
    case 1:
      return { type: 'email', value: readIa5(der, tlv, 'rfc822Name', context.report) };
    case 2:
      return { type: 'dns', value: readIa5(der, tlv, 'dNSName', context.report) };
    case 3:
      checkNested(der, tlv);
      return { type: 'x400', value: der.subarray(tlv.valueStart, tlv.end) };
    case 4: {
      if (!tlv.constructed) malformed(tlv.start, 'directoryName must be constructed');
      const name = readTlv(der, tlv.valueStart, tlv.end);
      if (name.end !== tlv.end) malformed(name.end, 'directoryName has extra bytes');
      const dn = new DistinguishedName(der.subarray(name.start, name.end));
      requireValidStrings(dn);
      if (context.report) {
        for (const rdn of dn.rdns) {
          for (const a of rdn)
            if (a.problem === 'charset')
              context.report('string-charset', `directoryName: ${attributeProblem(a)}`);
        }
      }
      return { type: 'directory', value: dn };
    }
    case 5:
      checkNested(der, tlv);
      return { type: 'ediParty', value: der.subarray(tlv.valueStart, tlv.end) };
    case 6:
      return { type: 'uri', value: readIa5(der, tlv, 'uniformResourceIdentifier', context.report) };
    case 7: {
      if (tlv.constructed) malformed(tlv.start, 'iPAddress must be primitive');
      const bytes = der.subarray(tlv.valueStart, tlv.end);
      const n = bytes.length;
      if (context.constraint === true ? n !== 8 && n !== 32 : n !== 4 && n !== 16) {
        malformed(
          tlv.start,
          context.constraint === true
            ? `iPAddress constraint of ${n} bytes: RFC 5280 4.2.1.10 requires 8 (IPv4) or 32 (IPv6), address and mask`
            : `iPAddress of ${n} bytes: RFC 5280 4.2.1.6 requires 4 (IPv4) or 16 (IPv6)`,
        );
      }
      return { type: 'ip', value: formatIpAddress(bytes), bytes };
    }
    case 8: {
      if (tlv.constructed) malformed(tlv.start, 'registeredID must be primitive');
      const oid = readOid(der, { ...tlv, cls: 0, tag: UniversalTag.oid });
      return { type: 'registeredId', value: oid };
    }
    default:
      return malformed(tlv.start, `GeneralName with unknown tag [${tlv.tag}]`);
  }
}

/**
 * IA5String content (RFC 5280 4.2.1.6: dNSName, rfc822Name and URI are IA5String, 7-bit). Bytes above
 * 0x7F, which some tools write, are read as UTF-8 as OpenSSL shows them and reported as a character-set
 * deviation; bytes that are not UTF-8 either are refused (no lossy decoding).
 */
function readIa5(der: Uint8Array, tlv: Tlv, what: string, report: DeviationReport | undefined): string {
  if (tlv.constructed) malformed(tlv.start, `${what} must be primitive`);
  const bytes = der.subarray(tlv.valueStart, tlv.end);
  if (isAsciiBytes(bytes)) return codeUnitsToString(bytes);
  const text = decodeUtf8(bytes);
  if (text === undefined)
    malformed(tlv.start, `${what} holds bytes that are neither ASCII (IA5String) nor UTF-8`);
  report?.('string-charset', `${what} ${JSON.stringify(text)} holds non-ASCII characters (IA5String)`);
  return text;
}

/** Decodes a SEQUENCE OF GeneralName (GeneralNames), or the content of an implicitly tagged one. */
export function readGeneralNames(der: Uint8Array, seq: Tlv, report?: DeviationReport): GeneralName[] {
  const out: GeneralName[] = [];
  const context = report === undefined ? NO_CONTEXT : { report };
  for (const t of children(der, seq)) out.push(readGeneralName(der, t, context));
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
