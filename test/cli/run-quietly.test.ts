import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `npm run demo` builds through scripts/run-quietly.mjs: quiet when the build works, loud when it fails.
const script = fileURLToPath(new URL('../../scripts/run-quietly.mjs', import.meta.url));
const quietly = (...args: string[]) =>
  spawnSync(process.execPath, [script, 'Building', process.execPath, ...args], { encoding: 'utf8' });

describe('npm run demo is quiet about the build', () => {
  it('holds back the output of a command that succeeds, and says it is done', () => {
    const r = quietly('-e', 'console.log("chunk-ABC.js 12 KB"); console.error("DTS Build start")');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('chunk-ABC');
    expect(r.stderr).toMatch(/^Building: done in \d+\.\d s\n$/);
  });

  it('prints everything and exits with its code when the command fails', () => {
    const r = quietly('-e', 'console.log("src/x.ts(1,1): error TS1005"); process.exit(4)');
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('src/x.ts(1,1): error TS1005');
    expect(r.stderr).toContain('Building FAILED (exit 4)');
  });

  it('is what npm run demo runs before the demo', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.scripts.demo).toMatch(
      /^node scripts\/run-quietly\.mjs ".*" npm run build --silent && node examples\/demo\.mjs$/,
    );
  });
});
