import { children, expectSequence, readOid, readRoot } from '../../internal/der/index.js';
import { ExtendedKeyUsageOid } from '../../internal/oids.js';

/**
 * The extKeyUsage extension: purposes the certified key may be used for.
 * @see RFC 5280 section 4.2.1.12
 */
export interface ExtendedKeyUsage {
  readonly critical: boolean;
  /** The purpose OIDs in encoded order. */
  readonly oids: readonly string[];
  /** Names for them (`serverAuth`, `clientAuth`, `anyExtendedKeyUsage`, …); unknown ones as OIDs. */
  readonly names: readonly string[];
}

const EKU_NAME = new Map<string, string>(
  Object.entries(ExtendedKeyUsageOid).map(([name, oid]) => [oid, name]),
);

/**
 * certkit's name for an extended key usage OID (`serverAuth`, …), or the OID itself.
 *
 * @example
 * ```ts
 * import { extendedKeyUsageName } from 'certkit/x509';
 * extendedKeyUsageName('1.3.6.1.5.5.7.3.1'); // 'serverAuth'
 * ```
 * @see RFC 5280 section 4.2.1.12
 */
export function extendedKeyUsageName(oid: string): string {
  return EKU_NAME.get(oid) ?? oid;
}

/** Decodes an extKeyUsage extension value. */
export function parseExtendedKeyUsage(value: Uint8Array, critical: boolean): ExtendedKeyUsage {
  const seq = expectSequence(readRoot(value), 'ExtKeyUsageSyntax');
  const oids = children(value, seq).map((t) => readOid(value, t));
  return { critical, oids, names: oids.map(extendedKeyUsageName) };
}
