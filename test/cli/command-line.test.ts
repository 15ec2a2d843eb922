import { describe, expect, it } from 'vitest';
import { certkit } from '../helpers/cli-harness.js';

describe('certkit command line', () => {
  it('prints help and exits 0 with --help, 2 with no command', async () => {
    const help = await certkit(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('inspect');
    expect(help.stdout).toContain('match');
    expect((await certkit([])).code).toBe(2);
  });

  it('an unknown command or option is a usage error (exit 2) with ERR_CLI_USAGE', async () => {
    const unknown = await certkit(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('ERR_CLI_USAGE');
    const badOption = await certkit(['inspect', '--nope', 'x.pem']);
    expect(badOption.code).toBe(2);
    const json = await certkit(['match', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe('ERR_CLI_USAGE');
  });

  it('each command prints its own usage with --help', async () => {
    for (const command of ['inspect', 'match']) {
      const r = await certkit([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`certkit ${command}`);
    }
  });
});
