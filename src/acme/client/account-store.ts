import { AcmeError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import type { AcmeContext, ProtocolClient } from './acme-context.js';
import { generateKeyPem, type KeySpec, openKeyPem, sealKeyPem } from './key-spec.js';

/** The account as certkit keeps it. `key` is the sealed PEM (see sealKeyPem). */
interface AccountRecord {
  readonly directoryUrl: string;
  readonly accountUrl?: string;
  readonly key: string;
  /** A new key being rolled over to (kept until the CA confirmed, so a crash loses nothing). */
  readonly pendingKey?: string;
  readonly contact?: readonly string[];
  readonly createdAt: string;
}

/**
 * The ACME account in use: where it lives at the CA and how it came to be. The key itself is never part
 * of it.
 *
 * @example
 * ```ts
 * import { AcmeOrderClient } from 'certkit/acme';
 * const account = await client.account();
 * console.log(account.accountUrl, account.status);
 * ```
 */
export interface AcmeAccountInfo {
  /** The account's name in storage. */
  readonly name: string;
  /** The account URL at the CA (its `kid`). */
  readonly accountUrl: string;
  /** `created` on first use, `reused` when the stored account was used. */
  readonly status: 'created' | 'reused';
  readonly contact: readonly string[];
}

/** A ready account: info plus a protocol client signing with its key. */
export interface OpenAccount {
  readonly info: AcmeAccountInfo;
  readonly client: ProtocolClient;
  readonly keyPem: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function accountKey(ctx: AcmeContext): string {
  return `${ctx.prefix}/account`;
}

async function readRecord(ctx: AcmeContext): Promise<{ record: AccountRecord; version: number } | undefined> {
  const stored = await ctx.storage.get(accountKey(ctx));
  if (!stored) return undefined;
  try {
    return { record: JSON.parse(decoder.decode(stored.value)) as AccountRecord, version: stored.version };
  } catch (cause) {
    throw new AcmeError('ERR_ACME_ACCOUNT_KEY_MISSING', 'The stored ACME account record is damaged.', {
      cause,
      details: { key: accountKey(ctx) },
    });
  }
}

async function writeRecord(
  ctx: AcmeContext,
  record: AccountRecord,
  expectedVersion: number | null,
): Promise<number> {
  return ctx.storage.put(accountKey(ctx), encoder.encode(JSON.stringify(record)), {
    expectedVersion,
    secret: true,
  });
}

/** The stored record, creating it (with a new key) when there is none; replicas racing agree on one key. */
async function ensureRecord(ctx: AcmeContext): Promise<{ record: AccountRecord; version: number }> {
  const existing = await readRecord(ctx);
  if (existing) return existing;
  const keyPem = await generateKeyPem(ctx.options.account?.keyType);
  const record: AccountRecord = {
    directoryUrl: ctx.options.directoryUrl,
    key: sealKeyPem(keyPem, ctx.options.passphrase),
    createdAt: new Date().toISOString(),
  };
  try {
    return { record, version: await writeRecord(ctx, record, null) };
  } catch (error) {
    if (!isCertkitError(error, 'ERR_STORAGE_CONFLICT')) throw error;
    const winner = await readRecord(ctx);
    if (!winner) throw error;
    return winner;
  }
}

async function directoryMeta(ctx: AcmeContext): Promise<Record<string, unknown>> {
  const meta = (await ctx.transport.getDirectory(ctx.options.directoryUrl)).meta;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : {};
}

/** Whether the CA knows an account for this client's key (newAccount with onlyReturnExisting). */
async function findExisting(client: ProtocolClient): Promise<string | undefined> {
  try {
    await client.createAccount({ onlyReturnExisting: true });
    return client.getAccountUrl();
  } catch (error) {
    if (isCertkitError(error, 'ERR_ACME_ACCOUNT_DOES_NOT_EXIST')) return undefined;
    throw error;
  }
}

/**
 * Opens the account of this client: reuses the stored one, finishes an interrupted key rollover, or
 * registers a new account (terms of service, contact, EAB) and stores its URL.
 */
export async function openAccount(ctx: AcmeContext): Promise<OpenAccount> {
  let { record, version } = await ensureRecord(ctx);
  const passphrase = ctx.options.passphrase;
  if (record.pendingKey !== undefined && record.accountUrl !== undefined) {
    const pendingPem = openKeyPem(record.pendingKey, passphrase, 'pending account');
    const found = await findExisting(ctx.protocolClient(pendingPem));
    const { pendingKey: _dropped, ...rest } = record;
    record = found === record.accountUrl ? { ...rest, key: record.pendingKey } : rest;
    version = await writeRecord(ctx, record, version);
  }
  const keyPem = openKeyPem(record.key, passphrase, 'account');
  const contact = record.contact ?? ctx.options.account?.contact ?? [];
  if (record.accountUrl !== undefined) {
    const client = ctx.protocolClient(keyPem, record.accountUrl);
    const info: AcmeAccountInfo = {
      name: ctx.accountName,
      accountUrl: record.accountUrl,
      status: 'reused',
      contact,
    };
    ctx.emit({ type: 'account', status: 'reused', accountUrl: record.accountUrl });
    return { info, client, keyPem };
  }
  const client = ctx.protocolClient(keyPem);
  const meta = await directoryMeta(ctx);
  const account = ctx.options.account ?? {};
  if (typeof meta.termsOfService === 'string' && account.termsOfServiceAgreed !== true) {
    throw new AcmeError(
      'ERR_ACME_TERMS_NOT_AGREED',
      `The CA requires agreement to its terms: ${meta.termsOfService}`,
      {
        details: { termsOfService: meta.termsOfService },
      },
    );
  }
  if (meta.externalAccountRequired === true && account.externalAccountBinding === undefined) {
    throw new AcmeError(
      'ERR_ACME_EXTERNAL_ACCOUNT_REQUIRED',
      'The CA requires External Account Binding (kid and hmacKey).',
      {
        details: { directoryUrl: ctx.options.directoryUrl },
      },
    );
  }
  await client.createAccount({
    termsOfServiceAgreed: account.termsOfServiceAgreed === true,
    ...(account.contact ? { contact: [...account.contact] } : {}),
  });
  const accountUrl = client.getAccountUrl();
  const next: AccountRecord = {
    ...record,
    accountUrl,
    ...(account.contact ? { contact: [...account.contact] } : {}),
  };
  try {
    await writeRecord(ctx, next, version);
  } catch (error) {
    // Another replica registered the same key at the same time: the CA returned the same account to both.
    if (!isCertkitError(error, 'ERR_STORAGE_CONFLICT')) throw error;
  }
  ctx.emit({ type: 'account', status: 'created', accountUrl });
  return { info: { name: ctx.accountName, accountUrl, status: 'created', contact }, client, keyPem };
}

/**
 * Replaces the account key at the CA (RFC 8555 section 7.3.5). The new key is stored as pending first,
 * so a crash between the CA's answer and the final write is finished by the next `openAccount`.
 */
export async function rolloverAccountKey(
  ctx: AcmeContext,
  open: OpenAccount,
  spec?: KeySpec,
): Promise<OpenAccount> {
  const current = await readRecord(ctx);
  if (!current)
    throw new AcmeError('ERR_ACME_ACCOUNT_KEY_MISSING', 'There is no stored ACME account to roll over.');
  const newPem = await generateKeyPem(spec ?? ctx.options.account?.keyType);
  const sealed = sealKeyPem(newPem, ctx.options.passphrase);
  const pendingVersion = await writeRecord(ctx, { ...current.record, pendingKey: sealed }, current.version);
  const next = ctx.protocolClient(newPem);
  const url = await next.http.getResourceUrl('keyChange');
  const inner = next.http.createSignedBody(url, {
    account: open.info.accountUrl,
    oldKey: open.client.http.getJwk(),
  });
  await open.client.api.apiResourceRequest('keyChange', inner, [200], { includeJwsKid: true });
  const client = ctx.protocolClient(newPem, open.info.accountUrl);
  const { pendingKey: _done, ...rest } = current.record;
  await writeRecord(ctx, { ...rest, key: sealed }, pendingVersion);
  ctx.emit({ type: 'account', status: 'key-rolled-over', accountUrl: open.info.accountUrl });
  return { info: open.info, client, keyPem: newPem };
}
