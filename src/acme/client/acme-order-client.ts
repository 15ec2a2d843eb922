import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { AcmeError } from '../../errors/area-errors.js';
import type { Lock } from '../../storage/storage.js';
import type { Certificate } from '../../x509/certificate.js';
import { parseCertificate } from '../../x509/parse-certificate.js';
import { countDnsValues } from '../challenges/counted-dns-solver.js';
import { ariCertId, parseRenewalInfo, type RenewalInfo } from '../renewal/ari.js';
import { type AcmeAccountInfo, type OpenAccount, openAccount, rolloverAccountKey } from './account-store.js';
import { checkAcmeClientContract } from './acme-client-contract.js';
import {
  type AcmeContext,
  checkSegment,
  directoryId,
  loadAcmeClient,
  type ProtocolClient,
} from './acme-context.js';
import type { AcmeOrderClientOptions } from './acme-order-client-options.js';
import { AcmeTransport } from './acme-transport.js';
import type { OrderSolvers } from './challenge-steps.js';
import type { KeySpec } from './key-spec.js';
import { toPkcs8Pem } from './key-spec.js';
import { type AcmeOrderRequest, orderIdOf, runOrder } from './order-flow.js';
import type { AcmeOrderResult } from './order-result.js';
import type { AcmeProgressEvent } from './progress-event.js';

/** Revocation reasons (RFC 5280 section 5.3.1) a subscriber may give. */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'superseded'
  | 'cessationOfOperation'
  | 'affiliationChanged';

const REASON_CODES: Readonly<Record<RevocationReason, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
};

/** Options of {@link AcmeOrderClient.revoke}. */
export interface RevokeOptions {
  /** Why; default `unspecified`. */
  readonly reason?: RevocationReason;
  /**
   * Sign the request with the certificate's own private key instead of the account key (RFC 8555
   * section 7.6), e.g. when the account is lost or the key is compromised. PEM or DER (PKCS#8, PKCS#1
   * or SEC1), unencrypted.
   */
  readonly certificateKey?: string | Uint8Array;
}

/** Progress listener type. */
export type AcmeProgressListener = (event: AcmeProgressEvent) => void;

/**
 * Orders, renews and revokes certificates from an ACME CA (RFC 8555). The account and each order in
 * progress live in `storage`, so a restarted process continues the same order, and a storage lock per
 * order keeps replicas from ordering the same certificate twice. Emits `'progress'` events
 * ({@link AcmeProgressEvent}).
 *
 * @throws AcmeError `ERR_ACME_*` from every method: problem types map to codes (see docs/errors.md).
 * @example
 * ```ts
 * import { AcmeOrderClient, Rfc2136Solver } from 'certkit/acme';
 * import { FileStorage } from 'certkit/storage';
 * const client = new AcmeOrderClient({
 *   directoryUrl: 'https://acme-v02.api.letsencrypt.org/directory',
 *   storage: new FileStorage({ dir: '/var/lib/certkit' }),
 *   account: { contact: ['mailto:ops@example.com'], termsOfServiceAgreed: true },
 *   dns01: new Rfc2136Solver({ server: '192.0.2.53', tsig: { name: 'acme', secret: process.env.TSIG! } }),
 * });
 * client.on('progress', (e) => console.log(e.type));
 * const { entry } = await client.order({ domains: ['example.com', '*.example.com'] });
 * ```
 * @see RFC 8555 section 7
 */
export class AcmeOrderClient extends EventEmitter {
  readonly #options: AcmeOrderClientOptions;
  readonly #solvers: OrderSolvers;
  readonly #accountName: string;

  constructor(options: AcmeOrderClientOptions) {
    super();
    if (typeof options?.directoryUrl !== 'string' || !/^https?:\/\//.test(options.directoryUrl)) {
      throw new TypeError('directoryUrl must be an http(s) URL');
    }
    if (!options.storage || typeof options.storage.get !== 'function')
      throw new TypeError('storage must be a Storage');
    this.#options = options;
    this.#accountName = checkSegment('account.name', options.account?.name ?? 'default');
    this.#solvers = {
      dns01: options.dns01 ? countDnsValues(options.dns01) : undefined,
      dns01Inner: options.dns01,
      http01: options.http01,
    };
  }

  /** Subscribes to progress events. */
  override on(event: 'progress', listener: AcmeProgressListener): this;
  override on(event: string | symbol, listener: (...args: never[]) => void): this;
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  #context(signal: AbortSignal, lib: AcmeContext['lib'], deadlineAt: number): AcmeContext {
    const o = this.#options;
    const ca =
      o.caCertificates === undefined
        ? undefined
        : typeof o.caCertificates === 'string'
          ? [o.caCertificates]
          : o.caCertificates;
    const emit = (event: AcmeProgressEvent): void => {
      this.emit('progress', event);
    };
    const transport = new AcmeTransport({
      ca,
      timeoutMs: o.requestTimeoutMs ?? 30_000,
      maxAttempts: o.maxAttempts ?? 3,
      maxRetryWaitMs: o.maxRetryWaitMs ?? 60_000,
      maxBadNonceRetries: o.maxBadNonceRetries ?? 10,
      signal,
      onRetry: (retry) => emit({ type: 'retry', retry }),
    });
    return {
      lib,
      options: o,
      storage: o.storage,
      transport,
      signal,
      deadlineAt,
      waits: new Set(),
      prefix: `acme/${directoryId(o.directoryUrl)}/${this.#accountName}`,
      accountName: this.#accountName,
      emit,
      protocolClient: (accountKey, accountUrl) => {
        const eab = o.account?.externalAccountBinding;
        const client = new lib.Client({
          directoryUrl: o.directoryUrl,
          accountKey,
          ...(accountUrl ? { accountUrl } : {}),
          ...(eab ? { externalAccountBinding: { kid: eab.kid, hmacKey: eab.hmacKey } } : {}),
        });
        checkAcmeClientContract(client); // a coded error naming the member, not a TypeError later
        transport.install((client as ProtocolClient).http);
        return client as ProtocolClient;
      },
    };
  }

  async #withContext<T>(signal: AbortSignal | undefined, run: (ctx: AcmeContext) => Promise<T>): Promise<T> {
    const timeoutMs = this.#options.orderTimeoutMs ?? 600_000;
    const deadline = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const deadlineAt = Date.now() + timeoutMs;
    const lib = await loadAcmeClient();
    const ctx = this.#context(combined, lib, deadlineAt);
    try {
      return await run(ctx);
    } catch (error) {
      if (deadline.aborted && !(error instanceof AcmeError && error.code !== 'ERR_ACME_TIMEOUT')) {
        const waitingFor = [...ctx.waits];
        throw new AcmeError(
          'ERR_ACME_TIMEOUT',
          `The ACME operation did not finish within ${timeoutMs} ms${waitingFor.length > 0 ? ` (waiting for ${waitingFor.join('; ')})` : ''}.`,
          { cause: error, details: { timeout: timeoutMs, step: 'order', waitingFor } },
        );
      }
      throw error;
    }
  }

  /**
   * The account: reused from storage, or created at the CA (terms, contact, EAB) on first use.
   *
   * @throws AcmeError `ERR_ACME_TERMS_NOT_AGREED`, `ERR_ACME_EXTERNAL_ACCOUNT_REQUIRED`, `ERR_ACME_UNREACHABLE`, …
   */
  async account(): Promise<AcmeAccountInfo> {
    return this.#withContext(undefined, async (ctx) => (await openAccount(ctx)).info);
  }

  /**
   * Orders a certificate, or continues the order an earlier run left for the same names. Publishes and
   * self-checks the challenges, finalizes, downloads the chain and checks it fits the key and names.
   *
   * @throws AcmeError `ERR_ACME_ORDER_INVALID` (details.failures: each identifier's problem),
   *   `ERR_ACME_ORDER_LOCKED`, `ERR_ACME_LOCK_LOST`, `ERR_ACME_NO_SOLVER`, `ERR_ACME_SELF_CHECK_FAILED`,
   *   `ERR_ACME_TIMEOUT`, `ERR_ACME_RATE_LIMITED`, …
   */
  async order(request: AcmeOrderRequest): Promise<AcmeOrderResult> {
    const id = checkSegment('order id', orderIdOf(request));
    const ttlMs = this.#options.lockTtlMs ?? 60_000;
    const lost = new AbortController();
    const signal = request.signal ? AbortSignal.any([request.signal, lost.signal]) : lost.signal;
    return this.#withContext(signal, async (ctx) => {
      const lock = await ctx.storage.acquireLock(`${ctx.prefix}/locks/order-${id}`, { ttlMs });
      if (!lock) {
        throw new AcmeError('ERR_ACME_ORDER_LOCKED', `Another process is working on order ${id}.`, {
          details: { id },
        });
      }
      const timer = keepLock(lock, ttlMs, () =>
        lost.abort(
          new AcmeError('ERR_ACME_LOCK_LOST', `The lock on order ${id} was lost.`, { details: { id } }),
        ),
      );
      try {
        const account = await openAccount(ctx);
        return await runOrder(ctx, account.client, request, this.#solvers);
      } catch (error) {
        if (lost.signal.aborted) throw lost.signal.reason;
        throw error;
      } finally {
        clearInterval(timer);
        await lock.release().catch(() => undefined);
      }
    });
  }

  /**
   * Revokes a certificate, signed by the account (which must have ordered it) or by the certificate's
   * own key.
   *
   * @throws AcmeError `ERR_ACME_UNAUTHORIZED`, `ERR_ACME_ALREADY_REVOKED`, `ERR_ACME_MALFORMED`, …
   * @see RFC 8555 section 7.6
   */
  async revoke(certificate: Certificate | string | Uint8Array, options: RevokeOptions = {}): Promise<void> {
    const cert =
      typeof certificate === 'string' || certificate instanceof Uint8Array
        ? parseCertificate(certificate)
        : certificate;
    const reason = REASON_CODES[options.reason ?? 'unspecified'];
    if (reason === undefined) throw new TypeError(`Unknown revocation reason ${String(options.reason)}`);
    await this.#withContext(undefined, async (ctx) => {
      if (options.certificateKey !== undefined) {
        // Signed with the certificate's key as a JWK (no account kid): acme-client's public
        // revokeCertificate always sends the account kid, so this goes one level down.
        const keyPem = toPkcs8Pem(options.certificateKey);
        const payload = { certificate: Buffer.from(cert.der).toString('base64url'), reason };
        await ctx
          .protocolClient(keyPem)
          .api.apiResourceRequest('revokeCert', payload, [200], { includeJwsKid: false });
        return;
      }
      const account = await openAccount(ctx);
      await account.client.revokeCertificate(cert.pem, { reason });
    });
  }

  /**
   * ACME Renewal Information for a certificate (RFC 9773): the CA's suggested renewal window, or
   * undefined when the CA does not offer ARI.
   *
   * @throws AcmeError `ERR_ACME_RENEWAL_INFO` (no AKI in the certificate, or a malformed answer)
   * @see RFC 9773 section 4
   */
  async renewalInfo(certificate: Certificate): Promise<RenewalInfo | undefined> {
    return this.#withContext(undefined, async (ctx) => {
      const base = (await ctx.transport.getDirectory(this.#options.directoryUrl)).renewalInfo;
      if (typeof base !== 'string') return undefined;
      const url = `${base.replace(/\/$/, '')}/${ariCertId(certificate)}`;
      const resp = await ctx.transport.sendChecked(url, 'GET');
      return parseRenewalInfo(resp.data, resp.headers['retry-after']);
    });
  }

  /**
   * Replaces the account key at the CA (RFC 8555 section 7.3.5); the old key stops working.
   *
   * @throws AcmeError `ERR_ACME_ACCOUNT_KEY_MISSING`, `ERR_ACME_UNAUTHORIZED`, …
   */
  async rolloverAccountKey(key?: KeySpec): Promise<AcmeAccountInfo> {
    return this.#withContext(undefined, async (ctx) => {
      const open: OpenAccount = await openAccount(ctx);
      return (await rolloverAccountKey(ctx, open, key)).info;
    });
  }

  /** A redacted view (no passphrase, no EAB key). */
  toJSON(): { directoryUrl: string; account: string } {
    return { directoryUrl: this.#options.directoryUrl, account: this.#accountName };
  }

  /** Node's inspect: the redacted view. */
  [inspect.custom](): string {
    return `AcmeOrderClient ${inspect(this.toJSON())}`;
  }
}

/** Renews the lease at a third of its length; calls `onLost` when it cannot. */
function keepLock(lock: Lock, ttlMs: number, onLost: () => void): NodeJS.Timeout {
  const timer = setInterval(
    () => {
      lock.renew(ttlMs).then(
        (ok) => {
          if (!ok) onLost();
        },
        () => onLost(),
      );
    },
    Math.max(1000, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return timer;
}
