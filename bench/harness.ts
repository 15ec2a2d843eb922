/**
 * A tiny side-by-side benchmark harness: every contender runs in the same process, interleaved in
 * rounds so machine noise hits all of them alike, and results are printed as ratios to a baseline.
 * Each round records wall time and process CPU time (user + system, all threads: garbage collection
 * on helper threads counts), because on a busy machine a library that burns more CPU than wall time
 * loses its lead. Tests never assert on these numbers; they are for the closing notes and
 * docs/performance.md.
 */

/** One contender: a name and a function doing `unitsPerCall` units of work (e.g. certificates parsed). */
export interface Contender {
  readonly name: string;
  readonly fn: () => unknown | Promise<unknown>;
  readonly unitsPerCall?: number;
}

/** Result for one contender. */
export interface ContenderResult {
  readonly name: string;
  /** Units per second of wall time (median over rounds). */
  readonly perSecond: number;
  /** Wall milliseconds per unit (median over rounds). */
  readonly msPerUnit: number;
  /** Process CPU milliseconds per unit (median over rounds). */
  readonly cpuMsPerUnit: number;
  /** Wall-time spread over rounds: (max − min) / median, as a fraction. */
  readonly spread: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs contenders in interleaved rounds of about `roundMs` each and returns median wall and CPU cost. */
export async function compare(
  contenders: readonly Contender[],
  options: { rounds?: number; roundMs?: number } = {},
): Promise<ContenderResult[]> {
  const rounds = options.rounds ?? 5;
  const roundMs = options.roundMs ?? 300;
  const wall = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) await c.fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      let calls = 0;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      let elapsed = 0;
      do {
        await c.fn();
        calls++;
        elapsed = performance.now() - start;
      } while (elapsed < roundMs);
      const used = process.cpuUsage(cpuStart);
      const units = calls * (c.unitsPerCall ?? 1);
      wall.get(c.name)!.push(elapsed / units);
      cpu.get(c.name)!.push((used.user + used.system) / 1000 / units);
    }
  }
  return contenders.map((c) => {
    const w = wall.get(c.name)!;
    const msPerUnit = median(w);
    const spread = (Math.max(...w) - Math.min(...w)) / msPerUnit;
    return {
      name: c.name,
      perSecond: 1000 / msPerUnit,
      msPerUnit,
      cpuMsPerUnit: median(cpu.get(c.name)!),
      spread,
    };
  });
}

/**
 * Prints a table of results with the ratio of `subject` to each other contender, by wall time and by
 * CPU time (a ratio above 1 means certkit is faster).
 */
export function printComparison(
  title: string,
  results: readonly ContenderResult[],
  subject = results[0]!.name,
): void {
  const mine = results.find((r) => r.name === subject)!;
  console.log(`\n## ${title}`);
  console.log(
    '| contender | per second | wall ms per unit | CPU ms per unit | spread | certkit × faster (wall) | certkit × faster (CPU) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const same = r.name === subject;
    const wallRatio = same ? '—' : (r.msPerUnit / mine.msPerUnit).toFixed(2);
    const cpuRatio = same ? '—' : (r.cpuMsPerUnit / mine.cpuMsPerUnit).toFixed(2);
    console.log(
      `| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.msPerUnit.toFixed(4)} | ${r.cpuMsPerUnit.toFixed(4)} | ±${(r.spread * 50).toFixed(0)} % | ${wallRatio} | ${cpuRatio} |`,
    );
  }
}
