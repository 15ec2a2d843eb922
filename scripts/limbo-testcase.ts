/**
 * x509-limbo testcases as the conformance harness reads them: the schema (old v1 bundles with `null`
 * lists and the current one), loading, a content digest, the known-bad vectors (keyed by that digest) and
 * what each feature tag means for certkit.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A peer name of a testcase. */
export interface LimboPeerName {
  readonly kind: 'DNS' | 'IP' | 'RFC822';
  readonly value: string;
}

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
  readonly expected_peer_name?: LimboPeerName | null;
  readonly expected_peer_names?: readonly LimboPeerName[] | null;
  readonly max_chain_depth?: number | null;
  readonly crls?: readonly string[] | null;
  readonly conflicts_with?: readonly string[] | null;
}

/** The project root. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where the vectors are: `$CERTKIT_LIMBO_DIR`, else the first `shared/conformance/x509-limbo` found
 * beside the project or beside one of its parent folders (a git worktree sits deeper than the main tree).
 */
export const SHARED_LIMBO_DIR = findLimboDir();

function findLimboDir(): string {
  const fromEnv = process.env.CERTKIT_LIMBO_DIR;
  if (fromEnv) return resolve(fromEnv);
  const rel = join('shared', 'conformance', 'x509-limbo');
  for (let dir = dirname(PROJECT_ROOT); ; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
    if (dirname(dir) === dir) break;
  }
  return join(dirname(PROJECT_ROOT), rel);
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

/**
 * SHA-256 of what a testcase validates and expects (certificates, CRLs, names, time, usages, depth, kind,
 * expected result), `null` lists read as empty ones. The id and the prose are not part of it, so a vector
 * that upstream corrects under the same id gets another digest.
 */
export function contentDigest(tc: LimboTestcase): string {
  const list = <T>(v: readonly T[] | null | undefined): readonly T[] => v ?? [];
  const content = {
    kind: tc.validation_kind,
    trusted: list(tc.trusted_certs),
    intermediates: list(tc.untrusted_intermediates),
    peer: tc.peer_certificate,
    time: tc.validation_time ?? null,
    sigalgs: list(tc.signature_algorithms),
    ku: list(tc.key_usage),
    eku: list(tc.extended_key_usage),
    name: tc.expected_peer_name ?? null,
    names: list(tc.expected_peer_names),
    depth: tc.max_chain_depth ?? null,
    crls: list(tc.crls),
    expected: tc.expected_result,
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** A vector whose expectation contradicts a rule, by content digest. */
export interface KnownBadVector {
  /** The id it had when it was found (informational: the digest is the key). */
  readonly id: string;
  /** Why its expected result is wrong, with the rule. */
  readonly reason: string;
}

/**
 * Vectors of the 2023 bundle that contradict the rules they are about, keyed by {@link contentDigest}.
 * They are skipped (not counted) with the reason; a corrected vector under the same id has another
 * digest and runs.
 */
export const KNOWN_BAD_VECTORS: Readonly<Record<string, KnownBadVector>> = {
  '73a4cbbfd132fcee6decae02556c111cbd3c139181e8caf7df506b13ca8a71ea': {
    id: 'rfc5280::nc::permitted-dn-match',
    reason:
      'vector error: expects the leaf to be valid for DNS "example.com" but its only SAN is DirName CN=foo ' +
      '(later upstream versions drop expected_peer_name for this case)',
  },
  '1e0ea3ac601504bab4a29584a489361efd732b1715faad6edcca1a8f1c58e16f': {
    id: 'webpki::san::leftmost-wildcard-san',
    reason:
      'vector error: expects a web PKI leaf with subject CN "example.com" and the only SAN "*.example.com" ' +
      'to validate, but CA/B BR 7.1.4.3 requires the commonName to be a character-for-character copy of a ' +
      'SAN value (the webpki::cn:: cases of later upstream versions expect exactly that refusal)',
  },
};

/**
 * What each feature tag of the schema means for certkit. `option` features run with the option named;
 * `skip` features describe a validator certkit is not, and their cases are skipped with the reason.
 * A tag not listed here is unknown to this harness: its case is skipped, as the schema asks.
 */
export const FEATURES: Readonly<Record<string, { readonly option: string } | { readonly skip: string }>> = {
  'has-policy-constraints': { option: 'certificate policy processing (always on: RFC 5280 6.1, RFC 9618)' },
  'has-cert-policies': { option: 'certificate policy processing (always on: RFC 5280 6.1, RFC 9618)' },
  'no-cert-policies': {
    skip: 'for validators without certificate-policy processing; certkit processes policies (RFC 5280 6.1)',
  },
  'pedantic-public-suffix-wildcard': {
    option: 'wildcard matching against the whole Public Suffix List (always on)',
  },
  'name-constraint-dn': { option: 'directoryName constraints (always on)' },
  'pedantic-webpki-subscriber-key': { option: '`pedantic: true` (the web PKI key rules are always on)' },
  'pedantic-webpki-eku': { option: '`pedantic: true`' },
  'pedantic-webpki': { option: '`pedantic: true`' },
  'pedantic-serial-number': { option: '`pedantic: true`' },
  'pedantic-rfc5280': { option: '`pedantic: true`' },
  'pedantic-smime-eku': { option: "`pedantic: true` with `purpose: 'email'` (the CA/B S/MIME BR rules)" },
  'max-chain-depth': { option: '`maxDepth`' },
  'rfc5280-incompatible-with-webpki': { option: "`profile: 'rfc5280'`" },
  'denial-of-service': { option: 'none: the search is bounded (`maxCandidates`)' },
  'has-crl': { option: '`revocation: createCrlChecker(...)`, hard-fail' },
  'has-mldsa': { skip: 'ML-DSA signatures are not supported (Node 20 crypto has no ML-DSA)' },
};

/** Reason a testcase is skipped, or undefined. */
export function skipReason(tc: LimboTestcase): string | undefined {
  const known = KNOWN_BAD_VECTORS[contentDigest(tc)];
  if (known) return known.reason;
  for (const f of tc.features ?? []) {
    const meaning = FEATURES[f];
    if (meaning === undefined) return `unknown feature ${f}`;
    if ('skip' in meaning) return `feature ${f}: ${meaning.skip}`;
  }
  return undefined;
}

/**
 * The profile a testcase runs under: RFC 5280 alone for the `rfc5280::` family, for the `pathlen::`
 * family (RFC 5280 6.1.4 path length processing, where a CA certificate may end a path) and for cases
 * tagged `rfc5280-incompatible-with-webpki`; the web PKI profile for the rest.
 */
export function profileFor(tc: LimboTestcase): 'rfc5280' | 'webpki' {
  const family = tc.id.split('::')[0];
  if (family === 'rfc5280' || family === 'pathlen') return 'rfc5280';
  if ((tc.features ?? []).includes('rfc5280-incompatible-with-webpki')) return 'rfc5280';
  return 'webpki';
}

/**
 * Whether a testcase runs with `pedantic: true` (the MUSTs conforming CAs obey that TLS stacks do not
 * check). Every family does, since limbo's own cases expect those rules (key identifiers, CA/B BR 7.1.4.3,
 * …), except `bettertls::`: the Netflix BetterTLS suites state what a TLS client should accept, with
 * leaves that are not CA/B profile certificates by construction (a commonName that is a node name or a
 * deliberately different host, never a copy of a SAN), so the CA-conformance rules are not what they
 * measure.
 */
export function pedanticFor(tc: LimboTestcase): boolean {
  return tc.id.split('::')[0] !== 'bettertls';
}
