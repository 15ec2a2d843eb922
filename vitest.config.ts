import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  define: { __CERTKIT_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default on a 2-core machine is one worker (cores - 1), which runs the suite serially
    // although most of its time is spent waiting on peers (openssl, keytool, PostgreSQL, Pebble, real
    // sockets). Three workers overlap those waits; tests assert no timings, and peer-starting hooks
    // have generous timeouts, so a busy machine makes the run slower, not red.
    maxWorkers: 3,
    minWorkers: 1,
    reporters: ['default', './test/helpers/plain-summary-reporter.ts'],
  },
});
