import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { AcmeError } from '../../errors/area-errors.js';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Lower-cases, removes a trailing dot and checks one name (DNS name, `*.` wildcard, or IP address). */
export function normaliseDomain(input: string): string {
  if (typeof input !== 'string') throw new TypeError('Each domain must be a string');
  const name = input.trim().toLowerCase().replace(/\.$/, '');
  if (isIP(name) !== 0) return name;
  const base = name.startsWith('*.') ? name.slice(2) : name;
  const labels = base.split('.');
  if (name.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    throw new AcmeError(
      'ERR_ACME_REJECTED_IDENTIFIER',
      `"${input}" is not a DNS name or IP address certkit can order.`,
      {
        details: { domain: input, reason: 'not a valid DNS name' },
      },
    );
  }
  return name;
}

/** Normalised, de-duplicated names in the caller's order; at least one. */
export function normaliseDomains(domains: readonly string[]): string[] {
  if (!Array.isArray(domains) || domains.length === 0)
    throw new TypeError('domains must be a non-empty array');
  return [...new Set(domains.map(normaliseDomain))];
}

/** The ACME identifier for a name. */
export function identifierFor(name: string): { type: 'dns' | 'ip'; value: string } {
  return { type: isIP(name) !== 0 ? 'ip' : 'dns', value: name };
}

/** The default storage id of an order: derived from its sorted names, so a restart finds it. */
export function defaultOrderId(domains: readonly string[]): string {
  const first = (domains[0] ?? 'order')
    .replace(/^\*\./, 'wildcard.')
    .replace(/[^A-Za-z0-9.-]/g, '_')
    .slice(0, 64);
  const hash = createHash('sha256')
    .update([...domains].sort().join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `${first}-${hash}`;
}
