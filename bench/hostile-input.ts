/**
 * Hostile inputs (issue 12): every case of bench/hostile-cases.ts in its own child process, reporting
 * wall and CPU time (median of three reads), the peak RSS the reads added and the heap they kept, and
 * the outcome: a value or a CertkitError code, never anything else. Each CPU time is also given as a
 * ratio to parsing one ordinary certificate (read as an inventory scan does); cases run at two sizes
 * (n and 4n) show how the cost grows. The target: every case under 2 s of CPU with a value or a code,
 * and a growth close to 4× for 4× the input.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Certificate } from '../src/x509/index.js';
import { CASES, type CaseMeasure } from './hostile-cases.js';

const CASES_FILE = fileURLToPath(new URL('./hostile-cases.ts', import.meta.url));
const ORDINARY = readFileSync(fileURLToPath(new URL('../test/fixtures/x509/leaf-full.der', import.meta.url)));
const TARGET_CPU_MS = 2000;

/**
 * Parsing one ordinary certificate and reading what an inventory scan reads, in CPU milliseconds (the
 * unit of the ratios; CPU, like the cases, since wall time on a shared machine counts other processes):
 * the median of five rounds of about 300 ms after a warm-up.
 */
function oneCertificateCpuMs(): number {
  const parse = () => {
    const c = Certificate.fromDer(ORDINARY);
    return [c.subject.toString(), c.issuer.toString(), c.serialNumber, c.notAfter, c.subjectAltNames];
  };
  for (let i = 0; i < 2000; i++) parse();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    let calls = 0;
    let spent = 0;
    do {
      for (let i = 0; i < 100; i++) parse();
      calls += 100;
      const c = process.cpuUsage(c0);
      spent = (c.user + c.system) / 1000;
    } while (spent < 300);
    rounds.push(spent / calls);
  }
  return rounds.sort((a, b) => a - b)[2]!;
}

function measure(id: string, size: number): CaseMeasure | { error: string } {
  try {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--expose-gc', CASES_FILE, id, String(size)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as CaseMeasure;
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? String(e);
    return { error: stderr.split('\n').find((l) => /Error|error/.test(l)) ?? stderr.slice(0, 200) };
  }
}

const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** Runs the benchmark and prints the table and the worst ratio. */
export async function run(): Promise<void> {
  await Promise.resolve();
  const unitMs = oneCertificateCpuMs();
  console.log('\n## Hostile inputs (issue 12): bounded, linear, coded');
  console.log(
    `\nUnit: parsing one ordinary certificate (leaf-full.der, then subject, issuer, serial, notAfter, SANs) = ${fmt(unitMs * 1000, 1)} µs of CPU. ` +
      `Each case runs in its own process; times are the median of three reads of the same input.`,
  );
  console.log(
    '\n| case | input | outcome | wall ms | CPU ms | × one certificate | growth (4× input) | peak RSS +MiB | heap kept MiB |',
  );
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  let worst = { ratio: 0, label: '' };
  let slowest = { cpu: 0, label: '' };
  let uncoded = 0;
  for (const kase of CASES) {
    let previous: number | undefined;
    for (const size of kase.sizes) {
      const label = `${kase.id} (${size.toLocaleString('en-US')} ${kase.unit})`;
      const input = kase.title.replace('{n}', `${size.toLocaleString('en-US')} ${kase.unit}`);
      const m = measure(kase.id, size);
      if ('error' in m) {
        uncoded++;
        console.log(`| ${kase.id} | ${input} | **not a CertkitError: ${m.error}** | | | | | | |`);
        continue;
      }
      const ratio = m.cpuMs / unitMs;
      const growth = previous === undefined ? '' : `${fmt(m.cpuMs / previous)}×`;
      previous = m.cpuMs;
      if (ratio > worst.ratio) worst = { ratio, label };
      if (m.cpuMs > slowest.cpu) slowest = { cpu: m.cpuMs, label };
      const outcome = m.coded ? `\`${m.outcome}\`` : m.outcome;
      console.log(
        `| ${kase.id} | ${input} | ${outcome} | ${fmt(m.wallMs)} | ${fmt(m.cpuMs)} | ${Math.round(ratio).toLocaleString('en-US')} | ${growth} | ${fmt(m.peakRssMiB)} | ${fmt(m.retainedMiB)} |`,
      );
    }
  }
  console.log(
    `\nWorst ratio: ${Math.round(worst.ratio).toLocaleString('en-US')}× one certificate (${worst.label}). ` +
      `Slowest: ${fmt(slowest.cpu)} ms of CPU (${slowest.label}); target ${TARGET_CPU_MS} ms: ${slowest.cpu < TARGET_CPU_MS ? 'met' : 'MISSED'}. ` +
      `Outcomes that were not a value or a CertkitError: ${uncoded}.`,
  );
}
