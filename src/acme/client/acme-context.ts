import { createHash } from 'node:crypto';
import type * as AcmeClientModule from 'acme-client';
import type { Storage } from '../../storage/storage.js';
import type { AcmeOrderClientOptions } from './acme-order-client-options.js';
import type { AcmeClientHttp, AcmeTransport } from './acme-transport.js';
import type { AcmeProgressEvent } from './progress-event.js';

/** acme-client's module (loaded on first use, so importing certkit/acme costs nothing until then). */
export type AcmeClientLib = typeof AcmeClientModule;

/**
 * acme-client's Client with the internals certkit reaches (not in its public types); each is listed in
 * ACME_CLIENT_CONTRACT and checked before use.
 */
export type ProtocolClient = AcmeClientModule.Client & {
  http: AcmeClientHttp & {
    getResourceUrl(resource: string): Promise<string>;
    getJwk(): object;
    createSignedBody(url: string, payload: unknown): object;
  };
  api: {
    getAuthorization(
      url: string,
    ): Promise<{ status: number; headers: Record<string, string | undefined>; data: unknown }>;
    getOrder(
      url: string,
    ): Promise<{ status: number; headers: Record<string, string | undefined>; data: unknown }>;
    apiRequest(
      url: string,
      payload: unknown,
      validStatusCodes: number[],
    ): Promise<{ status: number; headers: Record<string, string | undefined>; data: unknown }>;
    apiResourceRequest(
      resource: string,
      payload: unknown,
      validStatusCodes: number[],
      opts: { includeJwsKid: boolean },
    ): Promise<{ status: number; data: unknown }>;
  };
};

let loaded: Promise<AcmeClientLib> | undefined;

/** Loads acme-client once. */
export function loadAcmeClient(): Promise<AcmeClientLib> {
  loaded ??= import('acme-client').then(
    (m) => ((m as unknown as { default?: AcmeClientLib }).default ?? m) as AcmeClientLib,
  );
  return loaded;
}

/** Everything the account and order steps share. */
export interface AcmeContext {
  readonly lib: AcmeClientLib;
  readonly options: AcmeOrderClientOptions;
  readonly storage: Storage;
  readonly transport: AcmeTransport;
  /** Storage key prefix of this directory + account: `acme/<directory hash>/<account name>`. */
  readonly prefix: string;
  readonly accountName: string;
  emit(event: AcmeProgressEvent): void;
  /** Aborts the operation (deadline, caller's signal, lost lock). */
  readonly signal: AbortSignal;
  /** When the operation's deadline passes (epoch milliseconds). */
  readonly deadlineAt: number;
  /** What is being waited for right now (named in the timeout error). */
  readonly waits: Set<string>;
  /** A protocol client for a key (account key, or a certificate key for revocation). */
  protocolClient(accountKeyPem: string, accountUrl?: string): ProtocolClient;
}

/** A short stable id of a directory URL, usable as a storage key segment. */
export function directoryId(directoryUrl: string): string {
  return createHash('sha256').update(directoryUrl).digest('hex').slice(0, 16);
}

/** Checks that a name is one storage key segment. */
export function checkSegment(what: string, value: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(value) || value === '.' || value === '..') {
    throw new TypeError(
      `${what} must be 1-128 characters of A-Z a-z 0-9 . _ - (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}
