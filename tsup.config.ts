import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const common: Options = {
  splitting: true,
  // No source maps: the package ships no sources for them to point at, and maps embedding the sources
  // were 60 % of its weight. The output is not minified, so stack traces stay readable.
  sourcemap: false,
  target: 'node20',
  platform: 'node',
  treeshake: true,
  define: { __CERTKIT_VERSION__: JSON.stringify(version) },
};

const layers = {
  index: 'src/index.ts',
  'errors/index': 'src/errors/index.ts',
  'pem/index': 'src/pem/index.ts',
  'x509/index': 'src/x509/index.ts',
  'keys/index': 'src/keys/index.ts',
  'chain/index': 'src/chain/index.ts',
  'storage/index': 'src/storage/index.ts',
  'issue/index': 'src/issue/index.ts',
  'stores/index': 'src/stores/index.ts',
  'tls/index': 'src/tls/index.ts',
  'inventory/index': 'src/inventory/index.ts',
  'acme/index': 'src/acme/index.ts',
};

/**
 * Every command in the registry (src/cli/commands/index.ts loads each with `import('./<name>.js')`),
 * built to `dist/cli/commands/<name>.js` so that the entry can import it by a fixed path.
 */
const commands: readonly string[] = [
  ...readFileSync('src/cli/commands/index.ts', 'utf8').matchAll(/import\('\.\/([\w/-]+)\.js'\)/g),
].map((m) => m[1]!);

/**
 * The commands people run in scripts and loops, whose start-up counts (issue 16: ≤ 1.4× `node -e 0`).
 * Each is built as ONE self-contained file instead of sharing the layers' chunks: code splitting cut
 * `certkit inspect` into twenty files, and Node's ESM loader pays for every file it reads (resolve, an
 * asynchronous read on the thread pool, compile, link), about a fifth of the command's CPU. The price
 * is a copy of pem/x509/keys (and chain, for verify) in each of these files, 750 KB in all; the other
 * commands keep sharing chunks with the layers, their start-up being dominated by what they load.
 */
const standalone = new Set(['inspect', 'match', 'verify']);

const commandEntries = (names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [`cli/commands/${name}`, `src/cli/commands/${name}.ts`]));

/**
 * Leaves the registry's `import('./<name>.js')` unbundled, pointing at `dist/cli/commands/<name>.js`
 * beside `dist/cli/main.js`, so that the entry stays one small file that loads one command.
 */
const commandsByPath: Plugin = {
  name: 'certkit-command-paths',
  setup(build) {
    build.onResolve({ filter: /^\.\/[\w/-]+\.js$/ }, (args) =>
      args.kind === 'dynamic-import' && /[\\/]src[\\/]cli[\\/]commands[\\/]index\.ts$/.test(args.importer)
        ? { path: `./commands/${args.path.slice(2)}`, external: true }
        : undefined,
    );
  },
};

/**
 * One entry per layer, each a subpath export, in ESM and CommonJS with declarations. The command
 * (`bin` loads `dist/cli/main.js`; nothing requires it) is ESM only: the entry is one file without
 * chunks, each command `dist/cli/commands/<name>.js`, imported only when it runs; the
 * {@link standalone} ones are single files, the others are built beside the layers and share their
 * chunks. `npm run build` empties dist/ first (the configs run in parallel, so none may clean).
 */
export default defineConfig([
  {
    ...common,
    entry: { ...layers, ...commandEntries(commands.filter((name) => !standalone.has(name))) },
    format: ['esm'],
    dts: { entry: layers },
  },
  {
    ...common,
    entry: { 'cli/main': 'src/cli/main.ts', ...commandEntries([...standalone]) },
    format: ['esm'],
    splitting: false,
    esbuildPlugins: [commandsByPath],
  },
  {
    ...common,
    entry: layers,
    format: ['cjs'],
    // The CommonJS copy is for require() callers only; its whitespace goes so the package stays small
    // (identifiers are kept, so stack traces still name functions). Read the ESM build for the code.
    minifyWhitespace: true,
    minifySyntax: true,
    dts: { entry: layers },
  },
]);
