import { inspect } from 'node:util';
import type { PrivateKey } from '../keys/private-key.js';
import type { Storage } from '../storage/storage.js';
import type { Certificate } from '../x509/certificate.js';
import { type AlertPolicy, checkPolicy } from './alert-schedule.js';
import { bindConsumer, unbindConsumer } from './bindings.js';
import { deleteRecord } from './delete-record.js';
import { dueAlerts } from './due-alerts.js';
import type { EnvironmentView } from './environment-view.js';
import {
  addEnvironment,
  listEnvironments,
  markedDeployed,
  readEnvironment,
  selectVersion,
  updateDeployment,
} from './environments.js';
import { importCertificate } from './import-certificate.js';
import type { AlertSender, InventoryAlert } from './inventory-alert.js';
import { createContext, type InventoryContext } from './inventory-context.js';
import type { ImportInput, ImportOptions, InventoryOptions } from './inventory-options.js';
import type { Consumer } from './record.js';
import { readChain, readPrivateKey } from './record-material.js';
import { forEachRecord, readRecord } from './record-store.js';
import { type CertificateRecord, recordView } from './record-view.js';
import { recheckRevocation } from './revocation-recheck.js';
import { sendDueAlerts } from './send-alerts.js';

export type { DeploymentState, EnvironmentView } from './environment-view.js';
export type { AlertSender, InventoryAlert } from './inventory-alert.js';
export type { ImportInput, ImportOptions, InventoryOptions } from './inventory-options.js';
export type { CertificateRecord, VersionView } from './record-view.js';

/**
 * A certificate inventory over a {@link Storage}: records with status, versions, environments,
 * bindings with delete protection, and expiry / revocation alerts sent once even across processes.
 * Every write is a compare-and-swap, so processes sharing a storage never lose an update.
 *
 * @throws InventoryError `ERR_INVENTORY_*`; StoreError `ERR_KEYSTORE_*` when an import is refused.
 * @example
 * ```ts
 * import { CertificateInventory } from 'certkit/inventory';
 * import { MemoryStorage } from 'certkit/storage';
 * const inventory = new CertificateInventory(new MemoryStorage(), { passphrase: 'master secret' });
 * await inventory.import('api', { chain: chainPem, privateKey: keyPem });
 * for (const alert of await inventory.dueAlerts()) console.log(alert.name, alert.kind);
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export class CertificateInventory {
  readonly #ctx: InventoryContext;
  readonly #policy: AlertPolicy;
  readonly #listeners = new Set<(alert: InventoryAlert) => void>();

  constructor(storage: Storage, options: InventoryOptions = {}) {
    this.#ctx = createContext(storage, options);
    checkPolicy(options.alerts ?? {});
    this.#policy = options.alerts ?? {};
  }

  /**
   * Imports a certificate (with chain and optional key) under `name` after the upload checks.
   * A refused import throws the exact code and leaves a `failed` record when the name was free.
   *
   * @throws StoreError `ERR_KEYSTORE_KEY_MISMATCH`, `ERR_KEYSTORE_CHAIN_UNREADABLE` (malformed PEM),
   *   `ERR_KEYSTORE_CERT_EXPIRED`, `ERR_KEYSTORE_CERT_REVOKED`, `ERR_KEYSTORE_KEY_ENCRYPTED`,
   *   `ERR_KEYSTORE_CHAIN_INCOMPLETE`, `ERR_KEYSTORE_SELF_SIGNED`, …
   * @throws InventoryError `ERR_INVENTORY_NAME_EXISTS`, `ERR_INVENTORY_DELETED`,
   *   `ERR_INVENTORY_PLAINTEXT_KEY`, `ERR_INVENTORY_INVALID_NAME`
   * @example
   * ```ts
   * import { CertificateInventory } from 'certkit/inventory';
   * import { MemoryStorage } from 'certkit/storage';
   * const inv = new CertificateInventory(new MemoryStorage(), { passphrase: 's3cret' });
   * const record = await inv.import('api', { chain: pem, privateKey: keyPem }, { trust: [root] });
   * ```
   * @see RFC 5280 section 6.1
   */
  async import(name: string, input: ImportInput, options: ImportOptions = {}): Promise<CertificateRecord> {
    return importCertificate(this.#ctx, name, input, options);
  }

  /**
   * The record `name` with its status at `at`.
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * const r = await inventory.get('api');
   * console.log(r.status, r.current?.daysLeft);
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async get(name: string, at?: Date): Promise<CertificateRecord> {
    return recordView(this.#policy, await readRecord(this.#ctx, name), this.#ctx.now(at));
  }

  /**
   * Every record, sorted by name, with its status at `at`.
   *
   * @example
   * ```ts
   * for (const r of await inventory.list()) console.log(r.name, r.status);
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async list(at?: Date): Promise<CertificateRecord[]> {
    const when = this.#ctx.now(at);
    const out: CertificateRecord[] = [];
    await forEachRecord(this.#ctx, (r) => out.push(recordView(this.#policy, r, when)));
    return out;
  }

  /**
   * The certificate chain of a version (default the current one), leaf first.
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * const [leaf] = await inventory.chain('api');
   * ```
   * @see RFC 5280 section 6.1
   */
  async chain(name: string, version?: number): Promise<Certificate[]> {
    return readChain(this.#ctx, name, version);
  }

  /**
   * The private key of a version (default the current one), decrypted with the master passphrase.
   *
   * @throws InventoryError `ERR_INVENTORY_KEY_UNAVAILABLE` (no key, or wrong / missing passphrase), `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * const key = await inventory.privateKey('api');
   * ```
   * @see RFC 5958 section 3
   */
  async privateKey(name: string, version?: number): Promise<PrivateKey> {
    return readPrivateKey(this.#ctx, name, version);
  }

  /**
   * Records that `consumer` uses the certificate `name` (idempotent).
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * await inventory.bind('api', { kind: 'tls-profile', id: 'public-api' });
   * ```
   */
  async bind(name: string, consumer: Consumer): Promise<void> {
    await bindConsumer(this.#ctx, name, consumer);
  }

  /**
   * Removes a binding; false when it was not there.
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * await inventory.unbind('api', { kind: 'tls-profile', id: 'public-api' });
   * ```
   */
  async unbind(name: string, consumer: Consumer): Promise<boolean> {
    return unbindConsumer(this.#ctx, name, consumer);
  }

  /**
   * The consumers bound to `name`.
   *
   * @throws InventoryError `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * const users = await inventory.inUse('api');
   * ```
   */
  async inUse(name: string): Promise<Consumer[]> {
    return [...(await readRecord(this.#ctx, name)).bindings];
  }

  /**
   * Deletes a record (all versions and keys), refusing while it is in use. The name is kept as a
   * tombstone: importing it again needs `reuseDeletedName`.
   *
   * @throws InventoryError `ERR_INVENTORY_IN_USE` (with `consumers`), `ERR_INVENTORY_NOT_FOUND`
   * @example
   * ```ts
   * await inventory.delete('old-api');
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async delete(name: string): Promise<void> {
    await deleteRecord(this.#ctx, name);
  }

  /**
   * Creates an environment of a kind (at most one per kind and project unless configured).
   *
   * @throws InventoryError `ERR_INVENTORY_ENVIRONMENT_EXISTS`, `ERR_INVENTORY_INVALID_NAME`
   * @example
   * ```ts
   * await inventory.addEnvironment('prod', { kind: 'production' }); // variable name: cert_prod
   * ```
   */
  async addEnvironment(
    name: string,
    options: { kind: string; project?: string; variable?: string },
  ): Promise<EnvironmentView> {
    return addEnvironment(this.#ctx, name, options);
  }

  /**
   * Every environment with its deployment state, by name.
   *
   * @example
   * ```ts
   * for (const e of await inventory.environments()) console.log(e.name, e.variable, e.state);
   * ```
   */
  async environments(at?: Date): Promise<EnvironmentView[]> {
    return listEnvironments(this.#ctx, at);
  }

  /**
   * An environment with its deployment state.
   *
   * @throws InventoryError `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`
   * @example
   * ```ts
   * const prod = await inventory.environment('prod');
   * if (prod.state === 'needs-deploy') await deploy(prod.record, prod.version);
   * ```
   */
  async environment(name: string, at?: Date): Promise<EnvironmentView> {
    return readEnvironment(this.#ctx, name, at);
  }

  /**
   * Points an environment at a version of a record (default its current version); the environment
   * becomes a consumer of the record. An obsolete version that is still valid may be chosen; an
   * expired one may not (expired means unusable). The state is `needs-deploy` until {@link markDeployed}.
   *
   * @throws InventoryError `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`, `ERR_INVENTORY_NOT_FOUND`,
   *   `ERR_INVENTORY_VERSION_EXPIRED`
   * @example
   * ```ts
   * await inventory.selectVersion('prod', 'api', 3);
   * ```
   */
  async selectVersion(env: string, name: string, version?: number): Promise<EnvironmentView> {
    return selectVersion(this.#ctx, env, name, version);
  }

  /**
   * Marks the chosen version of an environment as being deployed (refused when it has expired).
   *
   * @throws InventoryError `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`, `ERR_INVENTORY_VERSION_EXPIRED`
   * @example
   * ```ts
   * await inventory.markDeploying('prod');
   * ```
   */
  async markDeploying(env: string): Promise<EnvironmentView> {
    return updateDeployment(this.#ctx, env, (cur) => ({ ...cur, deploying: true }));
  }

  /**
   * Marks the chosen version of an environment as deployed (refused when it has expired: an expired
   * certificate is never reported as deployed).
   *
   * @throws InventoryError `ERR_INVENTORY_UNKNOWN_ENVIRONMENT`, `ERR_INVENTORY_VERSION_EXPIRED`
   * @example
   * ```ts
   * await inventory.markDeployed('prod');
   * ```
   */
  async markDeployed(env: string): Promise<EnvironmentView> {
    return updateDeployment(this.#ctx, env, markedDeployed);
  }

  /**
   * Re-checks revocation of current versions whose last check is older than the interval (default a
   * day). Needs the `revocation` option; answers how many versions were checked.
   *
   * @example
   * ```ts
   * await inventory.checkRevocation();
   * ```
   * @see RFC 5280 section 6.3
   */
  async checkRevocation(at?: Date): Promise<number> {
    return recheckRevocation(this.#ctx, at);
  }

  /**
   * The alerts due at `at` and not sent yet: `expiring` (from the lead time or renewal fraction, then
   * every interval; only the latest missed slot), `expired`, `revoked`, for the current version of
   * each record and for any version an environment has chosen or deployed. Reads the stored facts only
   * (no certificate is parsed), plus a revocation re-check when a checker is configured.
   *
   * @example
   * ```ts
   * for (const a of await inventory.dueAlerts()) console.log(a.name, a.kind, a.daysLeft);
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async dueAlerts(at?: Date): Promise<InventoryAlert[]> {
    return dueAlerts(this.#ctx, at);
  }

  /**
   * Sends each due alert once: the alert is claimed in storage with compare-and-swap before
   * `sender` runs, so a restart or another process sharing the storage never sends it again. An alert
   * whose sender throws is released (sent again next time) and the first error is rethrown at the end.
   * Every alert sent is also emitted as an `alert` event.
   *
   * @example
   * ```ts
   * await inventory.sendDueAlerts(async (a) => mailer.send(`${a.name} ${a.kind}`));
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  async sendDueAlerts(sender?: AlertSender, at?: Date): Promise<InventoryAlert[]> {
    return sendDueAlerts(this.#ctx, this.#listeners, sender, at);
  }

  /**
   * Listens to alerts as {@link sendDueAlerts} sends them.
   *
   * @example
   * ```ts
   * inventory.on('alert', (a) => console.log(a.name, a.kind));
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  on(event: 'alert', listener: (alert: InventoryAlert) => void): this {
    if (event !== 'alert') throw new TypeError(`unknown event ${String(event)}`);
    this.#listeners.add(listener);
    return this;
  }

  /**
   * Stops listening.
   *
   * @example
   * ```ts
   * inventory.off('alert', listener);
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  off(event: 'alert', listener: (alert: InventoryAlert) => void): this {
    if (event === 'alert') this.#listeners.delete(listener);
    return this;
  }

  /**
   * A JSON view without secrets: the passphrase shows as `[REDACTED]`.
   *
   * @example
   * ```ts
   * JSON.stringify(inventory); // {"prefix":"inventory","passphrase":"[REDACTED]"}
   * ```
   * @see RFC 5958 section 3
   */
  toJSON(): { prefix: string; passphrase: string | undefined } {
    return {
      prefix: this.#ctx.prefix,
      passphrase: this.#ctx.passphrase === undefined ? undefined : '[REDACTED]',
    };
  }

  /** `util.inspect` view without secrets. */
  [inspect.custom](): string {
    return `CertificateInventory { prefix: '${this.#ctx.prefix}', passphrase: ${this.#ctx.passphrase === undefined ? 'none' : '[REDACTED]'} }`;
  }
}
