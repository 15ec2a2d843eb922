import { isCertkitError } from '../../errors/is-certkit-error.js';
import type { Storage } from '../../storage/storage.js';
import type { Dns01Record } from '../challenges/dns-01-solver.js';
import type { Http01Challenge } from '../challenges/http-01-solver.js';

/** A challenge certkit published and must remove (kept so a restarted process cleans it up). */
export type PresentedChallenge =
  | { readonly type: 'dns-01'; readonly identifier: string; readonly record: Dns01Record }
  | { readonly type: 'http-01'; readonly identifier: string; readonly challenge: Http01Challenge };

/** An order in progress as it is kept in storage (written as a secret: it holds the certificate key). */
export interface OrderRecord {
  readonly domains: readonly string[];
  /** The sealed private key (see sealKeyPem); absent when the caller gave a CSR without a key. */
  readonly key?: string;
  readonly csrPem: string;
  readonly orderUrl?: string;
  /**
   * Set when the record is saved right before the new-order request: an order may exist at the CA
   * even without `orderUrl` (a crash before it was stored), so the next run looks for it first.
   */
  readonly orderRequestedAt?: string;
  /** The issued chain (PEM), stored before the challenges are removed and the record deleted. */
  readonly certificatePem?: string;
  readonly replaces?: string;
  readonly presented: readonly PresentedChallenge[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The stored state of one order with compare-and-swap writes: every step is saved before the next one
 * starts, so a process that dies resumes the same order (and cleans up what it had published).
 */
export class OrderRecordStore {
  private version: number | null = null;
  private current: OrderRecord | undefined;

  constructor(
    private readonly storage: Storage,
    readonly key: string,
  ) {}

  /** Reads the stored record (undefined when there is none or it is unreadable). */
  async load(): Promise<OrderRecord | undefined> {
    const stored = await this.storage.get(this.key);
    if (!stored) {
      this.version = null;
      this.current = undefined;
      return undefined;
    }
    this.version = stored.version;
    try {
      this.current = JSON.parse(decoder.decode(stored.value)) as OrderRecord;
    } catch {
      this.current = undefined;
    }
    return this.current;
  }

  /** The record as last loaded or saved. */
  get record(): OrderRecord | undefined {
    return this.current;
  }

  /** Saves a new state (CAS against the version read; the order lock makes conflicts a bug, not a race). */
  async save(record: OrderRecord): Promise<void> {
    const next = { ...record, updatedAt: new Date().toISOString() };
    this.version = await this.storage.put(this.key, encoder.encode(JSON.stringify(next)), {
      expectedVersion: this.version,
      secret: true,
    });
    this.current = next;
  }

  /** Applies a change to the current record and saves it. */
  async update(change: (record: OrderRecord) => OrderRecord): Promise<void> {
    if (!this.current) throw new Error('no order record to update');
    await this.save(change(this.current));
  }

  /** Removes the record (the order is done, or discarded). */
  async remove(): Promise<void> {
    try {
      await this.storage.delete(this.key, this.version === null ? {} : { expectedVersion: this.version });
    } catch (error) {
      if (!isCertkitError(error, 'ERR_STORAGE_CONFLICT')) throw error;
    }
    this.version = null;
    this.current = undefined;
  }
}
