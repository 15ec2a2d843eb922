import { InventoryError } from '../errors/area-errors.js';
import { exportPrivateKey } from '../keys/export-private-key.js';
import type { PrivateKey } from '../keys/private-key.js';
import { checkName } from './inventory-checks.js';
import type { InventoryContext } from './inventory-context.js';
import type { ImportInput, ImportOptions } from './inventory-options.js';
import { factsOf, type StoredRecord, type StoredVersion } from './record.js';
import { type CertificateRecord, recordView } from './record-view.js';
import { getJson, isConflict, putText, updateJson } from './storage-json.js';
import { checkUpload } from './upload-checks.js';

function nameExists(name: string, currentVersion: number): InventoryError {
  return new InventoryError('ERR_INVENTORY_NAME_EXISTS', `A record named "${name}" already exists.`, {
    details: { name, currentVersion },
  });
}

/** The key as PKCS#8 PEM, encrypted with the master passphrase when there is one. */
function keyPemOf(ctx: InventoryContext, key: PrivateKey): string {
  return ctx.passphrase === undefined
    ? exportPrivateKey(key, { format: 'pkcs8-pem' })
    : exportPrivateKey(key, {
        format: 'pkcs8-pem',
        password: ctx.passphrase,
        ...(ctx.options.keyIterations === undefined ? {} : { iterations: ctx.options.keyIterations }),
      });
}

/** Claims a version number: the certificate key is created with CAS, so two importers never share one. */
async function storeChain(ctx: InventoryContext, name: string, chainPem: string): Promise<number> {
  let version = 0;
  for (let attempt = 0; ; attempt++) {
    const cur = await getJson<StoredRecord>(ctx.storage, ctx.key('records', name));
    const max = Math.max(0, ...(cur?.value.versions.map((v) => v.version) ?? []));
    version = Math.max(version + 1, max + 1);
    try {
      await putText(ctx.storage, ctx.key('certs', name, version), chainPem, { expectedVersion: null });
      return version;
    } catch (e) {
      if (!isConflict(e) || attempt > 50) throw e;
    }
  }
}

/** @internal Imports a certificate (with chain and optional key) under `name` after the upload checks. */
export async function importCertificate(
  ctx: InventoryContext,
  name: string,
  input: ImportInput,
  options: ImportOptions,
): Promise<CertificateRecord> {
  checkName(name);
  if (input === null || typeof input !== 'object') throw new TypeError('input must be an object');
  const source = input.chain ?? input.certificate;
  if (source === undefined) throw new TypeError('input needs certificate or chain');
  const hasKey = input.privateKey !== undefined;
  if (hasKey && ctx.passphrase === undefined && ctx.options.allowPlaintextKeys !== true) {
    throw new InventoryError(
      'ERR_INVENTORY_PLAINTEXT_KEY',
      `The key of "${name}" would be stored unencrypted: the inventory has no passphrase.`,
      { details: { name } },
    );
  }
  const at = ctx.now();
  const existing = await getJson<StoredRecord>(ctx.storage, ctx.key('records', name));
  if (existing === undefined && options.reuseDeletedName !== true) {
    if ((await ctx.storage.get(ctx.key('tombstones', name))) !== undefined) {
      throw new InventoryError(
        'ERR_INVENTORY_DELETED',
        `"${name}" belonged to a deleted record; pass reuseDeletedName to use it again.`,
        { details: { name } },
      );
    }
  }
  if (existing !== undefined && existing.value.versions.length > 0 && options.newVersion !== true) {
    throw nameExists(name, existing.value.current);
  }

  const checked = await checkUpload(ctx, name, input, options, at);
  const leaf = checked.chain[0]!;
  const chainPem = checked.chain.map((c) => c.pem).join('');
  const keyPem = checked.privateKey === undefined ? undefined : keyPemOf(ctx, checked.privateKey);

  const version = await storeChain(ctx, name, chainPem);
  if (keyPem !== undefined) {
    await putText(ctx.storage, ctx.key('keys', name, version), keyPem, { secret: true });
  }
  const stored: StoredVersion = {
    version,
    facts: factsOf(leaf),
    importedAt: at.toISOString(),
    hasKey: keyPem !== undefined,
    keyEncrypted: keyPem !== undefined && ctx.passphrase !== undefined,
    ...(checked.revocation === undefined ? {} : { revocation: checked.revocation }),
  };
  const record = await updateJson<StoredRecord, StoredRecord>(
    ctx.storage,
    ctx.key('records', name),
    (cur) => {
      if (cur !== undefined && cur.versions.length > 0 && options.newVersion !== true) {
        throw nameExists(name, cur.current);
      }
      const versions = [...(cur?.versions ?? []), stored].sort((a, b) => a.version - b.version);
      const value: StoredRecord = {
        name,
        current: Math.max(version, cur?.current ?? 0),
        versions,
        bindings: cur?.bindings ?? [],
      };
      return { value, result: value };
    },
  );
  if (options.reuseDeletedName === true) await ctx.storage.delete(ctx.key('tombstones', name));
  return recordView(ctx.options.alerts ?? {}, record, at);
}
