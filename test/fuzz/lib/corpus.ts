import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCertkitError } from '../../../src/errors/index.js';
import { decodeInput } from '../../../src/pem/index.js';
import { Certificate, type EncodingDeviation } from '../../../src/x509/index.js';

/**
 * Accept/refuse decisions and field values of certkit against Node's `X509Certificate` and the
 * `openssl` command (both OpenSSL) over a corpus of real and crafted certificates. Where they differ,
 * the difference must be one certkit decided on purpose (docs/conformance.md): a strict DER or RFC 5280
 * rule certkit refuses, or a deviation certkit records.
 */

export interface CorpusEntry {
  readonly name: string;
  readonly der: Uint8Array;
}

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const LIMBO = resolve(PROJECT, '..', 'shared', 'conformance', 'x509-limbo');
const LIMBO_FALLBACK = '/work/shared/conformance/x509-limbo';
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function certificateBlocks(text: string | Uint8Array): Uint8Array[] {
  try {
    const d = decodeInput(text, { checkContent: false });
    if (d.kind === 'der') return [d.bytes];
    return d.blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => b.bytes);
  } catch {
    return [];
  }
}

function limboFiles(): string[] {
  const dir = existsSync(LIMBO) ? LIMBO : existsSync(LIMBO_FALLBACK) ? LIMBO_FALLBACK : undefined;
  if (dir === undefined) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.json') && f !== 'limbo-schema.json') out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The system CA bundle, the x509 test fixtures and every certificate of the x509-limbo vectors (deduplicated). */
export function loadCorpus(): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const seen = new Set<string>();
  const add = (name: string, der: Uint8Array) => {
    const key = Buffer.from(der).toString('base64');
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ name, der });
  };
  if (existsSync(SYSTEM_BUNDLE)) {
    for (const [i, der] of certificateBlocks(readFileSync(SYSTEM_BUNDLE)).entries()) add(`system#${i}`, der);
  }
  const fixtures = fileURLToPath(new URL('../../fixtures/x509/', import.meta.url));
  for (const f of readdirSync(fixtures)) {
    if (!/\.(pem|der)$/.test(f)) continue;
    for (const [i, der] of certificateBlocks(readFileSync(join(fixtures, f))).entries())
      add(`${f}#${i}`, der);
  }
  for (const file of limboFiles()) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { testcases?: unknown[] };
    const cases = (json.testcases ?? [json]) as {
      id: string;
      trusted_certs?: string[] | null;
      untrusted_intermediates?: string[] | null;
      peer_certificate?: string;
    }[];
    for (const tc of cases) {
      const pems = [
        ...(tc.trusted_certs ?? []),
        ...(tc.untrusted_intermediates ?? []),
        ...(tc.peer_certificate ? [tc.peer_certificate] : []),
      ];
      for (const [i, pem] of pems.entries())
        for (const der of certificateBlocks(pem)) add(`${tc.id}#${i}`, der);
    }
  }
  return out;
}

/** certkit's decision on a certificate: the fields whose encoding it refuses, and the deviations it records. */
export interface CertkitDecision {
  readonly cert: Certificate | undefined;
  readonly refusals: readonly string[];
  readonly deviations: readonly EncodingDeviation[];
}

const DECISION_FIELDS = [
  'version',
  'serialNumber',
  'issuer',
  'subject',
  'notBefore',
  'notAfter',
  'extensions',
  'subjectAltNames',
  'keyUsage',
  'basicConstraints',
  'extendedKeyUsage',
  'signatureValue',
  'tbsSignatureAlgorithmOid',
] as const;

export function certkitDecision(der: Uint8Array): CertkitDecision {
  let cert: Certificate;
  try {
    cert = Certificate.fromDer(der);
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    return {
      cert: undefined,
      refusals: [`structure: ${String(e.details.reason ?? e.message)}`],
      deviations: [],
    };
  }
  const refusals: string[] = [];
  for (const f of DECISION_FIELDS) {
    try {
      void cert[f];
    } catch (e) {
      if (!isCertkitError(e)) throw e;
      refusals.push(`${f}: ${String(e.details.reason ?? e.message)}`);
    }
  }
  return { cert, refusals, deviations: cert.encodingDeviations };
}

/** The strict rules certkit refuses and OpenSSL does not, by the words of certkit's reason. */
const REFUSAL_RULES: readonly [RegExp, string][] = [
  [/X\.690 10\.1|X\.690 8\.1\.2|X\.690 8\.1\.5/, 'X.690 8.1/10.1 TLV encoding'],
  [/X\.690 8\.3/, 'X.690 8.3 INTEGER'],
  [/RFC 5280 4\.1\.2\.5|not a calendar date/, 'RFC 5280 4.1.2.5 time format'],
  [/no bit set/, 'RFC 5280 4.2.1.3 empty KeyUsage'],
  [/iPAddress (constraint )?of \d+ bytes/, 'RFC 5280 4.2.1.6 iPAddress length'],
  [/signature BIT STRING with unused bits/, 'RFC 5280 4.1.1.3 signature bits'],
  [/neither ASCII \(IA5String\) nor UTF-8/, 'RFC 5280 4.2.1.6 IA5String'],
  [/RFC 3629|X\.680 41\.16|X\.690 10\.2/, 'X.680 string encoding'],
  [/the extension appears twice/, 'RFC 5280 4.2 duplicate extension'],
];

/** The documented rule a certkit refusal follows, or undefined when none does. */
export function refusalRule(reason: string): string | undefined {
  return REFUSAL_RULES.find(([re]) => re.test(reason))?.[1];
}

/** The verdict of one comparison. */
export type DecisionVerdict =
  | { readonly kind: 'both-accept' }
  | { readonly kind: 'both-refuse' }
  | { readonly kind: 'certkit-stricter'; readonly rule: string }
  | { readonly kind: 'peer-stricter'; readonly why: string }
  | { readonly kind: 'mismatch'; readonly reason: string };

const EXTENSION_FIELDS: Readonly<Record<string, string>> = {
  subjectAltNames: 'X509v3 Subject Alternative Name',
  keyUsage: 'X509v3 Key Usage',
  basicConstraints: 'X509v3 Basic Constraints',
  extendedKeyUsage: 'X509v3 Extended Key Usage',
};

/**
 * Judges certkit's decision against a peer's. `peerRefusesExtension` tells whether the peer cannot
 * decode an extension either (OpenSSL decodes extension values only when it prints or uses them).
 */
function judge(
  mine: CertkitDecision,
  peerAccepts: boolean,
  peerError: string,
  peerRefusesExtension: (field: string) => boolean | undefined,
): DecisionVerdict {
  const accepts = mine.cert !== undefined && mine.refusals.length === 0;
  if (accepts && peerAccepts) return { kind: 'both-accept' };
  if (!accepts && !peerAccepts) return { kind: 'both-refuse' };
  if (!accepts) {
    const rules = mine.refusals.map((r) => {
      const rule = refusalRule(r);
      if (rule !== undefined) return rule;
      const f = r.slice(0, r.indexOf(':'));
      const peer = f in EXTENSION_FIELDS ? peerRefusesExtension(f) : false;
      if (peer === true) return 'malformed extension value, which OpenSSL cannot decode either';
      if (peer === undefined)
        return 'malformed extension value (Node does not decode it; see the openssl comparison)';
      return undefined;
    });
    const unexplained = mine.refusals.filter((_, i) => rules[i] === undefined);
    return unexplained.length === 0
      ? { kind: 'certkit-stricter', rule: [...new Set(rules)].join(', ') }
      : { kind: 'mismatch', reason: `certkit refuses what OpenSSL reads: ${unexplained.join('; ')}` };
  }
  // OpenSSL refuses what certkit reads: only acceptable where certkit records a deviation.
  return mine.deviations.length > 0
    ? {
        kind: 'peer-stricter',
        why: `certkit records ${mine.deviations.map((d) => d.code).join(', ')}; OpenSSL: ${peerError}`,
      }
    : { kind: 'mismatch', reason: `OpenSSL refuses what certkit reads without a deviation: ${peerError}` };
}

/** Node's `X509Certificate`: acceptance, then serial, dates, fingerprint and CA flag. */
export function compareWithNode(der: Uint8Array): DecisionVerdict {
  const mine = certkitDecision(der);
  let node: X509Certificate | undefined;
  let error = '';
  try {
    node = new X509Certificate(der);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const verdict = judge(mine, node !== undefined, error, () => undefined);
  if (verdict.kind !== 'both-accept' || !node || !mine.cert) return verdict;
  const c = mine.cert;
  const diffs: string[] = [];
  const negative = (c.serialNumberBytes[0]! & 0x80) !== 0;
  if (
    !negative &&
    c.serialNumber !==
      (node.serialNumber === '0' ? '00' : node.serialNumber.padStart(c.serialNumber.length, '0'))
  ) {
    diffs.push(`serial ${c.serialNumber} / ${node.serialNumber}`);
  }
  if (c.notBefore.getTime() !== new Date(node.validFrom).getTime())
    diffs.push(`notBefore ${c.notBefore.toISOString()} / ${node.validFrom}`);
  if (c.notAfter.getTime() !== new Date(node.validTo).getTime())
    diffs.push(`notAfter ${c.notAfter.toISOString()} / ${node.validTo}`);
  if (c.sha256Fingerprint !== node.fingerprint256) diffs.push('fingerprint');
  // Node's `ca` is OpenSSL's X509_check_ca: cA TRUE and, when keyUsage is present, keyCertSign.
  const ku = c.keyUsage;
  if ((ku === undefined || ku.keyCertSign) && c.isCA !== node.ca) diffs.push(`CA ${c.isCA} / ${node.ca}`);
  return diffs.length === 0 ? verdict : { kind: 'mismatch', reason: diffs.join('; ') };
}

const TEXT_OPTIONS =
  'ext_error,no_header,no_version,no_serial,no_signame,no_validity,no_subject,no_issuer,no_pubkey,no_sigdump,no_aux';

/** The `openssl x509` command: acceptance, then serial and names (RFC 2253 form), and which extensions it cannot decode. */
export function compareWithOpenssl(der: Uint8Array): DecisionVerdict {
  const mine = certkitDecision(der);
  const r = spawnSync(
    'openssl',
    ['x509', '-inform', 'DER', '-noout', '-serial', '-subject', '-issuer', '-nameopt', 'RFC2253,-esc_msb'],
    {
      input: der,
      encoding: 'utf8',
    },
  );
  const accepted = r.status === 0;
  let text: string | undefined;
  const refusesExtension = (f: string): boolean => {
    text ??= spawnSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text', '-certopt', TEXT_OPTIONS], {
      input: der,
      encoding: 'utf8',
    }).stdout;
    const at = text.indexOf(EXTENSION_FIELDS[f]!);
    return at >= 0 && /^[^\n]*\n\s*<Parse Error>/.test(text.slice(at));
  };
  const error =
    (r.stderr || '')
      .split('\n')
      .find((l) => /error/.test(l))
      ?.replace(/^.*:error:[^:]*:/, '') ?? '';
  const verdict = judge(mine, accepted, error, refusesExtension);
  if (verdict.kind !== 'both-accept' || !mine.cert) return verdict;
  const c = mine.cert;
  const lines = Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const diffs: string[] = [];
  if (!c.serialNumber.startsWith('-') && lines.serial !== c.serialNumber)
    diffs.push(`serial ${c.serialNumber} / ${lines.serial}`);
  if (lines.subject !== c.subject.toString())
    diffs.push(`subject ${c.subject.toString()} / ${lines.subject}`);
  if (lines.issuer !== c.issuer.toString()) diffs.push(`issuer ${c.issuer.toString()} / ${lines.issuer}`);
  return diffs.length === 0 ? verdict : { kind: 'mismatch', reason: diffs.join('; ') };
}
