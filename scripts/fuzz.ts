/**
 * The long fuzz run: `npm run fuzz -- --minutes N [--out DIR] [--seed S] [--no-openssl]`.
 *
 * A worker thread feeds every parser (test/fuzz/lib/targets.ts) and every differential oracle
 * (asn1js TLV trees, pkijs fields) with structural and byte-level mutations of real objects and
 * random inputs, round-robin, until the time is up. The main thread watches it: an input that runs
 * for more than --hang-seconds (default 30) is written out and the run stops. Then Node's
 * X509Certificate and the openssl command judge the whole certificate corpus.
 *
 * Reproducers go to DIR (default `fuzz-out/`): `uncoded-<parser>-<hash>.der` (+ `.txt` with the
 * stack), `mismatch-<oracle>-<hash>.der` (+ `.txt` with the reason), `slowest-<parser>.der`, and
 * `summary.json`. A markdown summary is printed: inputs per parser, non-coded exceptions (target 0),
 * slowest input, and the verdicts of each oracle. Exit code 1 when anything was written but the
 * slowest inputs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';

interface Options {
  readonly minutes: number;
  readonly out: string;
  readonly seed: number;
  readonly openssl: boolean;
  readonly hangSeconds: number;
}

interface ParserStats {
  inputs: number;
  coded: number;
  uncoded: number;
  slowestMs: number;
  slowest?: Uint8Array;
}

interface OracleStats {
  inputs: number;
  verdicts: Record<string, number>;
  mismatches: number;
}

interface Report {
  readonly parsers: Record<string, ParserStats>;
  readonly oracles: Record<string, OracleStats>;
  readonly written: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const minutes = Number(get('minutes') ?? 5);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error('--minutes must be a positive number');
  return {
    minutes,
    out: resolve(get('out') ?? 'fuzz-out'),
    seed: Number(get('seed') ?? Date.now() % 2 ** 31),
    openssl: !argv.includes('--no-openssl'),
    hangSeconds: Number(get('hang-seconds') ?? 30),
  };
}

const hash = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex').slice(0, 16);

function write(out: string, name: string, bytes: Uint8Array, note: string, report: Report): void {
  writeFileSync(join(out, `${name}.der`), bytes);
  writeFileSync(join(out, `${name}.txt`), `${note}\n`);
  report.written.push(name);
}

/** The worker: round-robin over parsers and oracles until the deadline; shares the current input. */
async function work(): Promise<void> {
  const { options, shared } = workerData as { options: Options; shared: SharedArrayBuffer };
  const [
    { byteMutation, randomTree, structuralMutation },
    { compareTrees },
    pk,
    { loadSeeds },
    { TARGETS, runTarget },
  ] = await Promise.all([
    import('../test/fuzz/lib/der-mutations.js'),
    import('../test/fuzz/lib/der-tree.js'),
    import('../test/fuzz/lib/pkijs-fields.js'),
    import('../test/fuzz/lib/seeds.js'),
    import('../test/fuzz/lib/targets.js'),
  ]);
  const seeds = loadSeeds(1000);
  const header = new Int32Array(shared, 0, 2); // [progress counter, current input length]
  const current = new Uint8Array(shared, 8);
  const deadline = Date.now() + options.minutes * 60_000;
  const report: Report = { parsers: {}, oracles: {}, written: [] };
  const realDer = [
    ...seeds.certificates,
    ...seeds.crls,
    ...seeds.csrs,
    ...seeds.ocsp,
    ...seeds.keys,
    ...seeds.pkcs7,
  ];
  const inputs = (list: Uint8Array[]) =>
    fc.oneof(
      { weight: 4, arbitrary: structuralMutation(list).map((m) => m.bytes) },
      { weight: 3, arbitrary: byteMutation(list) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
    );
  const share = (bytes: Uint8Array) => {
    const n = Math.min(bytes.length, current.length);
    current.set(bytes.subarray(0, n));
    Atomics.store(header, 1, n);
    Atomics.add(header, 0, 1);
  };
  const oracles: [
    string,
    Uint8Array[],
    (b: Uint8Array) => { kind: string; reason?: string; rule?: string },
  ][] = [
    ['asn1js-tree', realDer, compareTrees],
    ['pkijs-certificate', seeds.certificates, pk.compareCertificate],
    ['pkijs-crl', seeds.crls, pk.compareCrl],
    ['pkijs-ocsp', seeds.ocsp, pk.compareOcspResponse],
    ['pkijs-pfx', seeds.pkcs12, pk.comparePfx],
  ];
  let round = 0;
  while (Date.now() < deadline) {
    round++;
    for (const target of TARGETS) {
      report.parsers[target.name] ??= { inputs: 0, coded: 0, uncoded: 0, slowestMs: 0 };
      const s = report.parsers[target.name]!;
      for (const bytes of fc.sample(inputs(seeds[target.seeds]), {
        numRuns: 40,
        seed: options.seed + round * 101 + s.inputs,
      })) {
        share(bytes);
        const o = runTarget(target, bytes);
        s.inputs++;
        s.coded += o.coded;
        if (o.ms > s.slowestMs) {
          s.slowestMs = o.ms;
          s.slowest = bytes;
        }
        if (o.uncoded.length > 0) {
          s.uncoded += o.uncoded.length;
          const e = o.uncoded[0];
          write(
            options.out,
            `uncoded-${target.name}-${hash(bytes)}`,
            bytes,
            e instanceof Error ? (e.stack ?? e.message) : String(e),
            report,
          );
        }
      }
    }
    for (const [name, list, compare] of oracles) {
      report.oracles[name] ??= { inputs: 0, verdicts: {}, mismatches: 0 };
      const s = report.oracles[name]!;
      const arb = name === 'asn1js-tree' ? fc.oneof(inputs(list), randomTree()) : inputs(list);
      for (const bytes of fc.sample(arb, { numRuns: 40, seed: options.seed + round * 103 + s.inputs })) {
        share(bytes);
        const v = compare(bytes);
        s.inputs++;
        const key = v.kind === 'der-rule' ? `der-rule: ${v.rule}` : v.kind;
        s.verdicts[key] = (s.verdicts[key] ?? 0) + 1;
        if (v.kind === 'mismatch') {
          s.mismatches++;
          write(options.out, `mismatch-${name}-${hash(bytes)}`, bytes, v.reason ?? '', report);
        }
      }
    }
  }
  for (const [name, s] of Object.entries(report.parsers)) {
    if (s.slowest) writeFileSync(join(options.out, `slowest-${name}.der`), s.slowest);
    delete s.slowest;
  }
  parentPort!.postMessage(report);
}

/** Node's X509Certificate and the openssl command over the corpus and the crafted catalogue. */
async function corpusRun(options: Options, report: Report): Promise<void> {
  const { compareWithNode, compareWithOpenssl, loadCorpus } = await import('../test/fuzz/lib/corpus.js');
  const { deviantCatalogue } = await import('../test/x509/helpers/deviant-catalogue.js');
  const list = [
    ...loadCorpus(),
    ...deviantCatalogue().entries.map((e) => ({ name: `catalogue: ${e.name}`, der: e.der })),
  ];
  const peers: [string, typeof compareWithNode][] = [['node-x509', compareWithNode]];
  if (options.openssl) peers.push(['openssl-x509', compareWithOpenssl]);
  for (const [name, compare] of peers) {
    const s: OracleStats = { inputs: 0, verdicts: {}, mismatches: 0 };
    report.oracles[name] = s;
    for (const e of list) {
      const v = compare(e.der);
      s.inputs++;
      const key = v.kind === 'certkit-stricter' ? `certkit-stricter: ${v.rule}` : v.kind;
      s.verdicts[key] = (s.verdicts[key] ?? 0) + 1;
      if (v.kind === 'mismatch') {
        s.mismatches++;
        write(options.out, `mismatch-${name}-${hash(e.der)}`, e.der, `${e.name}: ${v.reason}`, report);
      }
    }
  }
}

function printSummary(options: Options, report: Report, elapsedMs: number): void {
  const lines = [
    `# certkit fuzz run: ${(elapsedMs / 60_000).toFixed(1)} minutes, seed ${options.seed}, reproducers in ${options.out}`,
    '',
    '| parser | inputs | refused (CertkitError steps) | non-coded exceptions | slowest input (ms) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...Object.entries(report.parsers).map(
      ([n, s]) => `| ${n} | ${s.inputs} | ${s.coded} | ${s.uncoded} | ${s.slowestMs.toFixed(1)} |`,
    ),
    '',
    '| oracle | inputs | mismatches | verdicts |',
    '| --- | ---: | ---: | --- |',
    ...Object.entries(report.oracles).map(
      ([n, s]) =>
        `| ${n} | ${s.inputs} | ${s.mismatches} | ${Object.entries(s.verdicts)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k}: ${v}`)
          .join('; ')} |`,
    ),
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(options.out, { recursive: true });
  const started = Date.now();
  const shared = new SharedArrayBuffer(8 + 1024 * 1024);
  const header = new Int32Array(shared, 0, 2);
  // The worker runs this same TypeScript file, through tsx's loader registered inside it.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { options, shared } });
  let lastCount = -1;
  let lastChange = Date.now();
  let hung = false;
  const watchdog = setInterval(() => {
    const count = Atomics.load(header, 0);
    if (count !== lastCount) {
      lastCount = count;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > options.hangSeconds * 1000) {
      hung = true;
      const n = Atomics.load(header, 1);
      const input = new Uint8Array(shared, 8, n).slice();
      writeFileSync(join(options.out, `hang-${hash(input)}.der`), input);
      console.error(
        `an input ran for more than ${options.hangSeconds} s: written to hang-${hash(input)}.der`,
      );
      void worker.terminate();
    }
  }, 1000);
  const report = await new Promise<Report>((done, failed) => {
    worker.once('message', (r: Report) => done(r));
    worker.once('error', failed);
    worker.once('exit', () =>
      done({ parsers: {}, oracles: {}, written: hung ? ['hang'] : ['worker exited early'] }),
    );
  });
  clearInterval(watchdog);
  await corpusRun(options, report);
  writeFileSync(
    join(options.out, 'summary.json'),
    JSON.stringify({ seed: options.seed, minutes: options.minutes, ...report }, null, 2),
  );
  printSummary(options, report, Date.now() - started);
  if (report.written.length > 0) {
    console.error(`\n${report.written.length} reproducer(s) written to ${options.out}`);
    process.exitCode = 1;
  }
}

if (isMainThread) await main();
else await work();
