/**
 * x509-limbo conformance harness: `npm run conformance -- <bundle.json | testcase.json | dir> [--out results.json]`.
 *
 * Runs every testcase of an x509-limbo bundle (old format v1 with `null` lists, or the current schema
 * with `conflicts_with`, `crls`, CLIENT cases), or a directory of single-testcase files, through
 * `buildChain`, writes the standard results JSON and prints a table per family.
 * Without arguments it runs `../shared/conformance/x509-limbo/limbo.json` relative to the project.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createCrlChecker,
  type KeyUsageName,
  type VerifyChainOptions,
  verifyChain,
} from '../src/chain/index.js';
import {
  type Certificate,
  type CertificateRevocationList,
  KEY_USAGE_BITS,
  parseCertificate,
  parseCrl,
} from '../src/x509/index.js';

/** One x509-limbo testcase (fields this harness reads). */
export interface LimboTestcase {
  readonly id: string;
  readonly features?: readonly string[] | null;
  readonly description?: string;
  readonly validation_kind: 'SERVER' | 'CLIENT';
  readonly trusted_certs: readonly string[] | null;
  readonly untrusted_intermediates: readonly string[] | null;
  readonly peer_certificate: string;
  readonly validation_time?: string | null;
  readonly signature_algorithms?: readonly string[] | null;
  readonly key_usage?: readonly string[] | null;
  readonly extended_key_usage?: readonly string[] | null;
  readonly expected_result: 'SUCCESS' | 'FAILURE';
  readonly expected_peer_name?: { kind: 'DNS' | 'IP' | 'RFC822'; value: string } | null;
  readonly max_chain_depth?: number | null;
  readonly crls?: readonly string[] | null;
  readonly conflicts_with?: readonly string[] | null;
}

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

/** The project root and the default bundle location (`../shared` beside the project). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_LIMBO_DIR = resolve(PROJECT_ROOT, '..', 'shared', 'conformance', 'x509-limbo');

/** Profile used per testcase: the `rfc5280::` family runs under RFC 5280 alone, the rest under the web PKI. */
export function profileFor(tc: LimboTestcase): 'rfc5280' | 'webpki' {
  return tc.id.startsWith('rfc5280::') ? 'rfc5280' : 'webpki';
}

/**
 * Vectors of the 2023 bundle that are wrong by their own description and were corrected upstream later.
 * They are skipped (not counted as passes) with the reason.
 */
export const KNOWN_BAD_VECTORS: Readonly<Record<string, string>> = {
  'rfc5280::nc::permitted-dn-match':
    'vector error: expects the leaf to be valid for DNS "example.com" but its only SAN is DirName CN=foo ' +
    '(later upstream versions drop expected_peer_name for this case)',
};

/** Reason a testcase is skipped, or undefined. */
export function skipReason(tc: LimboTestcase): string | undefined {
  const known = KNOWN_BAD_VECTORS[tc.id];
  if (known) return known;
  if ((tc.signature_algorithms ?? []).length > 0) return 'signature_algorithms restriction not supported';
  return undefined;
}

/** Key usage names the validator knows (limbo's `contentCommitment` is mapped to `nonRepudiation` first). */
const KU_NAMES: ReadonlySet<string> = new Set(KEY_USAGE_BITS);

function parse(pem: string): Certificate {
  return parseCertificate(pem);
}

/**
 * Runs one testcase through `verifyChain`. CRLs given by the testcase are checked with the CRL checker
 * (no fetching) under the soft-fail policy: a revoked certificate fails, a certificate without a CRL
 * from its issuer does not.
 */
export async function runTestcase(tc: LimboTestcase): Promise<LimboResult> {
  const skip = skipReason(tc);
  if (skip) return { id: tc.id, actual_result: 'SKIPPED', context: skip };
  let leaf: Certificate;
  let trust: Certificate[];
  let intermediates: Certificate[];
  let crls: CertificateRevocationList[];
  try {
    leaf = parse(tc.peer_certificate);
    trust = (tc.trusted_certs ?? []).map(parse);
    intermediates = (tc.untrusted_intermediates ?? []).map(parse);
    crls = (tc.crls ?? []).map((c) => parseCrl(c));
  } catch (e) {
    return {
      id: tc.id,
      actual_result: 'FAILURE',
      context: `parse: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  const eku = tc.extended_key_usage ?? [];
  let purpose: 'server' | 'client' | 'any' = tc.validation_kind === 'CLIENT' ? 'client' : 'server';
  if (eku.length > 0 && !eku.includes(purpose === 'server' ? 'serverAuth' : 'clientAuth')) {
    purpose = eku.includes('serverAuth') ? 'server' : eku.includes('clientAuth') ? 'client' : 'any';
  }
  const ku = (tc.key_usage ?? []).map((k) => (k === 'contentCommitment' ? 'nonRepudiation' : k));
  for (const k of ku)
    if (!KU_NAMES.has(k)) return { id: tc.id, actual_result: 'SKIPPED', context: `unknown key usage ${k}` };
  const base = {
    trust,
    intermediates,
    at: tc.validation_time ? new Date(tc.validation_time) : new Date(),
    purpose,
    profile: profileFor(tc),
    pedantic: true,
    requiredKeyUsage: ku as KeyUsageName[],
    ...(tc.max_chain_depth !== null && tc.max_chain_depth !== undefined
      ? { maxDepth: tc.max_chain_depth }
      : {}),
    ...(crls.length > 0
      ? { revocation: createCrlChecker({ crls, fetcher: false }), revocationPolicy: 'soft-fail' as const }
      : {}),
  };
  const name = tc.expected_peer_name;
  const options: VerifyChainOptions =
    name?.kind === 'DNS'
      ? { ...base, hostname: name.value }
      : name?.kind === 'IP'
        ? { ...base, ip: name.value }
        : name?.kind === 'RFC822'
          ? { ...base, email: name.value }
          : base;
  try {
    const r = await verifyChain(leaf, options);
    if (r.ok) {
      const warnings = r.warnings.map((p) => `warning ${p.code}@${p.depth ?? '-'}: ${p.message}`).join('; ');
      return { id: tc.id, actual_result: 'SUCCESS', context: warnings || null };
    }
    return {
      id: tc.id,
      actual_result: 'FAILURE',
      context: r.problems.map((p) => `${p.code}@${p.depth ?? '-'}: ${p.message}`).join('; '),
    };
  } catch (e) {
    return {
      id: tc.id,
      actual_result: 'FAILURE',
      context: `error: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** Reads a bundle file, a single-testcase file, or a directory of either. */
export function loadTestcases(path: string): LimboTestcase[] {
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .filter((f) => f.endsWith('.json') && f !== 'limbo-schema.json')
      .sort()
      .flatMap((f) => loadTestcases(join(path, f)));
  }
  const json = JSON.parse(readFileSync(path, 'utf8')) as {
    testcases?: LimboTestcase[];
  } & Partial<LimboTestcase>;
  if (Array.isArray(json.testcases)) return json.testcases;
  if (typeof json.id === 'string') return [json as LimboTestcase];
  throw new Error(`${path}: neither a limbo bundle nor a testcase`);
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
