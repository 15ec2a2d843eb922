import { readBitString, readRoot } from '../../internal/der/index.js';

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

/** Decodes a keyUsage extension value. */
export function parseKeyUsage(value: Uint8Array, critical: boolean): KeyUsage {
  const bits = readBitString(value, readRoot(value)).bytes;
  const set = (i: number): boolean => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0;
  const flags: Record<string, boolean> = {};
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, i) => {
    flags[name] = set(i);
    if (flags[name]) names.push(name);
  });
  return { critical, ...(flags as Omit<KeyUsage, 'critical' | 'names'>), names };
}
