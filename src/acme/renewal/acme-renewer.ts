import { EventEmitter } from 'node:events';
import { AcmeError, isCertkitError } from '../../errors/index.js';
import type { CertificateInventory } from '../../inventory/certificate-inventory.js';
import { exportPrivateKey } from '../../keys/export-private-key.js';
import type { Lock, Storage } from '../../storage/storage.js';
import type { RepointResult } from '../../stores/store-registry.js';
import type { Certificate } from '../../x509/index.js';
import type { KeySpec } from '../client/key-spec.js';
import type { AcmeRenewerOptions, RenewalClient, RenewOptions } from './acme-renewer-options.js';
import { ariCertId, type RenewalInfo } from './ari.js';
import type { AcmeRenewalEvent, RenewalOutcome, RepointFailure } from './renewal-outcome.js';
import { decideRenewal, type RenewalDecision } from './renewal-window.js';
import { defaultRenewedStoreName, repointRenewed } from './repoint-renewed.js';

const DEFAULT_LOCK_TTL_MS = 60_000;
const DEFAULT_ACTOR = 'certkit-acme-renewer';

/** The names to order again: the DNS and IP subject alternative names, else the subject common name. */
function domainsOf(certificate: Certificate): string[] {
  const names = certificate.subjectAltNames
    .filter((n) => n.type === 'dns' || n.type === 'ip')
    .map((n) => String(n.value));
  if (names.length > 0) return [...new Set(names)];
  const cn = certificate.subject.commonName;
  if (cn === undefined) {
    throw new AcmeError(
      'ERR_ACME_REJECTED_IDENTIFIER',
      'The certificate names no DNS name or IP address to renew.',
      {
        details: { serialNumber: certificate.serialNumber, subject: certificate.subject.toString() },
      },
    );
  }
  return [cn];
}

/** A key like the current one, when the client can generate it. */
function keyLike(certificate: Certificate): KeySpec | undefined {
  const key = certificate.publicKey;
  if (key.algorithm === 'ec' && (key.curve === 'P-256' || key.curve === 'P-384'))
    return { type: 'ec', curve: key.curve };
  if (key.algorithm === 'rsa' && (key.bits === 2048 || key.bits === 3072 || key.bits === 4096))
    return { type: 'rsa', bits: key.bits };
  return undefined;
}

/** A number in [0, 1) fixed by the certificate: the same ARI point on every replica and run. */
function stableRandom(certificate: Certificate): () => number {
  const value = Number.parseInt(certificate.sha256Fingerprint.replace(/[^0-9a-fA-F]/g, '').slice(0, 13), 16);
  return () => value / 2 ** 52;
}

/**
 * Renews certificates held in a {@link CertificateInventory} through an ACME client, one process at a
 * time per certificate:
 *
 * 1. takes the storage lock `acme-renew/<name>` (renewed while working; held elsewhere →
 *    `ERR_ACME_ORDER_LOCKED`), then reads the current version, so a replica that waited sees the
 *    certificate another one just renewed;
 * 2. asks the CA for renewal information (RFC 9773) unless `useAri: false`; an unusable answer is a
 *    `warning` event and the policy window is used;
 * 3. decides with {@link decideRenewal}; not due (and no `force`) → `{ renewed: false }`, no order;
 * 4. orders the same names, with a new key (default) or the current one (`rekey: false`), naming the
 *    replaced certificate in `replaces` when the CA offers ARI; the order id is tied to the replaced
 *    certificate, so a crash mid-renewal resumes the same order;
 * 5. imports the result as a new version of the record (`newVersion: true`);
 * 6. with a `registry`, re-points every keystore reference whose store held the old certificate to a new
 *    store holding the renewed one, each after the registry's rotation check.
 *
 * Emits `'progress'` events ({@link AcmeRenewalEvent}).
 *
 * @throws AcmeError `ERR_ACME_ORDER_LOCKED`, `ERR_ACME_LOCK_LOST`, and the order's `ERR_ACME_*` codes;
 *   InventoryError `ERR_INVENTORY_NOT_FOUND`, `ERR_INVENTORY_KEY_UNAVAILABLE` (`rekey: false` without a
 *   readable key); StoreError `ERR_KEYSTORE_*` when the import refuses the new certificate.
 * @example
 * ```ts
 * import { AcmeOrderClient, AcmeRenewer } from 'certkit/acme';
 * import { CertificateInventory } from 'certkit/inventory';
 * import { FileStorage } from 'certkit/storage';
 * const storage = new FileStorage({ directory: '/var/lib/certkit' });
 * const inventory = new CertificateInventory(storage, { passphrase });
 * const client = new AcmeOrderClient({ directoryUrl, storage, dns01: solver });
 * const renewer = new AcmeRenewer({ client, inventory, storage, registry });
 * const outcome = await renewer.renew('api');
 * if (outcome.renewed) console.log('now version', outcome.version);
 * ```
 * @see RFC 9773 section 4.2
 * @see RFC 8555 section 7.4
 */
export class AcmeRenewer extends EventEmitter {
  readonly #options: AcmeRenewerOptions;
  readonly #client: RenewalClient;
  readonly #inventory: CertificateInventory;
  readonly #storage: Storage;
  readonly #lockTtlMs: number;

  constructor(options: AcmeRenewerOptions) {
    super();
    if (options === null || typeof options !== 'object')
      throw new TypeError('AcmeRenewer: options must be an object');
    const { client, inventory, storage } = options;
    if (client === null || typeof client !== 'object' || typeof client.order !== 'function')
      throw new TypeError('AcmeRenewer: `client` must be an AcmeOrderClient');
    if (inventory === null || typeof inventory !== 'object' || typeof inventory.import !== 'function')
      throw new TypeError('AcmeRenewer: `inventory` must be a CertificateInventory');
    if (storage === null || typeof storage !== 'object' || typeof storage.acquireLock !== 'function')
      throw new TypeError('AcmeRenewer: `storage` must be a Storage');
    const ttl = options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
    if (!Number.isInteger(ttl) || ttl < 1000)
      throw new TypeError('AcmeRenewer: `lockTtlMs` must be an integer >= 1000');
    if (options.clock !== undefined && typeof options.clock !== 'function')
      throw new TypeError('AcmeRenewer: `clock` must be a function');
    this.#options = options;
    this.#client = client;
    this.#inventory = inventory;
    this.#storage = storage;
    this.#lockTtlMs = ttl;
  }

  /**
   * Renews the certificate `name` when it is due (or `force`), under the renewal lock.
   *
   * @param name - The inventory record.
   * @param options - `force`, `at` (the moment to decide at), `signal`.
   * @returns `{ renewed: false, decision }`, or `{ renewed: true, decision, version, record, certificate, repointed, repointFailures, … }`.
   * @throws AcmeError `ERR_ACME_ORDER_LOCKED` (another process renews it: `details.lock`),
   *   `ERR_ACME_LOCK_LOST` (the lease was lost; nothing was imported), the order's `ERR_ACME_*` codes;
   *   InventoryError `ERR_INVENTORY_NOT_FOUND`, `ERR_INVENTORY_KEY_UNAVAILABLE`; StoreError
   *   `ERR_KEYSTORE_*` when the import refuses the new certificate.
   * @example
   * ```ts
   * const outcome = await renewer.renew('api');
   * if (!outcome.renewed) scheduleCheck(outcome.decision.renewAt);
   * ```
   * @see RFC 9773 section 4.2
   */
  async renew(name: string, options: RenewOptions = {}): Promise<RenewalOutcome> {
    if (typeof name !== 'string' || name.length === 0)
      throw new TypeError('renew: `name` must be a non-empty string');
    const at = options.at ?? this.#options.clock?.() ?? new Date();
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw new TypeError('renew: `at` must be a valid Date');
    const lockName = `acme-renew/${name}`;
    const lock = await this.#storage.acquireLock(lockName, { ttlMs: this.#lockTtlMs });
    if (lock === undefined) {
      throw new AcmeError('ERR_ACME_ORDER_LOCKED', `Another process is renewing "${name}".`, {
        details: { name, lock: lockName },
      });
    }
    const lease = this.#keepLease(lock, name, options.signal);
    try {
      return await this.#renewLocked(name, at, options.force === true, lease);
    } finally {
      lease.stop();
      await lock.release().catch(() => undefined);
    }
  }

  /** Renews the lease every third of its time; a lost lease aborts the work. */
  #keepLease(
    lock: Lock,
    name: string,
    outer: AbortSignal | undefined,
  ): { signal: AbortSignal; check(): Promise<void>; stop(): void } {
    const controller = new AbortController();
    const lost = () =>
      new AcmeError('ERR_ACME_LOCK_LOST', `The renewal lock of "${name}" was lost; nothing was imported.`, {
        details: { name, lock: lock.name, lockTtlMs: this.#lockTtlMs },
      });
    const onOuter = () => controller.abort(outer?.reason);
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener('abort', onOuter, { once: true });
    const timer = setInterval(
      () => {
        lock.renew(this.#lockTtlMs).then(
          (ok) => {
            if (!ok) controller.abort(lost());
          },
          (cause) => controller.abort(cause),
        );
      },
      Math.floor(this.#lockTtlMs / 3),
    );
    timer.unref();
    return {
      signal: controller.signal,
      async check() {
        if (controller.signal.aborted) throw controller.signal.reason;
        if (!(await lock.renew())) {
          controller.abort(lost());
          throw controller.signal.reason;
        }
      },
      stop() {
        clearInterval(timer);
        outer?.removeEventListener('abort', onOuter);
      },
    };
  }

  async #renewalInfo(name: string, certificate: Certificate): Promise<RenewalInfo | undefined> {
    if (this.#options.useAri === false) return undefined;
    try {
      return await this.#client.renewalInfo(certificate);
    } catch (error) {
      // RFC 9773 section 4.2: an unusable answer counts as none; the policy window applies.
      if (!isCertkitError(error) || !error.code.startsWith('ERR_ACME_')) throw error;
      this.#emit({ type: 'warning', name, code: error.code, message: error.message });
      return undefined;
    }
  }

  async #renewLocked(
    name: string,
    at: Date,
    force: boolean,
    lease: { signal: AbortSignal; check(): Promise<void> },
  ): Promise<RenewalOutcome> {
    const o = this.#options;
    const [current] = await this.#inventory.chain(name);
    if (current === undefined) throw new TypeError(`renew: the record "${name}" has no certificate`);
    const renewalInfo = await this.#renewalInfo(name, current);
    const decision: RenewalDecision = decideRenewal(current, {
      at,
      random: o.random ?? stableRandom(current),
      ...(o.policy === undefined ? {} : { policy: o.policy }),
      ...(renewalInfo === undefined ? {} : { renewalInfo }),
    });
    this.#emit({ type: 'decision', name, decision, force });
    const info = renewalInfo === undefined ? {} : { renewalInfo };
    if (!decision.due && !force) return { renewed: false, name, decision, ...info };

    const rekey = o.rekey !== false;
    const domains = domainsOf(current);
    let privateKey: string | undefined;
    if (!rekey) {
      privateKey = exportPrivateKey(await this.#inventory.privateKey(name), { format: 'pkcs8-pem' });
    } else if ((await this.#inventory.get(name)).current?.keyEncrypted === true) {
      // Open the current key even when re-keying: the new key is sealed with the inventory's passphrase,
      // and a wrong one would leave versions under different passphrases (the later ones unopenable
      // with the right one). ERR_INVENTORY_KEY_UNAVAILABLE before anything is ordered.
      await this.#inventory.privateKey(name);
    }
    const key = o.key ?? keyLike(current);
    let replaces: string | undefined;
    if (renewalInfo !== undefined) {
      try {
        replaces = ariCertId(current);
      } catch {
        replaces = undefined; // renewalInfo came back, so this cannot fail; ordering without it is fine
      }
    }
    this.#emit({ type: 'ordering', name, domains, rekey });
    await lease.check();
    const result = await this.#client.order({
      domains,
      // Tied to the certificate being replaced: a crash mid-renewal resumes this order, and the next
      // renewal (of the new certificate) opens a fresh one.
      id: `renew.${name.slice(0, 64)}.${current.sha256Fingerprint
        .replace(/[^0-9a-fA-F]/g, '')
        .slice(0, 24)
        .toLowerCase()}`,
      ...(privateKey === undefined ? (key === undefined ? {} : { key }) : { privateKey }),
      ...(replaces === undefined ? {} : { replaces }),
      signal: lease.signal,
    });
    await lease.check();

    const entryKey = result.entry?.privateKey;
    const record = await this.#inventory.import(
      name,
      {
        chain: result.chain,
        ...(entryKey !== undefined
          ? { privateKey: entryKey }
          : privateKey === undefined
            ? {}
            : { privateKey }),
      },
      {
        ...(o.trust === undefined ? {} : { trust: o.trust }),
        ...o.importOptions,
        newVersion: true,
      },
    );
    const version = record.current?.version ?? 0;
    this.#emit({ type: 'imported', name, version });

    let repointed: readonly RepointResult[] = [];
    let repointFailures: readonly RepointFailure[] = [];
    if (o.registry !== undefined) {
      const newKey = entryKey ?? (await this.#inventory.privateKey(name, version));
      const done = await repointRenewed({
        registry: o.registry,
        replaced: current,
        privateKey: newKey,
        chain: result.chain,
        record: name,
        version,
        references: o.references,
        storeName: o.storeName ?? defaultRenewedStoreName,
        trust: o.trust,
        actor: o.actor ?? DEFAULT_ACTOR,
        reason: `renewed ${name} (version ${version}, order ${result.orderUrl})`,
      });
      repointed = done.repointed;
      repointFailures = done.failures;
      for (const r of done.repointed)
        this.#emit({ type: 'repointed', name, reference: r.reference, from: r.from, to: r.to });
      for (const f of done.failures)
        this.#emit({ type: 'repoint-failed', name, reference: f.reference, code: f.code });
    }
    return {
      renewed: true,
      name,
      decision,
      ...info,
      forced: !decision.due,
      rekeyed: rekey,
      orderUrl: result.orderUrl,
      certificate: result.certificate,
      version,
      record,
      repointed,
      repointFailures,
    };
  }

  #emit(event: AcmeRenewalEvent): void {
    this.emit('progress', event);
  }

  /**
   * Listens to renewal progress.
   *
   * @example
   * ```ts
   * renewer.on('progress', (e) => console.log(e.type, e.name));
   * ```
   * @see RFC 9773 section 4.2
   */
  override on(event: 'progress', listener: (event: AcmeRenewalEvent) => void): this;
  override on(event: string | symbol, listener: (...args: never[]) => void): this;
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
}
