/**
 * x509-limbo conformance harness: `npm run conformance -- <bundle.json | testcase.json | dir> [--out results.json]`.
 *
 * Runs every testcase of an x509-limbo bundle (old format v1 with `null` lists, or the current schema
 * with `conflicts_with`, `crls`, `features`, CLIENT cases and `expected_peer_names`), or a directory of
 * single-testcase files, through `verifyChain`, writes the standard results JSON and prints a table per
 * family. Without arguments it runs `limbo.json` from the shared vectors (see `SHARED_LIMBO_DIR`).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyChain } from '../src/chain/index.js';
import {
  type Certificate,
  type CertificateRevocationList,
  parseCertificate,
  parseCrl,
} from '../src/x509/index.js';
import { extraConstraintProblem, optionsFor } from './limbo-options.js';
import { type LimboTestcase, loadTestcases, SHARED_LIMBO_DIR, skipReason } from './limbo-testcase.js';

export {
  contentDigest,
  FEATURES,
  KNOWN_BAD_VECTORS,
  type LimboTestcase,
  loadTestcases,
  PROJECT_ROOT,
  pedanticFor,
  profileFor,
  SHARED_LIMBO_DIR,
  skipReason,
} from './limbo-testcase.js';

/** One result line of the standard results JSON. */
export interface LimboResult {
  readonly id: string;
  readonly actual_result: 'SUCCESS' | 'FAILURE' | 'SKIPPED';
  readonly context: string | null;
}

/** A result plus what was expected. */
export interface LimboOutcome extends LimboResult {
  readonly expected_result: 'SUCCESS' | 'FAILURE';
  readonly family: string;
  readonly verdict: 'pass' | 'unexpected' | 'skipped';
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Runs one testcase: one `verifyChain` per expected peer name (a CLIENT case may name several; all must
 * validate), `pedantic` as {@link pedanticFor} says, the profile of {@link profileFor}, the case's CRLs under hard-fail, then the
 * constraints certkit has no option for. A certificate that does not parse makes the case FAILURE.
 */
export async function runTestcase(tc: LimboTestcase): Promise<LimboResult> {
  const skip = skipReason(tc);
  if (skip) return { id: tc.id, actual_result: 'SKIPPED', context: skip };
  let inputs: {
    leaf: Certificate;
    trust: Certificate[];
    intermediates: Certificate[];
    crls: CertificateRevocationList[];
  };
  try {
    inputs = {
      leaf: parseCertificate(tc.peer_certificate),
      trust: (tc.trusted_certs ?? []).map((c) => parseCertificate(c)),
      intermediates: (tc.untrusted_intermediates ?? []).map((c) => parseCertificate(c)),
      crls: (tc.crls ?? []).map((c) => parseCrl(c)),
    };
  } catch (e) {
    return { id: tc.id, actual_result: 'FAILURE', context: `parse: ${message(e)}` };
  }
  const runs = optionsFor(tc, inputs);
  if (typeof runs === 'string') return { id: tc.id, actual_result: 'SKIPPED', context: runs };
  const warnings: string[] = [];
  for (const options of runs) {
    try {
      const r = await verifyChain(inputs.leaf, options);
      if (!r.ok) {
        const context = r.problems.map((p) => `${p.code}@${p.depth ?? '-'}: ${p.message}`).join('; ');
        return { id: tc.id, actual_result: 'FAILURE', context };
      }
      const extra = extraConstraintProblem(tc, r);
      if (extra) return { id: tc.id, actual_result: 'FAILURE', context: `harness: ${extra}` };
      warnings.push(...r.warnings.map((p) => `warning ${p.code}@${p.depth ?? '-'}: ${p.message}`));
    } catch (e) {
      return { id: tc.id, actual_result: 'FAILURE', context: `error: ${message(e)}` };
    }
  }
  return { id: tc.id, actual_result: 'SUCCESS', context: warnings.join('; ') || null };
}

/** Runs testcases and classifies each result. */
export async function runLimbo(testcases: readonly LimboTestcase[]): Promise<LimboOutcome[]> {
  const out: LimboOutcome[] = [];
  for (const tc of testcases) {
    const r = await runTestcase(tc);
    const verdict =
      r.actual_result === 'SKIPPED'
        ? 'skipped'
        : r.actual_result === tc.expected_result
          ? 'pass'
          : 'unexpected';
    out.push({ ...r, expected_result: tc.expected_result, family: tc.id.split('::')[0] ?? tc.id, verdict });
  }
  return out;
}

/** The per-family table (markdown). */
export function summaryTable(outcomes: readonly LimboOutcome[]): string {
  const fam = new Map<string, { pass: number; unexpected: number; skipped: number }>();
  const total = { pass: 0, unexpected: 0, skipped: 0 };
  for (const o of outcomes) {
    const f = fam.get(o.family) ?? { pass: 0, unexpected: 0, skipped: 0 };
    f[o.verdict]++;
    total[o.verdict]++;
    fam.set(o.family, f);
  }
  const lines = ['| family | pass | unexpected | skipped |', '| --- | ---: | ---: | ---: |'];
  for (const [name, f] of [...fam].sort())
    lines.push(`| ${name} | ${f.pass} | ${f.unexpected} | ${f.skipped} |`);
  lines.push(`| **total** | **${total.pass}** | **${total.unexpected}** | **${total.skipped}** |`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let out: string | undefined;
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') out = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: npm run conformance -- [bundle.json | testcase.json | dir]... [--out results.json]',
      );
      return 0;
    } else inputs.push(a);
  }
  if (inputs.length === 0) inputs.push(join(SHARED_LIMBO_DIR, 'limbo.json'));
  let unexpected = 0;
  const all: LimboResult[] = [];
  for (const input of inputs) {
    const outcomes = await runLimbo(loadTestcases(input));
    console.log(`\n## ${input}\n`);
    console.log(summaryTable(outcomes));
    for (const o of outcomes) {
      if (o.verdict === 'unexpected')
        console.log(
          `UNEXPECTED ${o.id}: expected ${o.expected_result}, got ${o.actual_result} ${o.context ?? ''}`,
        );
      if (o.verdict === 'skipped') console.log(`SKIPPED ${o.id}: ${o.context ?? ''}`);
    }
    unexpected += outcomes.filter((o) => o.verdict === 'unexpected').length;
    all.push(...outcomes.map(({ id, actual_result, context }) => ({ id, actual_result, context })));
  }
  if (out) {
    writeFileSync(out, `${JSON.stringify({ version: 1, harness: 'certkit', results: all }, null, 2)}\n`);
    console.log(`\nresults written to ${out}`);
  }
  return unexpected === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
