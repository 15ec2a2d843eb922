/**
 * An alert that is due.
 *
 * @example
 * ```ts
 * import type { InventoryAlert } from 'certkit/inventory';
 * const text = (a: InventoryAlert) => `${a.name}: ${a.kind} (${a.daysLeft} days left)`;
 * ```
 * @see RFC 5280 section 4.1.2.5
 */
export interface InventoryAlert {
  /** Stable identity: record, version, kind and slot. Each id is sent once. */
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly kind: 'expiring' | 'expired' | 'revoked';
  /** For `expiring`: 0 at the start of the renewal window, then one per interval. */
  readonly slot: number;
  readonly primaryDomain: string;
  readonly sha256Fingerprint: string;
  readonly notAfter: string;
  readonly daysLeft: number;
}

/** A function that delivers an alert (mail, chat, pager). */
export type AlertSender = (alert: InventoryAlert) => void | Promise<void>;
