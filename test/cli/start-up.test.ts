import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI } from '../helpers/cli-harness.js';
import { fixturePath } from '../helpers/fixtures.js';

// What `certkit inspect`, `match` and `verify` load (issue 16: their start-up is measured against
// `node -e 0`). Two views: the files the built command really reads, and the static import graph of
// each command's sources, which decides what any build of it loads and evaluates.

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const example = (name: string) => fixturePath('..', '..', 'examples', 'files', name);

/** Node modules that only fetching (http-fetch) or the default root store (node:tls) needs. */
const NETWORK_BUILTINS = ['http', 'https', 'net', 'tls'];

// Runs in the loader-hooks thread: records every module URL the ESM loader loads.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  const result = await next(url, context);
  appendFileSync(process.env.CERTKIT_LOADED_LOG, url + '\\n');
  return result;
}`;
// Preloaded (--require, so that a CommonJS entry stays off the ESM loader) in the command's process:
// installs the hooks for ESM files, and at exit lists the CommonJS files and the built-in modules.
const RECORDER = `const { register } = require('node:module');
const { appendFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
process.on('exit', () => appendFileSync(process.env.CERTKIT_LOADED_LOG, [
  ...Object.keys(require.cache).filter((f) => f !== __filename).map((f) => pathToFileURL(f).href),
  ...process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => 'builtin:' + m.slice(13)),
].join('\\n') + '\\n'));`;

let dir: string;
let recorder: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certkit-start-up-'));
  recorder = join(dir, 'recorder.cjs');
  writeFileSync(recorder, RECORDER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built command; returns the dist files it loaded (relative) and the built-ins Node loaded. */
function loaded(name: string, args: string[]): { files: string[]; builtins: string[] } {
  const log = join(dir, `${name}.log`);
  execFileSync(process.execPath, ['--require', recorder, BUILT_CLI, ...args], {
    env: { ...process.env, CERTKIT_LOADED_LOG: log },
    stdio: 'ignore',
    timeout: 60_000,
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    files: [
      ...new Set(
        lines
          .filter((l) => l.startsWith('file:'))
          .map((l) => relative(dist, fileURLToPath(l)).split('\\').join('/')),
      ),
    ].sort(),
    builtins: lines.filter((l) => l.startsWith('builtin:')).map((l) => l.slice('builtin:'.length)),
  };
}

describe('the built command loads its entry and one file for inspect, match and verify', () => {
  const runs: [string, string[]][] = [
    ['inspect', ['inspect', example('server-chain.pem')]],
    ['match', ['match', '--key', example('server.key'), '--cert', example('server-chain.pem')]],
    [
      'verify',
      ['verify', example('server-chain.pem'), '--ca', example('root-ca.pem'), '--host', 'demo.example'],
    ],
  ];
  for (const [name, args] of runs) {
    it(`certkit ${name} reads dist/cli/main.js and dist/cli/commands/${name}.js only, and no network module`, () => {
      const { files, builtins } = loaded(name, args);
      expect(files).toEqual([`cli/commands/${name}.js`, 'cli/main.js'].sort());
      expect(builtins.filter((b) => NETWORK_BUILTINS.includes(b))).toEqual([]);
    }, 90_000);
  }

  it('the other commands still load from the shared chunks (the recorder sees them)', () => {
    const { files } = loaded('bundle', ['bundle', example('unordered-bundle.pem')]);
    expect(files).toContain('commands/bundle.js');
    expect(files.some((f) => /^chunk-[\w-]+\.js$/.test(f))).toBe(true);
  }, 90_000);
});

// esbuild is tsup's bundler; resolved from tsup so that the test does not depend on hoisting.
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))(
  'esbuild',
) as typeof import('esbuild');

interface Graph {
  /** Source files reached from the command through static imports only. */
  readonly statics: Set<string>;
  /** Node built-ins imported statically by those files. */
  readonly builtins: Set<string>;
  /** Every file reached, dynamic imports included. */
  readonly all: Set<string>;
}

/** The import graph of one command's sources, from esbuild's metafile (nothing is written). */
async function graph(command: string): Promise<Graph> {
  const result = await esbuild.build({
    entryPoints: [join(root, 'src', 'cli', 'commands', `${command}.ts`)],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
    define: { __CERTKIT_VERSION__: '"0.0.0"' },
  });
  const inputs = result.metafile.inputs;
  const statics = new Set<string>();
  const builtins = new Set<string>();
  const queue = [`src/cli/commands/${command}.ts`];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (statics.has(file)) continue;
    statics.add(file);
    for (const i of inputs[file]?.imports ?? []) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) builtins.add(i.path.replace(/^node:/, ''));
      else queue.push(i.path);
    }
  }
  return { statics, builtins, all: new Set(Object.keys(inputs)) };
}

const under = (files: Set<string>, dirPrefix: string) =>
  [...files].filter((f) => f.startsWith(dirPrefix)).sort();

describe('what each command imports statically (the graph every build of it follows)', () => {
  it('inspect: no chain, no stores; the PKCS#12 and JKS readers only through a dynamic import', async () => {
    const g = await graph('inspect');
    expect(under(g.statics, 'src/chain/')).toEqual([]);
    expect(under(g.statics, 'src/stores/')).toEqual([]);
    expect(g.all).toContain('src/stores/formats/pkcs12/read-pkcs12.ts');
    expect(g.all).toContain('src/stores/formats/jks/read-jks.ts');
    expect(under(g.all, 'src/stores/registry/')).toEqual([]);
    expect(g.all).not.toContain('src/stores/store-registry.ts');
    expect([...g.builtins].filter((b) => NETWORK_BUILTINS.includes(b))).toEqual([]);
  });

  it('match: no chain, no stores', async () => {
    const g = await graph('match');
    expect(under(g.all, 'src/chain/')).toEqual([]);
    expect(under(g.all, 'src/stores/')).toEqual([]);
    expect([...g.builtins].filter((b) => NETWORK_BUILTINS.includes(b))).toEqual([]);
  });

  it('verify: the chain layer without the stores registry; network modules only when fetching', async () => {
    const g = await graph('verify');
    expect(g.statics).toContain('src/chain/build-chain.ts');
    expect(under(g.statics, 'src/stores/')).toEqual([]);
    expect(g.all).not.toContain('src/stores/store-registry.ts');
    expect([...g.builtins].filter((b) => NETWORK_BUILTINS.includes(b))).toEqual([]);
  });
});
