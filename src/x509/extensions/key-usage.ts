import { isDerNamedBitList, malformed, readBitString, readRoot } from '../../internal/der/index.js';
import type { DeviationReport } from '../encoding-deviation.js';

/**
 * The keyUsage extension: which operations the certified key may perform.
 * @see RFC 5280 section 4.2.1.3
 */
export interface KeyUsage {
  readonly critical: boolean;
  readonly digitalSignature: boolean;
  readonly nonRepudiation: boolean;
  readonly keyEncipherment: boolean;
  readonly dataEncipherment: boolean;
  readonly keyAgreement: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
  readonly encipherOnly: boolean;
  readonly decipherOnly: boolean;
  /** The names of the bits that are set, in bit order (`digitalSignature`, `keyEncipherment`, …). */
  readonly names: readonly string[];
}

/**
 * Key usage bit names in bit order.
 * @example
 * ```ts
 * import { KEY_USAGE_BITS } from 'certkit/x509';
 * KEY_USAGE_BITS[5]; // 'keyCertSign'
 * ```
 * @see RFC 5280 section 4.2.1.3
 */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

/**
 * Decodes a keyUsage extension value. Refuses a KeyUsage with no bit set (RFC 5280 4.2.1.3: "at least
 * one of the bits MUST be set"; OpenSSL 3 marks such a certificate invalid too). `report` receives a
 * `named-bits-not-der` deviation when trailing zero bits are kept or unused bits are set (X.690 11.2).
 */
export function parseKeyUsage(value: Uint8Array, critical: boolean, report?: DeviationReport): KeyUsage {
  const bitString = readBitString(value, readRoot(value));
  const bits = bitString.bytes;
  let anySet = false;
  for (let i = 0; i < bits.length; i++) {
    const used = i === bits.length - 1 ? bits[i]! & ((0xff << bitString.unusedBits) & 0xff) : bits[i]!;
    if (used !== 0) anySet = true;
  }
  if (!anySet) malformed(0, 'KeyUsage with no bit set (RFC 5280 4.2.1.3: at least one bit MUST be set)');
  if (report && !isDerNamedBitList(bitString)) {
    report('named-bits-not-der', 'KeyUsage keeps trailing zero bits or sets unused bits');
  }
  // Unused bits carry no value (X.690 8.6.2.2), whatever they hold.
  const length = bits.length * 8 - bitString.unusedBits;
  const set = (i: number): boolean => i < length && (bits[i >> 3]! & (0x80 >> (i & 7))) !== 0;
  const flags: Record<string, boolean> = {};
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, i) => {
    flags[name] = set(i);
    if (flags[name]) names.push(name);
  });
  return { critical, ...(flags as Omit<KeyUsage, 'critical' | 'names'>), names };
}
