import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/** One entry per layer: each becomes a subpath export of the package. */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'errors/index': 'src/errors/index.ts',
    'pem/index': 'src/pem/index.ts',
    'x509/index': 'src/x509/index.ts',
    'keys/index': 'src/keys/index.ts',
    'chain/index': 'src/chain/index.ts',
    'storage/index': 'src/storage/index.ts',
    'stores/index': 'src/stores/index.ts',
    'tls/index': 'src/tls/index.ts',
    'inventory/index': 'src/inventory/index.ts',
    'acme/index': 'src/acme/index.ts',
    'cli/main': 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  treeshake: true,
  define: { __CERTKIT_VERSION__: JSON.stringify(version) },
});
