import { TlsError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/index.js';
import { exportPrivateKey } from '../../keys/index.js';
import type { Keystore, KeystoreEntry, StoreRegistry, Truststore } from '../../stores/index.js';
import type { Certificate } from '../../x509/index.js';
import type { TlsProfile, TlsProtocolVersion } from '../profile/tls-profile.js';

/** @internal Which side of the gateway a profile configures. */
export type GatewayRole = 'server' | 'upstream';

/** @internal How peer certificates are checked, decided once for both renderers. */
export type GatewayVerification =
  /** Verify the peer's chain (and, upstream, its name); a failure ends the connection. */
  | 'strict'
  /** Ask for / accept the peer's certificate but let validation errors through (`ignoreValidationErrors`). */
  | 'lenient'
  /** Server role without client auth: no client certificate is requested. */
  | 'none';

/** @internal Everything a renderer needs, resolved from the profile and the registry. */
export interface GatewayMaterial {
  readonly role: GatewayRole;
  /** The key entry to present (server always; upstream only with client auth). */
  readonly entry: KeystoreEntry | undefined;
  /** The chain to send: the entry's chain without a trailing self-signed root (unless it is the leaf). */
  readonly chain: readonly Certificate[];
  /** The CAs to verify the peer against. */
  readonly trust: Truststore | undefined;
  readonly verification: GatewayVerification;
  readonly protocols: readonly TlsProtocolVersion[];
  /** TLS 1.2-and-below cipher names (OpenSSL / BoringSSL spelling). */
  readonly ciphers12: readonly string[];
  /** TLS 1.3 suite names (`TLS_AES_128_GCM_SHA256`, …). */
  readonly suites13: readonly string[];
  /** Upstream role: the name sent in SNI and checked against the certificate. */
  readonly serverName: string | undefined;
  /** Upstream role: check the certificate's names. */
  readonly hostnameVerification: boolean;
}

/** @internal Options both renderers share. */
export interface GatewayMaterialOptions {
  readonly role: GatewayRole;
  readonly resolveVariable?: (variable: string) => string | undefined;
  /** Upstream role: overrides the profile's `serverName` (checked in every role). */
  readonly serverName?: string;
  /** Certificate chain verification depth, checked to be an integer 1-100 when given. */
  readonly verifyDepth?: number;
}

const DEFAULT_PROTOCOLS: readonly TlsProtocolVersion[] = ['TLSv1.2', 'TLSv1.3'];
const LEGACY: ReadonlySet<string> = new Set(['TLSv1', 'TLSv1.1']);
const KNOWN_PROTOCOLS: ReadonlySet<string> = new Set(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
const CIPHER = /^[A-Za-z0-9_+!@=.-]{1,100}$/;
const HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62})?)*\.?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
const VARIABLE = /^\{.*\}$/s;

/** @internal An `ERR_GATEWAY_UNSAFE_VALUE` error for `field`. */
export function unsafe(field: string, why: string): TlsError {
  return new TlsError('ERR_GATEWAY_UNSAFE_VALUE', `The ${field} is not safe to render: ${why}.`, {
    details: { field },
  });
}

/** @internal Whether `name` is an IP address literal (v4 or v6). */
export function isIpLiteral(name: string): boolean {
  return IPV4.test(name) || (name.includes(':') && IPV6.test(name));
}

/** @internal Checks a host name or IP literal that will be written into a configuration. */
export function checkHostName(name: string, field: string): string {
  if (typeof name !== 'string') throw new TypeError(`${field} must be a string`);
  if (!HOST.test(name) && !isIpLiteral(name)) throw unsafe(field, 'not a host name or IP address');
  return name;
}

function resolveStore(
  registry: StoreRegistry,
  field: 'keyStore' | 'trustStore',
  spec: string,
  options: GatewayMaterialOptions,
): Keystore | Truststore {
  if (typeof spec !== 'string') throw new TypeError(`profile.${field} must be a string`);
  if (VARIABLE.test(spec) && options.resolveVariable === undefined) {
    throw new TlsError(
      'ERR_GATEWAY_VARIABLE_STORE',
      `The ${field} ${spec} is a per-request variable; a static gateway configuration needs the store now (pass resolveVariable).`,
      { details: { field, spec } },
    );
  }
  const resolveOptions =
    options.resolveVariable === undefined ? {} : { resolveVariable: options.resolveVariable };
  try {
    return field === 'keyStore'
      ? registry.resolveKeystore(spec, resolveOptions)
      : registry.resolveTruststore(spec, resolveOptions);
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    if (e.code === 'ERR_STORE_VARIABLE_UNRESOLVED') {
      throw new TlsError(
        'ERR_GATEWAY_VARIABLE_STORE',
        `The ${field} ${spec} did not resolve to a store at render time.`,
        { details: { field, spec, storeCode: e.code }, cause: e },
      );
    }
    if (
      e.code === 'ERR_STORE_NOT_FOUND' ||
      e.code === 'ERR_STORE_REFERENCE_NOT_FOUND' ||
      e.code === 'ERR_STORE_REFERENCE_INVALID' ||
      e.code === 'ERR_STORE_KIND_MISMATCH'
    ) {
      throw new TlsError('ERR_TLS_STORE_NOT_FOUND', `The ${field} "${spec}" cannot be used: ${e.message}`, {
        details: { field, spec, storeCode: e.code },
        cause: e,
      });
    }
    throw e;
  }
}

function pickEntry(keystore: Keystore, alias: string | undefined, spec: string): KeystoreEntry {
  if (alias !== undefined) {
    if (typeof alias !== 'string') throw new TypeError('profile.keyAlias must be a string');
    const entry = keystore.get(alias);
    if (entry === undefined) {
      throw new TlsError('ERR_TLS_ALIAS_NOT_FOUND', `The keystore "${spec}" has no entry "${alias}".`, {
        details: { alias, keyStore: spec, aliases: [...keystore.aliases] },
      });
    }
    return entry;
  }
  const all = keystore.entries();
  if (all.length !== 1 || all[0] === undefined) {
    throw new TlsError(
      'ERR_TLS_ALIAS_NOT_FOUND',
      `The profile gives no keyAlias and the keystore "${spec}" holds ${all.length} entries.`,
      { details: { keyStore: spec, aliases: [...keystore.aliases] } },
    );
  }
  return all[0];
}

function servedChain(entry: KeystoreEntry): readonly Certificate[] {
  const chain = entry.chain;
  const last = chain.at(-1);
  // The root adds bytes and nothing else: the peer must already hold it (RFC 8446 section 4.4.2).
  if (chain.length > 1 && last !== undefined && last.isSelfIssued) return chain.slice(0, -1);
  return chain;
}

/**
 * @internal Resolves a profile for a gateway role: the key entry, the truststore, the verification
 * mode, protocols and ciphers, with the coded errors both renderers share.
 */
export function gatewayMaterial(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: GatewayMaterialOptions,
): GatewayMaterial {
  const { verifyDepth } = options;
  if (verifyDepth !== undefined && (!Number.isInteger(verifyDepth) || verifyDepth < 1 || verifyDepth > 100)) {
    throw new TypeError('verifyDepth must be an integer 1-100');
  }
  if (options.serverName !== undefined) checkHostName(options.serverName, 'serverName');
  if (profile === null || typeof profile !== 'object') throw new TypeError('profile must be a TlsProfile');
  if (registry === null || typeof registry !== 'object' || typeof registry.resolveKeystore !== 'function') {
    throw new TypeError('registry must be a StoreRegistry');
  }
  const role = options.role;
  if (role !== 'server' && role !== 'upstream') throw new TypeError("role must be 'server' or 'upstream'");
  if (profile.enabled !== true) {
    throw new TlsError(
      'ERR_TLS_DISABLED',
      'The profile has TLS disabled: there is no TLS configuration to render.',
      {
        details: { role },
      },
    );
  }

  const protocols = profile.protocols ?? DEFAULT_PROTOCOLS;
  if (!Array.isArray(protocols) || protocols.length === 0) {
    throw new TypeError('profile.protocols must be a non-empty array');
  }
  for (const p of protocols) {
    if (!KNOWN_PROTOCOLS.has(p)) {
      throw new TlsError('ERR_TLS_PROFILE_INVALID', `"${String(p)}" is not a TLS protocol version.`, {
        details: { field: 'protocols', value: String(p) },
      });
    }
  }
  const legacy = protocols.filter((p) => LEGACY.has(p));
  if (legacy.length > 0 && profile.allowLegacyProtocols !== true) {
    throw new TlsError(
      'ERR_TLS_LEGACY_PROTOCOL',
      `The profile allows ${legacy.join(', ')} without allowLegacyProtocols.`,
      { details: { legacy, protocols: [...protocols] } },
    );
  }

  const ciphers = profile.ciphers ?? [];
  if (!Array.isArray(ciphers)) throw new TypeError('profile.ciphers must be an array of strings');
  for (const c of ciphers) {
    if (typeof c !== 'string' || !CIPHER.test(c))
      throw unsafe('cipher', `"${String(c)}" is not a cipher name`);
  }
  const suites13 = ciphers.filter((c) => c.startsWith('TLS_'));
  const ciphers12 = ciphers.filter((c) => !c.startsWith('TLS_'));

  const clientAuth = profile.clientAuthEnabled === true;
  const lenient = profile.enforce !== true && profile.ignoreValidationErrors === true;

  let entry: KeystoreEntry | undefined;
  const needsKey = role === 'server' || clientAuth;
  if (needsKey) {
    if (profile.keyStore === undefined) {
      throw new TlsError(
        'ERR_TLS_NO_KEYSTORE',
        role === 'server'
          ? 'A TLS listener presents a certificate: the profile needs a keyStore.'
          : 'An upstream with client auth presents a certificate: the profile needs a keyStore.',
        { details: { role } },
      );
    }
    const ks = resolveStore(registry, 'keyStore', profile.keyStore, options) as Keystore;
    entry = pickEntry(ks, profile.keyAlias, profile.keyStore);
  }

  let trust: Truststore | undefined;
  let verification: GatewayVerification;
  if (role === 'server') {
    verification = !clientAuth ? 'none' : lenient ? 'lenient' : 'strict';
    if (clientAuth && profile.trustStore === undefined) {
      throw new TlsError(
        'ERR_TLS_NO_TRUSTSTORE',
        'Client auth is on but the profile names no trustStore to verify client certificates against.',
        { details: { role } },
      );
    }
    if (clientAuth && profile.trustStore !== undefined) {
      trust = resolveStore(registry, 'trustStore', profile.trustStore, options) as Truststore;
    }
  } else {
    verification = lenient ? 'lenient' : 'strict';
    if (profile.trustStore !== undefined) {
      trust = resolveStore(registry, 'trustStore', profile.trustStore, options) as Truststore;
    } else if (verification === 'strict') {
      throw new TlsError(
        'ERR_GATEWAY_TRUSTSTORE_REQUIRED',
        'The upstream verifies the server certificate but the profile names no trustStore (gateways have no default CA set).',
        { details: { role, reason: 'upstream-verification' } },
      );
    }
  }

  const named = (role === 'upstream' ? options.serverName : undefined) ?? profile.serverName;
  const serverName = named === undefined ? undefined : checkHostName(named, 'serverName');
  const hostnameVerification = profile.hostnameVerification !== false;
  if (role === 'upstream' && verification === 'lenient' && serverName !== undefined && hostnameVerification) {
    throw new TlsError(
      'ERR_GATEWAY_UNSUPPORTED',
      'A gateway cannot ignore upstream validation errors while still checking the host name (nginx proxy_ssl_verify and Envoy trust_chain_verification cover both), and a host name mismatch is never ignorable with SNI.',
      { details: { role, reason: 'lenient-chain-with-hostname-check', serverName } },
    );
  }
  const expected = profile.commonName;
  if (role === 'upstream' && hostnameVerification && expected !== undefined) {
    const same = serverName !== undefined && expected.value.toLowerCase() === serverName.toLowerCase();
    if (!same || !expected.wildcardMatch) {
      throw new TlsError(
        'ERR_GATEWAY_UNSUPPORTED',
        `The profile expects the upstream certificate to carry "${expected.value}"${
          expected.wildcardMatch ? '' : ' without wildcards'
        }, which nginx and Envoy cannot check apart from the server name they send (proxy_ssl_name, sni) and the standard wildcard rules; set serverName to that name and wildcardMatch to true.`,
        { details: { role, reason: 'expected-common-name', commonName: expected.value, serverName } },
      );
    }
  }
  return {
    role,
    entry,
    chain: entry === undefined ? [] : servedChain(entry),
    trust,
    verification,
    protocols,
    ciphers12,
    suites13,
    serverName,
    hostnameVerification,
  };
}

/** @internal The entry's private key as unencrypted PKCS#8 PEM (written to a 0600 file or inlined). */
export function privateKeyPem(entry: KeystoreEntry): string {
  return exportPrivateKey(entry.privateKey, { format: 'pkcs8-pem' });
}

/** @internal Certificates as one PEM text, each block ending in a newline. */
export function pemOf(certificates: readonly Certificate[]): string {
  return certificates.map((c) => (c.pem.endsWith('\n') ? c.pem : `${c.pem}\n`)).join('');
}
