import type { PrivateKey } from '../keys/private-key.js';
import { checkCertificateUpload, entryRejected, type KeyEntryFinding } from '../stores/key-entry-checks.js';
import type { Certificate } from '../x509/certificate.js';
import type { InventoryContext } from './inventory-context.js';
import type { ImportInput, ImportOptions } from './inventory-options.js';
import type { RevocationState } from './record.js';
import { recordFailure } from './record-store.js';

/** @internal What passed the upload checks: the ordered chain, the parsed key and the revocation answer. */
export interface CheckedUpload {
  readonly chain: readonly Certificate[];
  readonly privateKey: PrivateKey | undefined;
  readonly revocation: RevocationState | undefined;
  /** The warnings of the checks (a private CA accepted, revocation unknown under soft-fail, …). */
  readonly warnings: readonly KeyEntryFinding[];
}

/**
 * The recorded revocation state: `unknown` when an answer could not be had from a source the chain
 * names, `good` otherwise; none when the leaf names no source at all (nothing published can revoke it).
 */
function revocationState(findings: readonly KeyEntryFinding[], at: Date): RevocationState | undefined {
  const unknowns = findings.filter((f) => f.code === 'ERR_KEYSTORE_REVOCATION_UNKNOWN');
  const telling = unknowns.find((f) => f.details?.revocationCode !== 'ERR_REVOCATION_NO_SOURCE');
  if (telling !== undefined)
    return { status: 'unknown', checkedAt: at.toISOString(), reason: telling.message };
  if (unknowns.some((f) => f.depth === 0)) return undefined;
  return { status: 'good', checkedAt: at.toISOString() };
}

/**
 * @internal Runs the upload checks on an import, composed from the same named checks as a keystore
 * upload (chain order, validity, self-signed, trust in configured anchors only, revocation; key
 * readable and key match only when a key comes with it). A blocking finding leaves a `failed` record
 * (when the name was free) and throws the exact code.
 */
export async function checkUpload(
  ctx: InventoryContext,
  name: string,
  input: ImportInput,
  options: ImportOptions,
  at: Date,
): Promise<CheckedUpload> {
  const source = (input.chain ?? input.certificate)!;
  const chain =
    source instanceof Uint8Array || typeof source === 'string'
      ? source
      : Array.isArray(source)
        ? (source as readonly Certificate[])
        : [source as Certificate];
  const trust = options.trust ?? ctx.options.trust;
  const revocation = options.revocation ?? ctx.options.revocation;
  const allowPrivateCa = options.allowPrivateCa ?? ctx.options.allowPrivateCa;
  const checked = await checkCertificateUpload(
    {
      chain,
      ...(input.privateKey === undefined ? {} : { privateKey: input.privateKey }),
      ...(input.password === undefined ? {} : { password: input.password }),
    },
    {
      at,
      ...(trust === undefined ? {} : { trust }),
      ...(revocation === undefined ? {} : { revocation }),
      ...(allowPrivateCa === undefined ? {} : { allowPrivateCa }),
      ...(options.refuseSelfSigned === undefined ? {} : { refuseSelfSigned: options.refuseSelfSigned }),
      ...(options.allowIncompleteChain === undefined
        ? {}
        : { allowIncompleteChain: options.allowIncompleteChain }),
    },
  );
  if (!checked.ok) {
    const error = entryRejected(name, checked.findings);
    await recordFailure(ctx, name, error.code, error.message, at);
    throw error;
  }
  return {
    chain: checked.chain,
    privateKey: checked.privateKey,
    revocation: checked.revocationChecked ? revocationState(checked.findings, at) : undefined,
    warnings: checked.findings.filter((f) => f.severity === 'warning'),
  };
}
