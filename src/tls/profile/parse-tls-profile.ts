import { TlsError } from '../../errors/index.js';
import type { TlsProfile, TlsProtocolVersion } from './tls-profile.js';

const PROTOCOLS: ReadonlySet<string> = new Set(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
const BOOLEANS = [
  'enabled',
  'enforce',
  'clientAuthEnabled',
  'ignoreValidationErrors',
  'allowLegacyProtocols',
  'hostnameVerification',
] as const;
const STRINGS = ['keyStore', 'keyAlias', 'trustStore', 'serverName'] as const;
const KNOWN: ReadonlySet<string> = new Set<string>([
  ...BOOLEANS,
  ...STRINGS,
  'protocols',
  'ciphers',
  'commonName',
]);

function invalid(field: string, message: string): TlsError {
  return new TlsError('ERR_TLS_PROFILE_INVALID', `TLS profile field "${field}": ${message}`, {
    details: { field },
  });
}

/**
 * Reads a {@link TlsProfile} from plain JSON (an object as `JSON.parse` gives it), checking every
 * field's type. Unknown fields are refused so that a typo (`clientAuthEnable`) is not silently ignored.
 * This checks the shape only; {@link validateTlsProfile} checks the profile against the stores.
 *
 * @throws TlsError `ERR_TLS_PROFILE_INVALID` (with `details.field`) for a wrong type, an unknown field or
 *   an unknown protocol version.
 * @example
 * ```ts
 * import { parseTlsProfile } from 'certkit/tls';
 * const profile = parseTlsProfile(JSON.parse('{"enabled":true,"keyStore":"ref://api","keyAlias":"api"}'));
 * ```
 * @see RFC 8446 section 4.2.1 (protocol versions)
 */
export function parseTlsProfile(json: unknown): TlsProfile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('(root)', 'a TLS profile must be a JSON object');
  }
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KNOWN.has(k)) throw invalid(k, 'unknown field');
  const out: Record<string, unknown> = {};
  for (const k of BOOLEANS) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw invalid(k, 'must be true or false');
    out[k] = v;
  }
  if (out.enabled === undefined) throw invalid('enabled', 'is required');
  for (const k of STRINGS) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '') throw invalid(k, 'must be a non-empty string');
    out[k] = v.trim();
  }
  if (o.protocols !== undefined) {
    if (!Array.isArray(o.protocols) || o.protocols.length === 0) {
      throw invalid('protocols', 'must be a non-empty array of TLS versions');
    }
    const list: TlsProtocolVersion[] = [];
    for (const p of o.protocols) {
      if (typeof p !== 'string' || !PROTOCOLS.has(p)) {
        throw invalid('protocols', `unknown version ${JSON.stringify(p)} (TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)`);
      }
      if (!list.includes(p as TlsProtocolVersion)) list.push(p as TlsProtocolVersion);
    }
    out.protocols = Object.freeze(list);
  }
  if (o.ciphers !== undefined) {
    if (
      !Array.isArray(o.ciphers) ||
      o.ciphers.some((c) => typeof c !== 'string' || !/^[A-Za-z0-9_!+@:.=-]+$/.test(c))
    ) {
      throw invalid('ciphers', 'must be an array of OpenSSL cipher names');
    }
    out.ciphers = Object.freeze([...(o.ciphers as string[])]);
  }
  if (o.commonName !== undefined) out.commonName = expectedName(o.commonName);
  return Object.freeze(out) as unknown as TlsProfile;
}

/** `commonName`: `{ value, wildcardMatch? }` or a plain name. */
function expectedName(v: unknown): Readonly<{ value: string; wildcardMatch: boolean }> {
  const o = typeof v === 'string' ? { value: v } : v;
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw invalid('commonName', 'must be a name or { value, wildcardMatch }');
  const { value, wildcardMatch, ...rest } = o as Record<string, unknown>;
  const [extra] = Object.keys(rest);
  if (extra !== undefined) throw invalid('commonName', `unknown field "${extra}"`);
  if (typeof value !== 'string' || !/^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(value.trim()))
    throw invalid('commonName', 'value must be a host name or a wildcard name such as *.example.com');
  if (wildcardMatch !== undefined && typeof wildcardMatch !== 'boolean')
    throw invalid('commonName', 'wildcardMatch must be true or false');
  return Object.freeze({ value: value.trim(), wildcardMatch: wildcardMatch === true });
}
