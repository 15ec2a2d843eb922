import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GatewayFile } from './gateway-file.js';

/**
 * Writes the files a gateway renderer returned, each atomically: into a temporary file in the same
 * folder created with the file's mode (`0o600` for keys, so a key is never readable by others, not
 * even for a moment), flushed to disk, then renamed over the target. Missing folders are created
 * (mode `0o755`). A reloading gateway therefore sees the old file or the new one, never half of one.
 *
 * @throws Error (Node `fs` errors such as `EACCES`, `ENOENT`) when a file cannot be written; the
 *   temporary file is removed.
 * @throws TypeError when an element is not a {@link GatewayFile}.
 * @example
 * ```ts
 * import { renderNginxTls, writeGatewayFiles } from 'certkit/tls';
 * const { files, config } = renderNginxTls(profile, registry, { role: 'server', dir: '/etc/nginx/certkit' });
 * await writeGatewayFiles(files);
 * ```
 * @see RFC 7468
 */
export async function writeGatewayFiles(files: readonly GatewayFile[]): Promise<void> {
  if (!Array.isArray(files) || !files.every((f) => f instanceof GatewayFile)) {
    throw new TypeError('writeGatewayFiles expects the GatewayFile list of a renderer');
  }
  for (const file of files) {
    const dir = dirname(file.path);
    await mkdir(dir, { recursive: true, mode: 0o755 });
    const tmp = join(dir, `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(tmp, 'wx', file.mode);
      try {
        await handle.writeFile(file.contents, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(tmp, file.mode); // the umask may have removed bits the caller asked for
      await rename(tmp, file.path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
}
