/**
 * Whole-process cost of the `certkit` command, per command, next to `node -e 0` (the floor any Node
 * program pays) and the openssl command doing the same job where there is one. Each contender runs as a
 * child process, interleaved in rounds (so machine noise hits all alike); wall time is measured around
 * the child, CPU (user + system, all threads) is what bash's `times` reports for its children. Medians
 * of the rounds, with the spread (25th–75th percentile of CPU). Two tables: real work on the example
 * files (inspect, match, verify, bundle, status, …), and `--help` for every command of the registry,
 * which is the cost of loading the command's code.
 *
 * Needs `npm run build` first (it runs dist/cli/main.js). `CERTKIT_BENCH_BASELINE=/path/to/main.js`
 * adds the same rows for another build (say, the commit before a change, built into another
 * directory), interleaved in the same rounds, so a before/after pair is measured side by side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../src/cli/commands/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const FILES = join(ROOT, 'examples', 'files');
const ROUNDS = 9;

interface Row {
  readonly name: string;
  readonly argv: readonly string[];
  /** The row this one is measured against besides `node -e 0` (an openssl command). */
  readonly peer?: string;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One run of argv: wall milliseconds and the child's CPU milliseconds (user + system). */
function measure(argv: readonly string[]): { wall: number; cpu: number } {
  const script = `${argv.map(shellQuote).join(' ')} >/dev/null 2>&1; times`;
  const start = performance.now();
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  const wall = performance.now() - start;
  const children = r.stdout.trim().split('\n')[1] ?? '';
  const [user, sys] = children.split(/\s+/).map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? (Number(m[1]) * 60 + Number(m[2])) * 1000 : Number.NaN;
  });
  return { wall, cpu: (user ?? Number.NaN) + (sys ?? Number.NaN) };
}

function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.round((s.length - 1) * q)]!;
}

/** Runs every row ROUNDS times, interleaved, and prints medians with ratios to `node -e 0` and the peer. */
function table(title: string, rows: readonly Row[]): void {
  const samples = new Map(rows.map((r) => [r.name, { wall: [] as number[], cpu: [] as number[] }]));
  for (const r of rows) measure(r.argv); // warm the file cache
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of rows) {
      const m = measure(r.argv);
      samples.get(r.name)!.wall.push(m.wall);
      samples.get(r.name)!.cpu.push(m.cpu);
    }
  }
  const med = (name: string) => {
    const s = samples.get(name)!;
    return { wall: quantile(s.wall, 0.5), cpu: quantile(s.cpu, 0.5) };
  };
  const floor = med('node -e 0');
  console.log(`\n## ${title}`);
  console.log(
    '| process | wall ms | CPU ms | CPU p25–p75 | wall × node -e 0 | CPU × node -e 0 | CPU × openssl |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const m = med(r.name);
    const cpu = samples.get(r.name)!.cpu;
    const vsPeer = r.peer === undefined ? '' : (m.cpu / med(r.peer).cpu).toFixed(2);
    console.log(
      `| ${r.name} | ${m.wall.toFixed(0)} | ${m.cpu.toFixed(0)} | ${quantile(cpu, 0.25).toFixed(0)}–${quantile(cpu, 0.75).toFixed(0)} | ${(m.wall / floor.wall).toFixed(2)} | ${(m.cpu / floor.cpu).toFixed(2)} | ${vsPeer} |`,
    );
  }
}

/** The certkit rows for one build (`label` prefixes their names when it is not the current one). */
function certkitRows(main: string, label: string, store: string): Row[] {
  const f = (name: string) => join(FILES, name);
  const certkit = (...args: string[]) => [process.execPath, main, ...args];
  const name = (s: string) => `${label}certkit ${s}`;
  return [
    { name: name('--help'), argv: certkit('--help') },
    { name: name('inspect'), argv: certkit('inspect', f('server-chain.pem')), peer: 'openssl x509 -text' },
    {
      name: name('match'),
      argv: certkit('match', '--key', f('server.key'), '--cert', f('server-chain.pem')),
      peer: 'openssl pkey -pubout',
    },
    {
      name: name('verify --ca'),
      argv: certkit('verify', f('server-chain.pem'), '--ca', f('root-ca.pem'), '--host', 'demo.example'),
      peer: 'openssl verify -CAfile',
    },
    {
      name: name("verify (Node's root store)"),
      argv: certkit('verify', f('server-chain.pem'), '--host', 'demo.example'),
    },
    { name: name('bundle'), argv: certkit('bundle', f('unordered-bundle.pem')) },
    { name: name('status'), argv: certkit('status', f('server-chain.pem')) },
    { name: name('inventory list'), argv: certkit('inventory', 'list', '--store', store) },
    { name: name('env show'), argv: certkit('env', 'show', '--store', store) },
  ];
}

export async function run(): Promise<void> {
  if (!existsSync(MAIN)) {
    console.log('\n## certkit command start-up\n\nSkipped: run `npm run build` first.');
    return;
  }
  const baseline = process.env.CERTKIT_BENCH_BASELINE;
  const store = mkdtempSync(join(tmpdir(), 'certkit-bench-store-'));
  const f = (name: string) => join(FILES, name);
  try {
    table(`certkit command start-up: whole process, real work (median of ${ROUNDS})`, [
      { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
      ...certkitRows(MAIN, '', store),
      ...(baseline === undefined ? [] : certkitRows(baseline, 'baseline ', store)),
      {
        name: 'openssl x509 -text',
        argv: ['openssl', 'x509', '-in', f('server-chain.pem'), '-noout', '-text'],
      },
      { name: 'openssl pkey -pubout', argv: ['openssl', 'pkey', '-in', f('server.key'), '-pubout'] },
      {
        name: 'openssl verify -CAfile',
        argv: [
          'openssl',
          'verify',
          '-CAfile',
          f('root-ca.pem'),
          '-untrusted',
          f('server-chain.pem'),
          f('server-chain.pem'),
        ],
      },
    ]);
    const help = (main: string, label: string): Row[] =>
      COMMANDS.map((c) => ({
        name: `${label}certkit ${c.name} --help`,
        argv: [process.execPath, main, c.name, '--help'],
      }));
    table(`certkit command start-up: every command's --help (median of ${ROUNDS})`, [
      { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
      ...help(MAIN, ''),
      ...(baseline === undefined ? [] : help(baseline, 'baseline ')),
    ]);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}
