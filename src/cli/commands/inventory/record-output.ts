import type { CertificateRecord } from '../../../inventory/index.js';

/** A record's `--json` shape: the library's record view as is (it never holds key material). */
export function recordJson(record: CertificateRecord): CertificateRecord {
  return record;
}

/** A record in a few readable lines. */
export function recordText(record: CertificateRecord): string {
  const c = record.current;
  const head = `${record.name}: ${record.status}`;
  if (c === undefined) {
    return `${head}${record.failure === undefined ? '' : ` (${record.failure.code}: ${record.failure.message})`}\n`;
  }
  const lines = [
    `${head}, version ${c.version}, ${c.daysLeft} days left`,
    `  subject      ${c.subject}`,
    `  names        ${c.subjectAltNames.join(', ') || '-'}`,
    `  issuer       ${c.issuer}`,
    `  serial       ${c.serialNumber}`,
    `  not after    ${c.notAfter}`,
    `  SHA-256      ${c.sha256Fingerprint}`,
    `  signature    ${c.signatureAlgorithm}`,
    `  key          ${c.hasKey ? (c.keyEncrypted ? 'kept, sealed with the passphrase' : 'kept, NOT encrypted') : 'none'}`,
    `  in use by    ${record.bindings.map((b) => `${b.kind}:${b.id}`).join(', ') || 'nothing'}`,
  ];
  if (record.versions.length > 1) {
    lines.push(`  versions     ${record.versions.map((v) => `${v.version} ${v.status}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line per record for `inventory list`. */
export function recordTable(records: readonly CertificateRecord[]): string {
  const head = ['NAME', 'STATUS', 'VERSION', 'DOMAIN', 'NOT AFTER', 'DAYS', 'IN USE'];
  const rows = records.map((r) => [
    r.name,
    r.failure === undefined ? r.status : `${r.status} (${r.failure.code})`,
    r.current === undefined ? '-' : String(r.current.version),
    r.current?.primaryDomain ?? '-',
    r.current?.notAfter ?? '-',
    r.current === undefined ? '-' : String(r.current.daysLeft),
    String(r.bindings.length),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return `${[head, ...rows]
    .map((row) =>
      row
        .map((x, i) => x.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
