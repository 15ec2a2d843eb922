import type { CertificateInventory, ImportOptions } from '../../inventory/certificate-inventory.js';
import type { Storage } from '../../storage/storage.js';
import type { TrustSource } from '../../stores/key-entry-checks.js';
import type { StoreRegistry } from '../../stores/store-registry.js';
import type { AcmeOrderClient } from '../client/acme-order-client.js';
import type { KeySpec } from '../client/key-spec.js';
import type { RenewalPolicy } from './renewal-window.js';

/**
 * What the renewer needs of an ACME client: {@link AcmeOrderClient}'s `order` and `renewalInfo`.
 *
 * @example
 * ```ts
 * import { AcmeOrderClient, type RenewalClient } from 'certkit/acme';
 * const client: RenewalClient = new AcmeOrderClient({ directoryUrl, storage, dns01 });
 * ```
 * @see RFC 8555 section 7.4
 */
export type RenewalClient = Pick<AcmeOrderClient, 'order' | 'renewalInfo'>;

/**
 * Names the keystore a renewal builds for the references that pointed at `store`.
 *
 * @example
 * ```ts
 * import type { RenewedStoreName } from 'certkit/acme';
 * const naming: RenewedStoreName = ({ record, version }) => `${record}-${version}`;
 * ```
 */
export type RenewedStoreName = (context: {
  /** The store the references pointed at (it holds the certificate being replaced). */
  readonly store: string;
  /** The inventory record renewed. */
  readonly record: string;
  /** The inventory version of the renewed certificate. */
  readonly version: number;
}) => string;

/**
 * Options of {@link AcmeRenewer}.
 *
 * @example
 * ```ts
 * import { AcmeRenewer, type AcmeRenewerOptions } from 'certkit/acme';
 * const options: AcmeRenewerOptions = { client, inventory, storage, registry, policy: { fractionLeft: 1 / 3 } };
 * ```
 * @see RFC 9773 section 4.2
 */
export interface AcmeRenewerOptions {
  /** Orders the new certificate and asks for renewal information (an `AcmeOrderClient`). */
  readonly client: RenewalClient;
  /** Holds the certificates: the current version is read, the renewed one imported as a new version. */
  readonly inventory: CertificateInventory;
  /**
   * Where the renewal lock `acme-renew/<name>` is taken, so one process renews a certificate at a time.
   * Use the storage the replicas share (normally the one of the inventory and the client).
   */
  readonly storage: Storage;
  /**
   * Stores and references to re-point after a renewal. Every keystore reference whose store holds the
   * replaced certificate gets a new store (the old one with that entry replaced, same alias) and is
   * re-pointed through `StoreRegistry.repointAsync` (persisted and propagated when the registry was
   * made with `StoreRegistry.open`), which runs the rotation check first. Default none.
   */
  readonly registry?: StoreRegistry;
  /** Only these references (`ref://name`) are re-pointed. Default: every reference found as above. */
  readonly references?: readonly string[];
  /** Names the new stores. Default `<store>:v<version>` (an earlier `:v<n>` suffix is replaced). */
  readonly storeName?: RenewedStoreName;
  /** The renewal window without ACME Renewal Information. Default: one third of the lifetime left. */
  readonly policy?: RenewalPolicy;
  /** Order with a new key (default `true`); `false` keeps the current private key of the record. */
  readonly rekey?: boolean;
  /** The new key's kind when re-keying. Default: the kind of the current key when it is EC P-256/P-384 or RSA 2048/3072/4096, else EC P-256. */
  readonly key?: KeySpec;
  /** Ask the CA for renewal information (RFC 9773) and follow it. Default `true`. */
  readonly useAri?: boolean;
  /**
   * The point within an ARI window, in [0, 1). Default: derived from the certificate's fingerprint, so
   * every replica and every run picks the same point for the same certificate.
   */
  readonly random?: () => number;
  /** Roots and intermediates that may complete the new chain (inventory import and new keystore entry). */
  readonly trust?: TrustSource;
  /** Options of the inventory import of the renewed certificate (`newVersion` is always set). */
  readonly importOptions?: Omit<ImportOptions, 'newVersion'>;
  /** Lease of the renewal lock in ms, renewed every third of it while working. Default 60,000. */
  readonly lockTtlMs?: number;
  /** Who re-points (recorded in the reference history). Default `certkit-acme-renewer`. */
  readonly actor?: string;
  /** The clock for decisions when `renew` gets no `at`. Default `() => new Date()`. */
  readonly clock?: () => Date;
}

/**
 * Options of {@link AcmeRenewer.renew}.
 *
 * @example
 * ```ts
 * await renewer.renew('api', { force: true });
 * ```
 * @see RFC 9773 section 4.2
 */
export interface RenewOptions {
  /** Renew even when the certificate is not due. Default `false`. */
  readonly force?: boolean;
  /** The moment to decide at. Default the renewer's clock. */
  readonly at?: Date;
  /** Aborts the order (the stored order stays and is resumed next time). */
  readonly signal?: AbortSignal;
}
