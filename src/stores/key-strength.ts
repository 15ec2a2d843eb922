import type { PublicKey } from '../keys/public-key.js';

/**
 * The strength of a public key: its type, size and security level in bits (NIST SP 800-57 part 1
 * table 2: RSA 2048 → 112, 3072 → 128, 7680 → 192, 15360 → 256; EC by half the curve size; Ed25519 128,
 * Ed448 224).
 *
 * @example
 * ```ts
 * import { keyStrength } from 'certkit/stores';
 * const s = keyStrength(cert.publicKey); // { algorithm: 'rsa', bits: 3072, securityBits: 128, label: 'RSA 3072' }
 * ```
 * @see NIST SP 800-57 part 1 rev. 5 section 5.6.1
 */
export interface KeyStrength {
  readonly algorithm: string;
  /** Key size: RSA modulus bits, curve size. */
  readonly bits: number;
  /** Comparable security strength in bits. */
  readonly securityBits: number;
  /** e.g. `RSA 3072`, `EC P-384`, `Ed25519`. */
  readonly label: string;
}

function rsaSecurity(bits: number): number {
  if (bits >= 15360) return 256;
  if (bits >= 7680) return 192;
  if (bits >= 3072) return 128;
  if (bits >= 2048) return 112;
  if (bits >= 1024) return 80;
  return 0;
}

/**
 * The strength of a public key (see {@link KeyStrength}).
 * @example
 * ```ts
 * import { keyStrength } from 'certkit/stores';
 * console.log(keyStrength(leaf.publicKey).label);
 * ```
 * @see NIST SP 800-57 part 1 rev. 5 section 5.6.1
 */
export function keyStrength(key: PublicKey): KeyStrength {
  const bits = key.bits ?? 0;
  switch (key.algorithm) {
    case 'rsa':
    case 'rsa-pss':
      return {
        algorithm: key.algorithm,
        bits,
        securityBits: rsaSecurity(bits),
        label: `RSA${key.algorithm === 'rsa-pss' ? '-PSS' : ''} ${bits}`,
      };
    case 'ec':
      return {
        algorithm: 'ec',
        bits,
        securityBits: Math.floor(bits / 2),
        label: `EC ${key.curve ?? `${bits}`}`,
      };
    case 'ed25519':
      return { algorithm: 'ed25519', bits, securityBits: 128, label: 'Ed25519' };
    case 'ed448':
      return { algorithm: 'ed448', bits, securityBits: 224, label: 'Ed448' };
    case 'dsa':
      return { algorithm: 'dsa', bits, securityBits: rsaSecurity(bits), label: `DSA ${bits}` };
    default:
      return { algorithm: key.algorithm, bits, securityBits: 0, label: key.algorithm };
  }
}

/**
 * @internal Whether `next` is weaker than `previous`: within one family a smaller size is a drop
 * (RSA 4096 → 3072 counts though both are 128-bit strength); across families a lower security level.
 */
export function isDowngrade(previous: KeyStrength, next: KeyStrength): boolean {
  const family = (a: string) => (a === 'rsa-pss' ? 'rsa' : a);
  if (family(previous.algorithm) === family(next.algorithm)) return next.bits < previous.bits;
  return next.securityBits < previous.securityBits;
}
