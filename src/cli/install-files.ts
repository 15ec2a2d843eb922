import { rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../errors/area-errors.js';
import { fsyncDirectory, writeFileAtomic } from '../storage/atomic-write.js';

/** Suffix of the files staged before they replace the real ones. */
const PENDING = '.certkit-pending';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function promote(path: string): Promise<void> {
  await rename(`${path}${PENDING}`, path);
  await fsyncDirectory(dirname(path));
}

function writeFailed(path: string, cause: unknown): InputError {
  return new InputError('ERR_INPUT_UNREADABLE', `Cannot write "${path}".`, { cause, details: { path } });
}

/**
 * Installs a new certificate chain and its key so that a crash never leaves a key that does not match
 * its certificate for good: both are first written in full beside their targets (`*.certkit-pending`,
 * fsynced; the key 0600), then the key is renamed into place, then the chain. A run that dies between
 * the two renames leaves the chain's pending file, which {@link finishInterruptedInstall} completes.
 */
export async function installChainAndKey(
  certPath: string,
  chainPem: string,
  keyPath?: string,
  keyPem?: string,
): Promise<void> {
  const encoder = new TextEncoder();
  try {
    await writeFileAtomic(`${certPath}${PENDING}`, encoder.encode(chainPem), 0o644);
    if (keyPath !== undefined && keyPem !== undefined) {
      await writeFileAtomic(`${keyPath}${PENDING}`, encoder.encode(keyPem), 0o600);
      await promote(keyPath);
    }
    await promote(certPath);
  } catch (error) {
    throw writeFailed(certPath, error);
  }
}

/**
 * Completes an install a crash interrupted (pending files left beside the targets). Returns the paths
 * it put in place; none when there was nothing to finish.
 */
export async function finishInterruptedInstall(certPath: string, keyPath: string): Promise<string[]> {
  if (!(await exists(`${certPath}${PENDING}`))) return [];
  const done: string[] = [];
  try {
    if (await exists(`${keyPath}${PENDING}`)) {
      await promote(keyPath);
      done.push(keyPath);
    }
    await promote(certPath);
    done.push(certPath);
  } catch (error) {
    throw writeFailed(certPath, error);
  }
  return done;
}
