import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Flushes a directory entry (a rename or an unlink) to disk. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `target` atomically: a temporary file in the same directory, created with `mode` from the
 * start (`wx`), written and fsynced, renamed over the target, then the directory fsynced. A reader or
 * a crash sees the old or the new content, never a mix. Temporary names contain `#`, which keys never
 * do.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array, mode: number): Promise<void> {
  const dir = dirname(target);
  const temp = join(dir, `${basename(target)}#tmp-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.chmod(mode); // the umask may have narrowed or widened nothing, but be exact
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dir);
}
