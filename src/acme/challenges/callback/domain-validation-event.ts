import type { Dns01Record } from '../dns-01-solver.js';

/**
 * The notification the callback solver sends: `cert_domain_validation_required` when a TXT record must be
 * published, `cert_domain_validation_completed` when it may be removed.
 *
 * @example
 * ```json
 * {
 *   "event_type": "cert_domain_validation_required",
 *   "domain": "example.com",
 *   "domain_validation_method": "dns-01",
 *   "challenge": { "txt_record_name": "_acme-challenge.example.com", "txt_record_val": "Lw8Ic…" }
 * }
 * ```
 * @see RFC 8555 section 8.4
 */
export interface DomainValidationEvent {
  /** What the receiver should do: publish the record, or remove it. */
  readonly event_type: 'cert_domain_validation_required' | 'cert_domain_validation_completed';
  /** The identifier being validated, without `*.`. */
  readonly domain: string;
  /** Always `dns-01`. */
  readonly domain_validation_method: 'dns-01';
  /** The TXT record: full name without the trailing dot, and the value. */
  readonly challenge: { readonly txt_record_name: string; readonly txt_record_val: string };
}

/** @internal The event for a record. */
export function domainValidationEvent(
  eventType: DomainValidationEvent['event_type'],
  record: Dns01Record,
): DomainValidationEvent {
  return {
    event_type: eventType,
    domain: record.domain,
    domain_validation_method: 'dns-01',
    challenge: { txt_record_name: record.name, txt_record_val: record.value },
  };
}
