import { InventoryError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { parsePrivateKey } from '../keys/parse-private-key.js';
import type { PrivateKey } from '../keys/private-key.js';
import type { Certificate } from '../x509/certificate.js';
import { parseCertificates } from '../x509/parse-certificate.js';
import { notFound } from './inventory-checks.js';
import type { InventoryContext } from './inventory-context.js';
import { readRecord, readRecordVersion } from './record-store.js';
import { getText } from './storage-json.js';

/** @internal The stored chain of a version (default the current one), leaf first. */
export async function readChain(
  ctx: InventoryContext,
  name: string,
  version?: number,
): Promise<Certificate[]> {
  const r = await readRecord(ctx, name);
  const v = version ?? r.current;
  const pem = await getText(ctx.storage, ctx.key('certs', name, v));
  if (pem === undefined || !r.versions.some((x) => x.version === v)) throw notFound(name, v);
  return parseCertificates(pem);
}

/** @internal The stored private key of a version (default the current one), decrypted with the passphrase. */
export async function readPrivateKey(
  ctx: InventoryContext,
  name: string,
  version?: number,
): Promise<PrivateKey> {
  const { version: v } = await readRecordVersion(ctx, name, version);
  const pem = await getText(ctx.storage, ctx.key('keys', name, v));
  if (pem === undefined) {
    throw new InventoryError(
      'ERR_INVENTORY_KEY_UNAVAILABLE',
      `Version ${v} of "${name}" has no stored key.`,
      {
        details: { name, version: v, reason: 'no-key' },
      },
    );
  }
  try {
    return parsePrivateKey(pem, ctx.passphrase === undefined ? {} : { password: ctx.passphrase });
  } catch (cause) {
    if (!isCertkitError(cause)) throw cause;
    throw new InventoryError(
      'ERR_INVENTORY_KEY_UNAVAILABLE',
      `The key of "${name}" version ${v} cannot be decrypted with the inventory passphrase.`,
      { cause, details: { name, version: v, reason: cause.code } },
    );
  }
}
