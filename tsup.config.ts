import { readFileSync } from 'node:fs';
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
 * One entry per layer, each a subpath export, in ESM and CommonJS with declarations. The command
 * (`bin` loads `dist/cli/main.js`; nothing requires it) is built as ESM only, beside the layers so that
 * it shares their chunks, each command a chunk of its own that the entry imports only when it runs.
 * `npm run build` empties dist/ first (the two configs run in parallel, so neither may clean).
 */
export default defineConfig([
  {
    ...common,
    entry: { ...layers, 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: { entry: layers },
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
