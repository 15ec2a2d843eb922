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
  'certkit/issue',
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

  it('parsing and validation load neither @peculiar/x509 nor its Reflect polyfill; a generator loads them', () => {
    // require.cache names every CommonJS module loaded; Reflect.getMetadata is what reflect-metadata adds.
    const probe = (code: string) =>
      JSON.parse(
        node([
          '-e',
          `${code}
           const loaded = Object.keys(require.cache).filter((p) => /[\\/](@peculiar|reflect-metadata|tsyringe)[\\/]/.test(p));
           console.log(JSON.stringify({ loaded: loaded.length, reflect: typeof Reflect.getMetadata }));`,
        ]),
      ) as { loaded: number; reflect: string };
    for (const subpath of ['certkit', 'certkit/x509', 'certkit/chain', 'certkit/issue']) {
      expect(probe(`require('${subpath}');`), subpath).toEqual({ loaded: 0, reflect: 'undefined' });
    }
    const made = node([
      '-e',
      `const { generatePrivateKey, createSelfSigned } = require('certkit/issue');
       generatePrivateKey('ec').then((key) => createSelfSigned({ key, dnsNames: ['localhost'] })).then(() => {
         const loaded = Object.keys(require.cache).filter((p) => /[\\/]@peculiar[\\/]x509[\\/]/.test(p));
         console.log(JSON.stringify({ loaded: loaded.length > 0, reflect: typeof Reflect.getMetadata }));
       });`,
    ]);
    expect(JSON.parse(made)).toEqual({ loaded: true, reflect: 'function' });
  });

  it('the certkit binary prints its version and usage', () => {
    const version = node([join(root, 'dist', 'cli', 'main.js'), '--version']);
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
