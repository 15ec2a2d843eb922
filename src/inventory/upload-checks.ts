import { generateKeyPairSync } from 'node:crypto';
import { parsePrivateKey } from '../keys/parse-private-key.js';
import type { PrivateKey } from '../keys/private-key.js';
import { checkKeyEntryAsync, entryRejected, type KeyEntryFinding } from '../stores/key-entry-checks.js';
import type { Certificate } from '../x509/certificate.js';
import type { InventoryContext } from './inventory-context.js';
import type { ImportInput, ImportOptions } from './inventory-options.js';
import type { RevocationState } from './record.js';
import { recordFailure } from './record-store.js';

let throwaway: PrivateKey | undefined;
/** A key used only to run the upload checks on key-less imports (its mismatch finding is dropped). */
function throwawayKey(): PrivateKey {
  throwaway ??= parsePrivateKey(
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  return throwaway;
}

/** @internal What passed the upload checks: the ordered chain, the parsed key and the revocation answer. */
export interface CheckedUpload {
  readonly chain: readonly Certificate[];
  readonly privateKey: PrivateKey | undefined;
  readonly revocation: RevocationState | undefined;
}

/**
 * @internal Runs the upload checks (key match, chain, expiry, revocation, self-signed) on an import.
 * A blocking finding leaves a `failed` record (when the name was free) and throws the exact code.
 */
export async function checkUpload(
  ctx: InventoryContext,
  name: string,
  input: ImportInput,
  options: ImportOptions,
  at: Date,
): Promise<CheckedUpload> {
  const source = (input.chain ?? input.certificate)!;
  const hasKey = input.privateKey !== undefined;
  const chainInput =
    source instanceof Uint8Array || typeof source === 'string'
      ? source
      : Array.isArray(source)
        ? (source as readonly Certificate[])
        : [source as Certificate];
  const trust = options.trust ?? ctx.options.trust;
  const revocation = options.revocation ?? ctx.options.revocation;
  const checked = await checkKeyEntryAsync(
    {
      privateKey: input.privateKey ?? throwawayKey(),
      chain: chainInput,
      ...(input.password === undefined ? {} : { password: input.password }),
    },
    {
      at,
      ...(trust === undefined ? {} : { trust }),
      ...(revocation === undefined ? {} : { revocation }),
      ...(options.refuseSelfSigned === undefined ? {} : { refuseSelfSigned: options.refuseSelfSigned }),
      ...(options.allowIncompleteChain === undefined
        ? {}
        : { allowIncompleteChain: options.allowIncompleteChain }),
    },
  );
  const findings: KeyEntryFinding[] = hasKey
    ? [...checked.findings]
    : checked.findings.filter((f) => f.code !== 'ERR_KEYSTORE_KEY_MISMATCH');
  if (findings.some((f) => f.severity === 'blocking')) {
    const error = entryRejected(name, findings);
    await recordFailure(ctx, name, error.code, error.message, at);
    throw error;
  }
  const unknown = findings.find((f) => f.code === 'ERR_KEYSTORE_REVOCATION_UNKNOWN');
  return {
    chain: checked.chain,
    privateKey: hasKey ? checked.privateKey : undefined,
    revocation:
      revocation === undefined
        ? undefined
        : unknown === undefined
          ? { status: 'good', checkedAt: at.toISOString() }
          : { status: 'unknown', checkedAt: at.toISOString(), reason: unknown.message },
  };
}
