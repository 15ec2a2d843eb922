import { TlsError } from '../../errors/index.js';
import type { KeystoreEntry, StoreRegistry } from '../../stores/index.js';
import type { TlsProfile } from '../profile/tls-profile.js';

/** PEM key and certificate chain of a keystore entry, as Node's `key` / `cert` options take them. */
export interface KeyMaterial {
  readonly key: string;
  readonly cert: string;
  readonly entry: KeystoreEntry;
}

const cache = new WeakMap<KeystoreEntry, KeyMaterial>();

/** The PEM key + chain of the profile's key entry, resolved now (cached per entry: entries are immutable). */
export function keyMaterial(
  profile: TlsProfile,
  registry: StoreRegistry,
  resolveVariable?: (variable: string) => string | undefined,
): KeyMaterial | undefined {
  if (profile.keyStore === undefined) return undefined;
  const ks = registry.resolveKeystore(
    profile.keyStore,
    resolveVariable === undefined ? {} : { resolveVariable },
  );
  const alias = profile.keyAlias ?? (ks.size === 1 ? ks.aliases[0] : undefined);
  const entry = alias === undefined ? undefined : ks.get(alias);
  if (entry === undefined) {
    throw new TlsError(
      'ERR_TLS_ALIAS_NOT_FOUND',
      alias === undefined
        ? `The keystore holds ${ks.size} entries; keyAlias must name one.`
        : `The keystore has no entry "${alias}".`,
      { details: { alias: alias ?? null, aliases: ks.aliases } },
    );
  }
  let m = cache.get(entry);
  if (m === undefined) {
    const key = entry.privateKey.toKeyObject().export({ format: 'pem', type: 'pkcs8' }).toString();
    m = { key, cert: entry.chain.map((c) => c.pem).join(''), entry };
    cache.set(entry, m);
  }
  return m;
}

/** Concatenated PEM of the profile's truststore, or undefined without one. */
export function trustPem(
  profile: TlsProfile,
  registry: StoreRegistry,
  resolveVariable?: (variable: string) => string | undefined,
): string | undefined {
  if (profile.trustStore === undefined) return undefined;
  return registry
    .resolveTruststore(profile.trustStore, resolveVariable === undefined ? {} : { resolveVariable })
    .toPem();
}
