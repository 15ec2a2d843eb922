import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';

/** What one in-process `certkit` run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command in-process with captured output and a fixed clock. */
export async function certkit(
  args: string[],
  env: Record<string, string> = {},
  now = new Date('2026-01-01T00:00:00Z'),
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    env,
    now: () => now,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
