/**
 * `npm run bench [-- <name>…]`: runs every benchmark (or the named ones) in one process and prints
 * markdown tables with ratios. Numbers go into closing notes and docs/performance.md, never into tests.
 */
import 'reflect-metadata';
import os from 'node:os';

const BENCHES: Record<string, string> = {
  parse: './parse-certificates.ts',
  'key-match': './key-match.ts',
  chain: './chain-building.ts',
  pkcs12: './pkcs12.ts',
  tls: './tls.ts',
  inventory: './inventory.ts',
  'inventory-storage': './inventory-storage.ts',
  acme: './acme-orders.ts',
  'cli-startup': './cli-startup.ts',
  issue: './issue.ts',
  fleet: './fleet-registry.ts',
  hostile: './hostile-input.ts',
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
console.log(
  `# certkit benchmarks\n\nNode ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${new Date().toISOString()}`,
);
for (const name of names) {
  const file = BENCHES[name];
  if (file === undefined) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  const mod = (await import(file)) as { run: () => Promise<void> };
  await mod.run();
}
