import { readFileSync, writeFileSync } from 'node:fs';
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
 * Each is built as ONE self-contained CommonJS file, `dist/cli/commands/<name>.js`, instead of sharing
 * the layers' ESM chunks: code splitting cut `certkit inspect` into twenty files, and Node's loader pays
 * for every file (resolve, read, compile, link); the ESM loader itself, which a CommonJS entry that
 * requires a CommonJS command never starts, costs as much again. The price is a copy of pem/x509/keys
 * (and chain, for verify) in each of these files, 750 KB in all. The other commands are ESM,
 * `dist/commands/<name>.js`, built beside the layers and sharing their chunks: their start-up is
 * dominated by what they load.
 */
const standalone = new Set(['inspect', 'match', 'verify']);

const REGISTRY = /[\\/]src[\\/]cli[\\/]commands[\\/]index\.ts$/;

/**
 * The entry (`dist/cli/main.js`, CommonJS, one file) loads a standalone command with
 * `require('./commands/<name>.js')` and any other with `import('../commands/<name>.js')`: the
 * registry's `(await import('./<name>.js'))` is rewritten for the former and left unbundled for both.
 */
const commandsByPath: Plugin = {
  name: 'certkit-command-paths',
  setup(build) {
    build.onLoad({ filter: REGISTRY }, (args) => ({
      loader: 'ts',
      contents: readFileSync(args.path, 'utf8').replace(
        /\(await import\('\.\/([\w/-]+)\.js'\)\)/g,
        (whole, name: string) => (standalone.has(name) ? `require('./commands/${name}.js')` : whole),
      ),
    }));
    build.onResolve({ filter: /^\.\/[\w/-]+\.js$/ }, (args) => {
      if (!REGISTRY.test(args.importer)) return undefined;
      if (args.kind === 'require-call') return { path: args.path, external: true };
      if (args.kind === 'dynamic-import')
        return { path: `../commands/${args.path.slice(2)}`, external: true };
      return undefined;
    });
  },
};

/**
 * One entry per layer, each a subpath export, in ESM and CommonJS with declarations. The command
 * (`bin` loads `dist/cli/main.js`; nothing requires it) is one CommonJS file without chunks that
 * loads the command it runs and nothing else (see {@link standalone}). `npm run build` empties dist/
 * first (the configs run in parallel, so none may clean).
 */
export default defineConfig([
  {
    ...common,
    entry: {
      ...layers,
      ...Object.fromEntries(
        commands
          .filter((name) => !standalone.has(name))
          .map((name) => [`commands/${name}`, `src/cli/commands/${name}.ts`]),
      ),
    },
    format: ['esm'],
    dts: { entry: layers },
  },
  {
    ...common,
    entry: {
      'cli/main': 'src/cli/main.ts',
      ...Object.fromEntries(
        [...standalone].map((name) => [`cli/commands/${name}`, `src/cli/commands/${name}.ts`]),
      ),
    },
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    splitting: false,
    // Three copies of the lower layers: whitespace and syntax minified (identifiers kept, as in the
    // CommonJS layers) so they cost 0.35 MB rather than 1 MB of the package, and less to parse.
    minifyWhitespace: true,
    minifySyntax: true,
    esbuildPlugins: [commandsByPath],
    // dist/cli/*.js are CommonJS in a "type": "module" package: say so for that folder.
    onSuccess: async () => writeFileSync('dist/cli/package.json', '{ "type": "commonjs" }\n'),
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
