import { isIP } from 'node:net';
import type * as Acme from 'acme-client';
import { AcmeError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import { createCsr } from '../../issue/create-csr.js';
import { parsePrivateKey } from '../../keys/parse-private-key.js';
import type { PrivateKey } from '../../keys/private-key.js';
import { parseCsr } from '../../x509/certificate-request.js';
import { escapeRfc4514 } from '../../x509/distinguished-name.js';
import type { AcmeContext, ProtocolClient } from './acme-context.js';
import { cleanProblem, isProblem } from './acme-problem.js';
import { cleanupPresented, type OrderSolvers, solveAuthorizations } from './challenge-steps.js';
import { findRequestedOrder } from './find-requested-order.js';
import { defaultOrderId, identifierFor, normaliseDomains } from './identifiers.js';
import { generateKeyPem, type KeySpec, openKeyPem, sealKeyPem, toPkcs8Pem } from './key-spec.js';
import { type OrderRecord, OrderRecordStore } from './order-record.js';
import { type AcmeOrderResult, checkIssuedChain, entryFor } from './order-result.js';
import { pollUntil } from './poll.js';
import type { AcmeOrderStatus } from './progress-event.js';
import { whileWaiting } from './waiting.js';

/**
 * What to order.
 *
 * @example
 * ```ts
 * import type { AcmeOrderRequest } from 'certkit/acme';
 * const request: AcmeOrderRequest = { domains: ['example.com', '*.example.com'], key: { type: 'ec', curve: 'P-384' } };
 * ```
 */
export interface AcmeOrderRequest {
  /** DNS names (wildcards as `*.example.com`) or IP addresses; the first is the subject CN. */
  readonly domains: readonly string[];
  /** Storage id of the order, so a restarted process finds it. Default: derived from the sorted names. */
  readonly id?: string;
  /** Key to generate. Default EC P-256. Ignored with `privateKey` or `csr`. */
  readonly key?: KeySpec;
  /** Reuse this key (PEM or DER PKCS#8/PKCS#1/SEC1), e.g. renewing without re-key. */
  readonly privateKey?: string | Uint8Array;
  /** The caller's own CSR (PEM or DER); with `privateKey` the result has a keystore entry, else not. */
  readonly csr?: string | Uint8Array;
  /** ARI certID of the certificate this order replaces (RFC 9773 section 5); sent when the CA offers ARI. */
  readonly replaces?: string;
  /**
   * Common name of an issuer (usually a root) the chain should lead to, when the CA offers alternate
   * chains (RFC 8555 section 7.4.2, Link rel="alternate"); the default chain when none matches.
   */
  readonly preferredChain?: string;
  /** Alias of the keystore entry. Default: the first domain. */
  readonly alias?: string;
  /** Aborts the order (what was published is cleaned up; the stored order can be resumed). */
  readonly signal?: AbortSignal;
}

const PEM_CSR = /-----BEGIN CERTIFICATE REQUEST-----/;

async function prepareRecord(
  ctx: AcmeContext,
  request: AcmeOrderRequest,
  domains: readonly string[],
): Promise<{ record: OrderRecord; keyPem: string | undefined }> {
  const now = new Date().toISOString();
  const base = {
    domains,
    presented: [],
    createdAt: now,
    updatedAt: now,
    ...(request.replaces ? { replaces: request.replaces } : {}),
  };
  if (request.csr !== undefined) {
    const csr = parseCsr(request.csr);
    const keyPem = request.privateKey === undefined ? undefined : toPkcs8Pem(request.privateKey);
    const csrPem = typeof request.csr === 'string' && PEM_CSR.test(request.csr) ? request.csr : csr.pem;
    return {
      record: { ...base, csrPem, ...(keyPem ? { key: sealKeyPem(keyPem, ctx.options.passphrase) } : {}) },
      keyPem,
    };
  }
  const keyPem =
    request.privateKey !== undefined ? toPkcs8Pem(request.privateKey) : await generateKeyPem(request.key);
  const first = domains[0] as string;
  // certkit's own CSR (certkit/issue over @peculiar/x509 v2), not acme-client's bundled v1 copy: the
  // first name is the CN when it fits (ub-common-name 64, RFC 5280 appendix A.1), all go in the SAN.
  const csr = await createCsr({
    key: parsePrivateKey(keyPem),
    ...(first.length <= 64 ? { subject: `CN=${escapeRfc4514(first)}` } : {}),
    dnsNames: domains.filter((d) => isIP(d) === 0),
    ipAddresses: domains.filter((d) => isIP(d) !== 0),
  });
  return {
    record: { ...base, csrPem: csr.pem, key: sealKeyPem(keyPem, ctx.options.passphrase) },
    keyPem,
  };
}

function sameDomains(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

async function fetchOrder(
  client: ProtocolClient,
  url: string,
): Promise<{ order: Acme.Order; retryAfter?: string | undefined }> {
  const resp = await client.api.getOrder(url);
  return { order: { ...(resp.data as Acme.Order), url }, retryAfter: resp.headers['retry-after'] };
}

/** Storage key of an order. */
export function orderStorageKey(ctx: AcmeContext, id: string): string {
  return `${ctx.prefix}/orders/${id}`;
}

/** The order id a request is stored under. */
export function orderIdOf(request: AcmeOrderRequest): string {
  return request.id ?? defaultOrderId(normaliseDomains(request.domains));
}

/** What an earlier run left: an order to continue, or a certificate it already had. */
interface Recovered {
  readonly order?: Acme.Order;
  readonly issuedPem?: string;
  /** Set when the order was found in the account's orders list. */
  readonly fromAccountOrders?: boolean;
}

/**
 * Picks up what an earlier process left in the record: a stored certificate (a crash after download),
 * the stored order (a crash after it was created), or the order the CA created before its URL could be
 * stored (a crash during the new-order request). Anything else is forgotten.
 */
async function recover(
  ctx: AcmeContext,
  client: ProtocolClient,
  store: OrderRecordStore,
  solvers: OrderSolvers,
  domains: readonly string[],
): Promise<Recovered> {
  const stored = await store.load();
  if (!stored) return {};
  // Whatever an earlier process published is removed first; still-pending challenges are published again.
  await cleanupPresented(ctx, store, solvers, 'recovery');
  let found: Recovered = {};
  if (sameDomains(stored.domains, domains)) {
    if (stored.certificatePem !== undefined) {
      found = { issuedPem: stored.certificatePem };
    } else if (stored.orderUrl !== undefined) {
      const order = await resumeOrder(ctx, client, stored.orderUrl);
      if (order) found = { order };
    } else if (stored.orderRequestedAt !== undefined) {
      const order = await findRequestedOrder(client, domains);
      if (order) {
        await store.update((r) => ({ ...r, orderUrl: order.url }));
        found = { order, fromAccountOrders: true };
      }
    }
  }
  if (found.order || found.issuedPem !== undefined) return found;
  if ((store.record?.presented.length ?? 0) > 0) {
    throw new AcmeError(
      'ERR_ACME_SOLVER_FAILED',
      'Challenges an earlier run published could not be removed.',
      {
        details: { pending: store.record?.presented.map((p) => p.identifier) },
      },
    );
  }
  await store.remove();
  return {};
}

/**
 * Runs (or resumes) one order to the end: every step is saved before the next (the record before the
 * new-order request, the certificate before the record is deleted), challenges are always cleaned up,
 * and a finished or failed order leaves no record behind.
 */
export async function runOrder(
  ctx: AcmeContext,
  client: ProtocolClient,
  request: AcmeOrderRequest,
  solvers: OrderSolvers,
): Promise<AcmeOrderResult> {
  const domains = normaliseDomains(request.domains);
  const store = new OrderRecordStore(ctx.storage, orderStorageKey(ctx, orderIdOf(request)));
  const recovered = await recover(ctx, client, store, solvers, domains);
  const resumed = recovered.order !== undefined || recovered.issuedPem !== undefined;
  let order = recovered.order;
  let keyPem: string | undefined;
  if (!store.record) {
    const prepared = await prepareRecord(ctx, request, domains);
    // the key is stored, and the intent noted, before the CA knows the order
    await store.save({ ...prepared.record, orderRequestedAt: new Date().toISOString() });
    keyPem = prepared.keyPem;
  } else if (store.record.key !== undefined) {
    keyPem = openKeyPem(store.record.key, ctx.options.passphrase, 'order'); // resumed: open what was stored
  }
  const record = store.record as OrderRecord;
  try {
    let pem = recovered.issuedPem;
    if (pem === undefined) {
      if (!order) {
        const replaces =
          record.replaces !== undefined && (await offersAri(ctx)) ? { replaces: record.replaces } : {};
        order = await client.createOrder({
          identifiers: domains.map(identifierFor),
          ...replaces,
        } as Acme.Order & {
          identifiers: Array<{ type: string; value: string }>;
        });
        await store.update((r) => ({ ...r, orderUrl: (order as Acme.Order).url }));
        ctx.emit({ type: 'order-created', orderUrl: order.url, domains });
      } else {
        ctx.emit({
          type: 'order-resumed',
          orderUrl: order.url,
          domains,
          status: order.status as AcmeOrderStatus,
          ...(recovered.fromAccountOrders ? { found: 'account-orders' as const } : {}),
        });
      }
      pem = await driveOrder(ctx, client, store, solvers, order, request.preferredChain);
    } else {
      ctx.emit({
        type: 'order-resumed',
        orderUrl: record.orderUrl ?? '',
        domains,
        status: 'valid',
        found: 'stored-certificate',
      });
    }
    const orderUrl = record.orderUrl ?? order?.url ?? '';
    const key: PrivateKey | undefined = keyPem === undefined ? undefined : parsePrivateKey(keyPem);
    const publicKey = key ?? parseCsr(record.csrPem).publicKey;
    const { certificate, chain } = checkIssuedChain(pem, domains, publicKey, orderUrl);
    // the certificate is kept before anything is removed: a crash from here on finds it
    if (recovered.issuedPem === undefined) await store.update((r) => ({ ...r, certificatePem: pem }));
    ctx.emit({
      type: 'certificate-issued',
      orderUrl,
      serialNumber: certificate.serialNumber,
      notAfter: certificate.notAfter,
    });
    const entry =
      key === undefined ? undefined : entryFor(request.alias ?? (domains[0] as string), key, chain);
    await cleanupPresented(ctx, store, solvers, 'done');
    if ((store.record?.presented.length ?? 0) === 0) await store.remove();
    return { orderUrl, entry, certificate, chain, pem, resumed };
  } catch (error) {
    await cleanupPresented(ctx, store, solvers, 'done').catch(() => undefined);
    // An invalid order cannot be continued: forget it so the next run opens a new one. Anything else
    // (timeout, crash, lost lock, rate limit) keeps the record so the next run resumes the same order.
    if (isCertkitError(error, 'ERR_ACME_ORDER_INVALID') && (store.record?.presented.length ?? 0) === 0) {
      await store.remove().catch(() => undefined);
    }
    throw error;
  }
}

async function offersAri(ctx: AcmeContext): Promise<boolean> {
  return typeof (await ctx.transport.getDirectory(ctx.options.directoryUrl)).renewalInfo === 'string';
}

/** The stored order if it can still be continued; undefined (and an event) when it cannot. */
async function resumeOrder(
  ctx: AcmeContext,
  client: ProtocolClient,
  orderUrl: string,
): Promise<Acme.Order | undefined> {
  try {
    const { order } = await fetchOrder(client, orderUrl);
    const expired = typeof order.expires === 'string' && Date.parse(order.expires) <= Date.now();
    if (order.status === 'invalid' || expired) {
      ctx.emit({ type: 'order-discarded', orderUrl, reason: expired ? 'expired' : 'invalid' });
      return undefined;
    }
    return order;
  } catch (error) {
    if (
      isCertkitError(error) &&
      (error.details.status === 404 ||
        error.code === 'ERR_ACME_MALFORMED' ||
        error.code === 'ERR_ACME_UNAUTHORIZED')
    ) {
      ctx.emit({ type: 'order-discarded', orderUrl, reason: error.code });
      return undefined;
    }
    throw error;
  }
}

async function driveOrder(
  ctx: AcmeContext,
  client: ProtocolClient,
  store: OrderRecordStore,
  solvers: OrderSolvers,
  start: Acme.Order,
  preferredChain: string | undefined,
): Promise<string> {
  let order = start;
  const poll = ctx.options.pollIntervalMs ?? 500;
  for (;;) {
    ctx.emit({ type: 'order-status', orderUrl: order.url, status: order.status as AcmeOrderStatus });
    switch (order.status) {
      case 'pending': {
        const failures = await solveAuthorizations(ctx, client, store, solvers, order.authorizations);
        if (failures.length > 0) {
          throw new AcmeError(
            'ERR_ACME_ORDER_INVALID',
            `The order is invalid: ${failures.map((f) => `${f.identifier}: ${f.problem?.detail ?? f.problem?.type ?? 'failed'}`).join('; ')}.`,
            { details: { orderUrl: order.url, failures } },
          );
        }
        order = (await fetchOrder(client, order.url)).order;
        break;
      }
      case 'ready': {
        ctx.emit({ type: 'finalizing', orderUrl: order.url });
        order = await client.finalizeOrder(order, (store.record as OrderRecord).csrPem);
        break;
      }
      case 'processing': {
        order = await whileWaiting(ctx, 'the CA to issue the certificate', () =>
          pollUntil(
            async () => {
              const { order: now, retryAfter } = await fetchOrder(client, order.url);
              return { value: now, done: now.status !== 'processing', retryAfterHeader: retryAfter };
            },
            poll,
            ctx.signal,
          ),
        );
        break;
      }
      case 'valid':
        return client.getCertificate(order, preferredChain);
      default: {
        const authzs = await Promise.all(order.authorizations.map((url) => client.api.getAuthorization(url)));
        const failures = authzs
          .map((r) => r.data as Acme.Authorization)
          .filter((a) => a.status !== 'valid')
          .map((a) => {
            const error = (a.challenges.find((c) => 'error' in c) as { error?: unknown } | undefined)?.error;
            return {
              identifier: a.identifier.value,
              problem: isProblem(error) ? cleanProblem(error) : undefined,
            };
          });
        throw new AcmeError('ERR_ACME_ORDER_INVALID', `The order is ${order.status}.`, {
          details: { orderUrl: order.url, status: order.status, failures },
        });
      }
    }
  }
}
