import { errorHint } from '../error-hints.js';
import type { DescribedFile, DescribedObject } from './described-object.js';

const row = (name: string, value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '' : `    ${`${name}:`.padEnd(16)}${value}\n`;

function statusText(status: string, days: number): string {
  if (status === 'expired') return `EXPIRED ${-days} day${days === -1 ? '' : 's'} ago`;
  if (status === 'not-yet-valid') return 'NOT YET VALID';
  return `${status === 'expiring' ? 'EXPIRING' : 'valid'}, ${days} day${days === 1 ? '' : 's'} left`;
}

function formatObject(o: DescribedObject, index: number): string {
  const where = o.line === null ? (o.alias === undefined ? '' : ` (alias ${o.alias})`) : ` (line ${o.line})`;
  switch (o.type) {
    case 'certificate': {
      const c = o.certificate;
      const bc = c.basicConstraints;
      return (
        `  [${index}] certificate${where}\n` +
        row('Subject', c.subject) +
        row('Issuer', c.issuer) +
        row('Serial', c.serialNumber) +
        row('Not before', c.notBefore) +
        row('Not after', c.notAfter) +
        row('Status', statusText(o.status.status, o.status.daysRemaining)) +
        row('SANs', c.subjectAltNames?.map((n) => `${n.type.toUpperCase()}:${n.value}`).join(', ')) +
        row(
          'Public key',
          c.publicKey
            ? `${c.publicKey.algorithm.toUpperCase()} ${c.publicKey.curve ?? c.publicKey.bits ?? ''}`
            : null,
        ) +
        row('Signature', c.signatureAlgorithm) +
        row('Key usage', c.keyUsage?.join(', ')) +
        row('Ext key usage', c.extendedKeyUsage?.join(', ')) +
        row(
          'CA',
          bc ? (bc.ca ? `yes${bc.pathLength === null ? '' : `, path length ${bc.pathLength}`}` : 'no') : null,
        ) +
        row('Self-signed', c.selfSigned ? 'yes' : null) +
        row('SHA-256', c.fingerprints.sha256) +
        row('SHA-1', c.fingerprints.sha1) +
        c.errors.map((e) => row('Problem', `${e.field}: ${e.code} ${e.message}`)).join('') +
        c.encodingDeviations.map((d) => row('Warning', `${d.field}: ${d.message} (${d.rule})`)).join('')
      );
    }
    case 'private-key':
      return (
        `  [${index}] private key${where}\n` +
        row('Algorithm', `${o.key.algorithm.toUpperCase()} ${o.key.curve ?? o.key.bits}`) +
        row('Format', o.key.format) +
        row('Encrypted', o.key.wasEncrypted ? `yes (${o.key.encryption})` : 'no') +
        row('Public SHA-256', o.key.publicKeySha256)
      );
    case 'encrypted-private-key':
      return `  [${index}] encrypted private key${where}\n${row('Note', o.note)}`;
    case 'public-key':
      return (
        `  [${index}] public key${where}\n` +
        row('Algorithm', `${o.key.algorithm.toUpperCase()} ${o.key.curve ?? o.key.bits}`) +
        row('SHA-256', o.key.sha256Fingerprint)
      );
    case 'csr':
    case 'crl':
      return `  [${index}] ${o.type === 'csr' ? 'certificate request' : 'revocation list'}${where}\n${Object.entries(
        (o.type === 'csr' ? o.csr : o.crl) as Record<string, unknown>,
      )
        .map(([k, v]) => row(k, typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v)))
        .join('')}`;
    case 'other':
      return `  [${index}] ${o.label}${where}\n${row('Note', o.note)}`;
    case 'error':
      return `  [${index}] unreadable object${where}\n${row('Error', `${o.error.code}: ${o.error.message}`)}`;
  }
}

/** Renders `certkit inspect` output for one file as readable text. */
export function formatDescribedFile(file: DescribedFile): string {
  if (file.error) {
    const hint = errorHint(file.error.code);
    return `${file.path}: ${file.error.code}: ${file.error.message}\n${hint === undefined ? '' : `${hint}\n`}`;
  }
  const n = file.objects.length;
  return `${file.path}: ${n} object${n === 1 ? '' : 's'} (${file.format})\n${file.objects.map((o, i) => formatObject(o, i + 1)).join('')}`;
}
