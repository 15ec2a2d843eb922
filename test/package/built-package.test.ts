import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const subpaths = [
  'certkit',
  'certkit/errors',
  'certkit/pem',
  'certkit/x509',
  'certkit/keys',
  'certkit/chain',
  'certkit/storage',
  'certkit/stores',
  'certkit/tls',
  'certkit/inventory',
  'certkit/acme',
];

/** Runs a snippet with Node from the package root, so `certkit` resolves to this package by self-reference. */
function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe('the built package (npm test builds it first)', () => {
  it('has been built', () => expect(existsSync(join(root, 'dist', 'index.js'))).toBe(true));

  for (const subpath of subpaths) {
    it(`${subpath} loads with import and with require, exporting the same names`, () => {
      const esm = node([
        '--input-type=module',
        '-e',
        `import * as m from '${subpath}'; console.log(JSON.stringify(Object.keys(m).sort()))`,
      ]);
      const cjs = node(['-e', `console.log(JSON.stringify(Object.keys(require('${subpath}')).sort()))`]);
      expect(JSON.parse(cjs)).toEqual(JSON.parse(esm));
      expect(JSON.parse(esm).length).toBeGreaterThan(0);
    });
  }

  it('errors made by the CJS build are recognised by the ESM build (one brand across copies)', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import { isCertkitError } from 'certkit/errors';
       const { PemError } = createRequire(import.meta.url)('certkit/errors');
       const e = new PemError('ERR_PEM_NO_BLOCK', 'x');
       console.log(isCertkitError(e, 'ERR_PEM_NO_BLOCK'));`,
    ]);
    expect(out.trim()).toBe('true');
  });

  it('the certkit binary prints its version and usage', () => {
    const version = node([join(root, 'dist', 'cli', 'main.js'), '--version']);
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
