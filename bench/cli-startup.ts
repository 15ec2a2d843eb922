/**
 * Whole-process cost of the `certkit` command, per command, next to `node -e 0` (the floor any Node
 * program pays) and the openssl command doing the same job. Each contender runs as a child process,
 * interleaved in rounds; wall time is measured around the child, CPU (user + system) is what bash's
 * `times` reports for it. Medians of the rounds. Needs `npm run build` first (it runs dist/cli/main.js).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const FILES = join(ROOT, 'examples', 'files');
const ROUNDS = 9;

interface Row {
  readonly name: string;
  readonly argv: readonly string[];
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

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs every row ROUNDS times, interleaved, and prints medians with ratios to `node -e 0` and openssl. */
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
    return { wall: median(s.wall), cpu: median(s.cpu) };
  };
  const floor = med('node -e 0');
  console.log(`\n## ${title}`);
  console.log('| process | wall ms | CPU ms | CPU × node -e 0 | CPU × openssl |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const m = med(r.name);
    const peer = rows.find((x) => x.name === `openssl (${r.name.replace(/^certkit /, '')})`);
    const vsPeer = peer === undefined ? '' : (m.cpu / med(peer.name).cpu).toFixed(2);
    console.log(
      `| ${r.name} | ${m.wall.toFixed(0)} | ${m.cpu.toFixed(0)} | ${(m.cpu / floor.cpu).toFixed(2)} | ${vsPeer} |`,
    );
  }
}

export async function run(): Promise<void> {
  if (!existsSync(MAIN)) {
    console.log('\n## certkit command start-up\n\nSkipped: run `npm run build` first.');
    return;
  }
  const store = mkdtempSync(join(tmpdir(), 'certkit-bench-store-'));
  const f = (name: string) => join(FILES, name);
  const certkit = (...args: string[]) => [process.execPath, MAIN, ...args];
  try {
    table('certkit command start-up: whole process, per command (median of 9)', [
      { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
      { name: 'certkit --help', argv: certkit('--help') },
      { name: 'certkit inspect', argv: certkit('inspect', f('server-chain.pem')) },
      {
        name: 'openssl (inspect)',
        argv: ['openssl', 'x509', '-in', f('server-chain.pem'), '-noout', '-text'],
      },
      {
        name: 'certkit match',
        argv: certkit('match', '--key', f('server.key'), '--cert', f('server-chain.pem')),
      },
      { name: 'openssl (match)', argv: ['openssl', 'pkey', '-in', f('server.key'), '-pubout'] },
      {
        name: 'certkit verify',
        argv: certkit('verify', f('server-chain.pem'), '--ca', f('root-ca.pem'), '--host', 'demo.example'),
      },
      {
        name: 'openssl (verify)',
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
      { name: 'certkit bundle', argv: certkit('bundle', f('unordered-bundle.pem')) },
      { name: 'certkit status', argv: certkit('status', f('server-chain.pem')) },
      { name: 'certkit inventory list', argv: certkit('inventory', 'list', '--store', store) },
      { name: 'certkit env show', argv: certkit('env', 'show', '--store', store) },
    ]);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}
