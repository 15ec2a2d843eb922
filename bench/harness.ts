/**
 * A tiny side-by-side benchmark harness: every contender runs in the same process, interleaved in
 * rounds so machine noise hits all of them alike, and results are printed as ratios to a baseline.
 * Tests never assert on these numbers; they are for the closing notes and docs/performance.md.
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
  /** Units per second (median over rounds). */
  readonly perSecond: number;
  /** Milliseconds per unit (median over rounds). */
  readonly msPerUnit: number;
}

/** Runs contenders in interleaved rounds of about `roundMs` each and returns median throughput. */
export async function compare(
  contenders: readonly Contender[],
  options: { rounds?: number; roundMs?: number } = {},
): Promise<ContenderResult[]> {
  const rounds = options.rounds ?? 5;
  const roundMs = options.roundMs ?? 300;
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) await c.fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      let calls = 0;
      const start = performance.now();
      let elapsed = 0;
      do {
        await c.fn();
        calls++;
        elapsed = performance.now() - start;
      } while (elapsed < roundMs);
      samples.get(c.name)!.push((calls * (c.unitsPerCall ?? 1) * 1000) / elapsed);
    }
  }
  return contenders.map((c) => {
    const s = [...samples.get(c.name)!].sort((a, b) => a - b);
    const perSecond = s[Math.floor(s.length / 2)]!;
    return { name: c.name, perSecond, msPerUnit: 1000 / perSecond };
  });
}

/** Prints a table of results with the ratio of `subject` to each other contender. */
export function printComparison(
  title: string,
  results: readonly ContenderResult[],
  subject = results[0]!.name,
): void {
  const mine = results.find((r) => r.name === subject)!;
  console.log(`\n## ${title}`);
  console.log('| contender | per second | ms per unit | certkit is × faster |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) {
    const ratio = r.name === subject ? '—' : (mine.perSecond / r.perSecond).toFixed(2);
    console.log(`| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.msPerUnit.toFixed(4)} | ${ratio} |`);
  }
}
