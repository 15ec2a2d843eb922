import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentDigest,
  KNOWN_BAD_VECTORS,
  type LimboTestcase,
  loadTestcases,
  profileFor,
  runLimbo,
  SHARED_LIMBO_DIR,
} from '../../scripts/conformance.js';

const bundle = join(SHARED_LIMBO_DIR, 'limbo.json');
const online = join(SHARED_LIMBO_DIR, 'online-2026');
const present = existsSync(bundle);
if (!present) {
  const msg = `x509-limbo vectors not found at ${SHARED_LIMBO_DIR}: conformance tests skipped`;
  if (process.env.CI) throw new Error(msg);
  console.warn(msg);
}

/** Unexpected results we accept and document in docs/conformance.md: none. */
const DOCUMENTED_UNEXPECTED: readonly string[] = [];

describe.skipIf(!present)('x509-limbo conformance', () => {
  it('the 135-case bundle: no unexpected result, only the documented skips', async () => {
    const outcomes = await runLimbo(loadTestcases(bundle));
    expect(outcomes).toHaveLength(135);
    const unexpected = outcomes.filter((o) => o.verdict === 'unexpected').map((o) => `${o.id}: ${o.context}`);
    expect(unexpected).toEqual(DOCUMENTED_UNEXPECTED);
    const skipped = outcomes.filter((o) => o.verdict === 'skipped').map((o) => o.id);
    expect(skipped).toEqual(Object.values(KNOWN_BAD_VECTORS).map((v) => v.id));
  });

  it('known-bad vectors are keyed by content: the same id with corrected content runs', async () => {
    const bad = loadTestcases(bundle).find((t) => t.id === 'rfc5280::nc::permitted-dn-match')!;
    expect(KNOWN_BAD_VECTORS[contentDigest(bad)]?.id).toBe(bad.id);
    // The correction later upstream versions made: no DNS name to check against a DirName-only leaf.
    const corrected: LimboTestcase = { ...bad, expected_peer_name: null };
    expect(KNOWN_BAD_VECTORS[contentDigest(corrected)]).toBeUndefined();
    const [o] = await runLimbo([corrected]);
    expect(o!.verdict, o!.context ?? '').toBe('pass');
    // `null` and `[]` lists (old and new schema) are the same content.
    expect(contentDigest({ ...bad, crls: [], signature_algorithms: [] })).toBe(
      contentDigest({ ...bad, crls: null, signature_algorithms: null }),
    );
  });

  it('the online-2026 cases: all real chains validate', async () => {
    const outcomes = await runLimbo(loadTestcases(online));
    expect(outcomes).toHaveLength(14);
    expect(outcomes.filter((o) => o.verdict !== 'pass').map((o) => `${o.id}: ${o.context}`)).toEqual([]);
  });

  it('each expected failure fails for a reason certkit names (never an internal error)', async () => {
    for (const o of await runLimbo(loadTestcases(bundle))) {
      if (o.actual_result === 'FAILURE') expect(o.context, o.id).toMatch(/^(ERR_CHAIN_|parse: )/);
    }
  });
});

describe('harness: current-schema testcases', () => {
  async function fixtures() {
    const { EKU, mint, mintCrl, simpleChain } = await import('../helpers/make-certs.js'); // loads reflect-metadata first
    const { root, inter } = await simpleChain();
    const client = await mint({
      subject: 'CN=alice',
      issuer: inter,
      eku: [EKU.clientAuth],
      san: [{ email: 'alice@example.com' }, { dns: 'alice.example' }],
    });
    const revokedLeaf = await mint({
      subject: 'CN=bob',
      issuer: inter,
      eku: [EKU.clientAuth],
      san: [{ email: 'bob@example.com' }],
    });
    const crl = await mintCrl(inter, { revoked: [revokedLeaf.x.serialNumber] });
    const base = {
      conflicts_with: [],
      features: [],
      importance: 'undetermined',
      description: 'synthetic',
      validation_kind: 'CLIENT' as const,
      trusted_certs: [root.pem],
      untrusted_intermediates: [inter.pem],
      peer_certificate_key: null,
      validation_time: null,
      signature_algorithms: [],
      key_usage: [],
      extended_key_usage: ['clientAuth'],
      expected_peer_names: [],
      expected_peer_name: null,
      max_chain_depth: null,
      crls: [crl.toString('pem')],
    };
    return { base, client, revokedLeaf, mint, inter, EKU };
  }

  const verdicts = (outcomes: readonly { id: string; verdict: string }[]) =>
    outcomes.map((o) => `${o.id}:${o.verdict}`);

  it('CLIENT cases: RFC822 names, every expected_peer_names entry, CRLs under hard-fail', async () => {
    const { base, client, revokedLeaf } = await fixtures();
    const outcomes = await runLimbo([
      {
        ...base,
        id: 'client::ok',
        peer_certificate: client.pem,
        expected_result: 'SUCCESS',
        expected_peer_name: { kind: 'RFC822', value: 'alice@example.com' },
      },
      {
        ...base,
        id: 'client::wrong-mail',
        peer_certificate: client.pem,
        expected_result: 'FAILURE',
        expected_peer_name: { kind: 'RFC822', value: 'eve@example.com' },
      },
      {
        ...base,
        id: 'client::all-names',
        peer_certificate: client.pem,
        expected_result: 'SUCCESS',
        expected_peer_names: [
          { kind: 'RFC822', value: 'alice@example.com' },
          { kind: 'DNS', value: 'alice.example' },
        ],
      },
      {
        ...base,
        id: 'client::one-name-missing',
        peer_certificate: client.pem,
        expected_result: 'FAILURE',
        expected_peer_names: [
          { kind: 'DNS', value: 'alice.example' },
          { kind: 'IP', value: '192.0.2.1' },
        ],
      },
      { ...base, id: 'crl::revoked', peer_certificate: revokedLeaf.pem, expected_result: 'FAILURE' },
    ]);
    expect(verdicts(outcomes), JSON.stringify(outcomes)).toEqual([
      'client::ok:pass',
      'client::wrong-mail:pass',
      'client::all-names:pass',
      'client::one-name-missing:pass',
      'crl::revoked:pass',
    ]);
    expect(outcomes[3]!.context).toMatch(/ERR_CHAIN_IP_MISMATCH@0/);
    expect(outcomes[4]!.context).toMatch(/ERR_CHAIN_REVOKED@0/);
  });

  it('features: mapped to options, or skipped with the reason when certkit is not that validator', async () => {
    const { base, client } = await fixtures();
    const tc = (id: string, features: string[]) => ({
      ...base,
      id,
      features,
      peer_certificate: client.pem,
      expected_result: 'SUCCESS' as const,
    });
    const outcomes = await runLimbo([
      tc('f::pedantic', ['pedantic-rfc5280', 'has-policy-constraints', 'pedantic-public-suffix-wildcard']),
      tc('f::no-policies', ['no-cert-policies']),
      tc('f::mldsa', ['has-mldsa']),
      tc('f::unknown', ['some-future-feature']),
    ]);
    expect(verdicts(outcomes)).toEqual([
      'f::pedantic:pass',
      'f::no-policies:skipped',
      'f::mldsa:skipped',
      'f::unknown:skipped',
    ]);
    expect(outcomes[1]!.context).toMatch(/certificate-policy processing/);
    expect(outcomes[3]!.context).toBe('unknown feature some-future-feature');
  });

  it('signature_algorithms and EKUs without a certkit option are checked on the validated path', async () => {
    const { base, client, mint, inter, EKU } = await fixtures();
    const coder = await mint({ subject: 'CN=coder', issuer: inter, eku: [EKU.codeSigning] });
    const outcomes = await runLimbo([
      {
        ...base,
        id: 'sig::allowed',
        peer_certificate: client.pem,
        expected_result: 'SUCCESS',
        signature_algorithms: ['ECDSA_WITH_SHA256'],
      },
      {
        ...base,
        id: 'sig::refused',
        peer_certificate: client.pem,
        expected_result: 'FAILURE',
        signature_algorithms: ['RSA_WITH_SHA256', 'ED25519'],
      },
      {
        ...base,
        id: 'eku::code-signing',
        peer_certificate: coder.pem,
        expected_result: 'SUCCESS',
        extended_key_usage: ['codeSigning'],
      },
      {
        ...base,
        id: 'eku::time-stamping',
        peer_certificate: coder.pem,
        expected_result: 'FAILURE',
        extended_key_usage: ['timeStamping'],
      },
    ]);
    expect(verdicts(outcomes), JSON.stringify(outcomes)).toEqual([
      'sig::allowed:pass',
      'sig::refused:pass',
      'eku::code-signing:pass',
      'eku::time-stamping:pass',
    ]);
    expect(outcomes[1]!.context).toMatch(/^harness: signature_algorithms: depth 0/);
  });

  it('profiles: RFC 5280 for the rfc5280 and pathlen families and rfc5280-incompatible-with-webpki', () => {
    const tc = (id: string, features: string[] = []) =>
      ({ id, features, validation_kind: 'SERVER' }) as unknown as LimboTestcase;
    expect(profileFor(tc('rfc5280::x'))).toBe('rfc5280');
    expect(profileFor(tc('pathlen::x'))).toBe('rfc5280');
    expect(profileFor(tc('bettertls::x', ['rfc5280-incompatible-with-webpki']))).toBe('rfc5280');
    expect(profileFor(tc('webpki::x'))).toBe('webpki');
    expect(profileFor(tc('online::x'))).toBe('webpki');
  });
});
