import { spawn, spawnSync } from 'node:child_process';

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

/**
 * Like {@link run}, but without blocking the test worker: vitest's worker answers its runner over
 * RPC with a 60 s deadline, and a test that blocks its event loop in a row of synchronous peer runs
 * (dozens of openssl calls, a few JVM starts of keytool) on a busy machine misses it and fails the
 * whole run with `Timeout calling "onTaskUpdate"` although every test passed. Use this in loops.
 */
export function runAsync(
  command: string,
  args: readonly string[],
  input?: string | Uint8Array,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (status !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${status}: ${stderr}`));
      else resolve(Buffer.concat(out).toString('utf8'));
    });
    child.stdin.on('error', () => {}); // a peer that exits without reading its input
    child.stdin.end(input);
  });
}
