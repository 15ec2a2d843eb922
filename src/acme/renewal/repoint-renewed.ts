import { isCertkitError } from '../../errors/index.js';
import type { PrivateKey } from '../../keys/private-key.js';
import type { TrustSource } from '../../stores/key-entry-checks.js';
import type { Keystore } from '../../stores/keystore.js';
import type { RepointResult, StoreRegistry } from '../../stores/store-registry.js';
import { REFERENCE_PREFIX } from '../../stores/store-spec.js';
import type { Certificate } from '../../x509/index.js';
import type { RenewedStoreName } from './acme-renewer-options.js';
import type { RepointFailure } from './renewal-outcome.js';

/** @internal What {@link repointRenewed} needs. */
export interface RepointRenewedInput {
  readonly registry: StoreRegistry;
  /** The certificate replaced: stores holding it (as an entry's leaf) are the ones to replace. */
  readonly replaced: Certificate;
  /** The new entry material. */
  readonly privateKey: PrivateKey;
  readonly chain: readonly Certificate[];
  readonly record: string;
  readonly version: number;
  readonly references: readonly string[] | undefined;
  readonly storeName: RenewedStoreName;
  readonly trust: TrustSource | undefined;
  readonly actor: string;
  readonly reason: string;
}

/**
 * The default name of a renewed store: `<store>:v<version>`, an earlier `:v<n>` suffix replaced.
 *
 * @example
 * ```ts
 * import { defaultRenewedStoreName } from 'certkit/acme';
 * defaultRenewedStoreName({ store: 'api-keystore:v2', record: 'api', version: 3 }); // 'api-keystore:v3'
 * ```
 */
export const defaultRenewedStoreName: RenewedStoreName = ({ store, version }) =>
  `${store.replace(/:v\d+$/, '')}:v${version}`;

function trustList(source: TrustSource | undefined): readonly Certificate[] {
  if (source === undefined) return [];
  return Array.isArray(source) ? source : (source as { certificates: readonly Certificate[] }).certificates;
}

function codeOf(error: unknown): string {
  return isCertkitError(error) ? error.code : 'ERR_UNEXPECTED';
}

/**
 * @internal Re-points every keystore reference whose store holds `replaced` to a new store: the old one
 * with each such entry replaced by the renewed certificate under the same alias. `StoreRegistry.repointAsync`
 * runs the rotation check; a refusal leaves that reference where it was and is reported, not thrown.
 */
export async function repointRenewed(input: RepointRenewedInput): Promise<{
  repointed: RepointResult[];
  failures: RepointFailure[];
}> {
  const { registry } = input;
  const only =
    input.references === undefined
      ? undefined
      : new Set(input.references.map((r) => (r.startsWith(REFERENCE_PREFIX) ? r : REFERENCE_PREFIX + r)));
  const fingerprint = input.replaced.sha256Fingerprint;

  // Group the references by the store they point at; keep the stores holding the replaced certificate.
  const byStore = new Map<string, { keystore: Keystore; aliases: string[]; references: string[] }>();
  for (const info of registry.references()) {
    if (info.kind !== 'keystore' || (only !== undefined && !only.has(info.reference))) continue;
    let group = byStore.get(info.target);
    if (group === undefined) {
      const keystore = registry.resolveKeystore(info.target);
      const aliases = keystore.aliases.filter(
        (a) => keystore.entry(a).chain[0]?.sha256Fingerprint === fingerprint,
      );
      group = { keystore, aliases, references: [] };
      byStore.set(info.target, group);
    }
    if (group.aliases.length > 0) group.references.push(info.reference);
  }

  const repointed: RepointResult[] = [];
  const failures: RepointFailure[] = [];
  const attribution = { actor: input.actor, reason: input.reason };
  for (const [store, group] of byStore) {
    if (group.references.length === 0) continue;
    let to: string | undefined;
    try {
      let next = group.keystore;
      for (const alias of group.aliases) {
        const old = next.entry(alias);
        const top = old.chain[old.chain.length - 1];
        next = next.withEntry(
          alias,
          { privateKey: input.privateKey, chain: input.chain },
          {
            replace: true,
            // The CA certificates of the old entry may complete the new chain, and a chain that was
            // accepted short of a root before is accepted the same way now; the rotation check decides.
            trust: [...trustList(input.trust), ...old.chain.slice(1)],
            // Trust in the renewed chain is the rotation check's to judge (the reference's truststore):
            // the ACME CA may be private (a staging or in-house CA), as the entry it replaces was.
            allowPrivateCa: true,
            ...(top !== undefined && !top.isSelfIssued ? { allowIncompleteChain: true } : {}),
          },
        );
      }
      to = input.storeName({ store, record: input.record, version: input.version });
      await registry.putKeystoreAsync(to, next, attribution);
    } catch (error) {
      for (const reference of group.references) {
        failures.push({ reference, from: store, to, code: codeOf(error), changed: false, error });
      }
      continue;
    }
    for (const reference of group.references) {
      try {
        repointed.push(await registry.repointAsync(reference, to, attribution));
      } catch (error) {
        const changed = registry.target(reference) === to;
        failures.push({ reference, from: store, to, code: codeOf(error), changed, error });
      }
    }
  }
  return { repointed, failures };
}
