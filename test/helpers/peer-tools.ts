import { spawnSync } from 'node:child_process';

/**
 * Whether a real peer tool (openssl, keytool, nginx, …) is on PATH. Under CI (`CI=true`) a missing
 * tool fails the run; elsewhere the caller skips and a visible line names the package to install.
 */
export function hasPeerTool(
  command: string,
  debianPackage: string,
  versionArgs: string[] = ['version'],
): boolean {
  const found = spawnSync(command, versionArgs, { stdio: 'ignore' }).error === undefined;
  if (found) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${command} is required in CI: install the Debian package "${debianPackage}" in .ci/run`);
  }
  console.warn(
    `SKIPPED: tests that need ${command}; install the Debian package "${debianPackage}" to run them`,
  );
  return false;
}

/** Runs a command and returns stdout as text; throws with stderr when it exits non-zero. */
export function run(command: string, args: readonly string[], input?: string | Uint8Array): string {
  const r = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
