import type { RecordStatus } from './record.js';
import type { CertificateRecord } from './record-view.js';

const STATUSES: readonly RecordStatus[] = ['valid', 'expiring', 'expired', 'revoked', 'failed', 'unknown'];

/** A label value escaped as the Prometheus text format requires (backslash, quote, newline). */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function metric(name: string, help: string, lines: readonly string[]): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${lines.map((l) => `${name}${l}\n`).join('')}`;
}

/**
 * The inventory as Prometheus metrics (text exposition format 0.0.4), for a node-exporter textfile
 * collector or a scrape endpoint: per record, the current version's expiry time, days left, a status
 * gauge per status value (1 for the record's status, 0 for the others) and how many consumers use it.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { CertificateInventory, inventoryMetrics } from 'certkit/inventory';
 * import { FileStorage } from 'certkit/storage';
 * const inventory = new CertificateInventory(new FileStorage({ dir: '/var/lib/certkit' }));
 * await writeFile('/var/lib/node_exporter/certkit.prom', inventoryMetrics(await inventory.list()));
 * ```
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export function inventoryMetrics(records: readonly CertificateRecord[]): string {
  const current = records.filter((r) => r.current !== undefined);
  const id = (r: CertificateRecord) =>
    `name="${label(r.name)}",domain="${label(r.current?.primaryDomain ?? '')}"`;
  return [
    metric(
      'certkit_certificate_not_after_seconds',
      'Expiry (notAfter) of the current version, in Unix seconds.',
      current.map((r) => `{${id(r)}} ${Math.floor(Date.parse(r.current!.notAfter) / 1000)}`),
    ),
    metric(
      'certkit_certificate_days_left',
      'Whole days until the current version expires (negative once expired).',
      current.map((r) => `{${id(r)}} ${r.current!.daysLeft}`),
    ),
    metric(
      'certkit_certificate_status',
      'The record status: 1 for its status value, 0 for the others.',
      records.flatMap((r) => STATUSES.map((s) => `{${id(r)},status="${s}"} ${r.status === s ? 1 : 0}`)),
    ),
    metric(
      'certkit_certificate_consumers',
      'How many consumers (references, TLS profiles, listeners, environments) use the record.',
      records.map((r) => `{${id(r)}} ${r.bindings.length}`),
    ),
  ].join('');
}
