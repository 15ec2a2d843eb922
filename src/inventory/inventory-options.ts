import type { RevocationMode } from '../chain/revocation/default-revocation.js';
import type { RevocationChecker } from '../chain/revocation-checker.js';
import type { PrivateKey } from '../keys/private-key.js';
import type { TrustSource } from '../stores/key-entry-checks.js';
import type { Certificate } from '../x509/certificate.js';
import type { AlertPolicy } from './alert-schedule.js';

/**
 * Options of {@link CertificateInventory}.
 *
 * @example
 * ```ts
 * import { CertificateInventory, type InventoryOptions } from 'certkit/inventory';
 * const options: InventoryOptions = { passphrase: process.env.INVENTORY_PASSPHRASE ?? '', alerts: { leadTimeDays: 30 } };
 * ```
 * @see RFC 5958 section 3
 */
export interface InventoryOptions {
  /** Master passphrase: private keys are stored as encrypted PKCS#8 (PBES2). Never stored or printed. */
  readonly passphrase?: string;
  /** Store keys unencrypted (mode 0600) when there is no passphrase. Default `false`: such keys are refused. */
  readonly allowPlaintextKeys?: boolean;
  /** PBKDF2 iterations for key encryption. Default 600000. */
  readonly keyIterations?: number;
  /** The clock. Default `() => new Date()`. */
  readonly clock?: () => Date;
  /** Storage key prefix. Default `inventory`. */
  readonly prefix?: string;
  /** When `expiring` starts and how often it repeats. */
  readonly alerts?: AlertPolicy;
  /**
   * Revocation on import: a mode (`'off'`, `'soft-fail'`, `'hard-fail'`) with certkit's fetching
   * checker (OCSP from AIA, CRLs from distribution points, limits and a cache), or a `RevocationChecker`
   * (soft-fail), which also serves the (at most daily) revocation alerts. Default `'soft-fail'`.
   */
  readonly revocation?: RevocationMode | RevocationChecker;
  /**
   * Accept private-CA and self-signed certificates on import (`ERR_KEYSTORE_PRIVATE_CA`,
   * `ERR_KEYSTORE_SELF_SIGNED` otherwise). Default `false`.
   */
  readonly allowPrivateCa?: boolean;
  /** Minimum time between two revocation checks of a version, in ms. Default one day. */
  readonly revocationCheckIntervalMs?: number;
  /**
   * The trust anchors of imports: chains must validate to one of them (a root inside the imported
   * chain is never trusted); they may also complete chains. Default Node's public CA roots.
   */
  readonly trust?: TrustSource;
  /** Allow several environments of the same kind in a project. Default `false`. */
  readonly multipleEnvironmentsPerKind?: boolean;
}

/**
 * What {@link CertificateInventory.import} takes: a certificate (or a bundle, leaf first) and
 * optionally its private key.
 *
 * @example
 * ```ts
 * import type { ImportInput } from 'certkit/inventory';
 * const input: ImportInput = { chain: chainPem, privateKey: keyPem };
 * ```
 * @see RFC 7468
 */
export type ImportInput = (
  | { readonly certificate: Certificate | string | Uint8Array; readonly chain?: undefined }
  | { readonly chain: readonly Certificate[] | string | Uint8Array; readonly certificate?: undefined }
) & {
  /** The private key: PEM / DER, or a `PrivateKey`. */
  readonly privateKey?: PrivateKey | string | Uint8Array;
  /** Password of an encrypted `privateKey`. Used once, never stored. */
  readonly password?: string;
};

/**
 * Options of {@link CertificateInventory.import}.
 *
 * @example
 * ```ts
 * import type { ImportOptions } from 'certkit/inventory';
 * const options: ImportOptions = { newVersion: true, allowPrivateCa: true, revocation: 'hard-fail' };
 * ```
 * @see RFC 5280 section 6.1
 */
export interface ImportOptions {
  /** Add the certificate as the new current version of an existing name. Default `false`. */
  readonly newVersion?: boolean;
  /** Use a name whose record was deleted. Default `false` (`ERR_INVENTORY_DELETED`). */
  readonly reuseDeletedName?: boolean;
  /** Refuse a self-signed leaf (`ERR_KEYSTORE_SELF_SIGNED`). Default `true` unless private CAs are allowed. */
  readonly refuseSelfSigned?: boolean;
  /** Accept private-CA and self-signed certificates for this import; default the inventory's `allowPrivateCa`. */
  readonly allowPrivateCa?: boolean;
  /** The trust anchors for this import; default the inventory's `trust`. */
  readonly trust?: TrustSource;
  /** Accept a chain that does not reach a root. Default `false`. */
  readonly allowIncompleteChain?: boolean;
  /** Revocation for this import (a mode or a checker); default the inventory's. */
  readonly revocation?: RevocationMode | RevocationChecker;
}
