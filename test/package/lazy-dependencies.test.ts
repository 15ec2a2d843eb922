import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a snippet with Node from the package root (`certkit` resolves to the built package). */
function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

/** Prints whether tldts is loaded after importing certkit, and again after a wildcard match. */
const probe = (load: string) => `${load}
const loaded = () => Object.keys(require.cache).some((k) => k.includes('tldts'));
const before = loaded();
const ok = chain.matchesDnsPattern('*.example.com', 'www.example.com');
const spansSuffix = chain.matchesDnsPattern('*.github.io', 'user.github.io');
console.log(JSON.stringify({ before, ok, spansSuffix, after: loaded() }));`;

describe('the Public Suffix List (tldts) is loaded by wildcard matching only (npm test builds first)', () => {
  const expected = { before: false, ok: true, spansSuffix: false, after: true };
  it('with require', () => {
    const out = node(['-e', probe("require('certkit'); const chain = require('certkit/chain');")]);
    expect(JSON.parse(out)).toEqual(expected);
  });
  it('with import', () => {
    const out = node([
      '--input-type=module',
      '-e',
      probe(`import { createRequire } from 'node:module';
        await import('certkit');
        const chain = await import('certkit/chain');
        const require = createRequire(import.meta.url);`),
    ]);
    expect(JSON.parse(out)).toEqual(expected);
  });
});
