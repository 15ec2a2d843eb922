import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_BAD_VECTORS, loadTestcases, runLimbo, SHARED_LIMBO_DIR } from '../../scripts/conformance.js';

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
    expect(skipped).toEqual(Object.keys(KNOWN_BAD_VECTORS));
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

describe('harness: current-schema testcases (CLIENT, RFC822 names, CRLs, conflicts_with, importance)', () => {
  it('runs them in process and classifies the results', async () => {
    const { EKU, mint, simpleChain } = await import('../helpers/make-certs.js'); // loads reflect-metadata first
    const x509 = await import('@peculiar/x509');
    const { root, inter } = await simpleChain();
    const client = await mint({
      subject: 'CN=alice',
      issuer: inter,
      eku: [EKU.clientAuth],
      san: [{ email: 'alice@example.com' }],
    });
    const revokedLeaf = await mint({
      subject: 'CN=bob',
      issuer: inter,
      eku: [EKU.clientAuth],
      san: [{ email: 'bob@example.com' }],
    });
    const crl = await x509.X509CrlGenerator.create({
      issuer: inter.x.subject,
      thisUpdate: new Date(Date.now() - 3_600_000),
      nextUpdate: new Date(Date.now() + 86_400_000),
      entries: [
        {
          serialNumber: revokedLeaf.x.serialNumber,
          revocationDate: new Date(Date.now() - 60_000),
          reason: x509.X509CrlReason.keyCompromise,
        },
      ],
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      signingKey: inter.keys.privateKey,
      extensions: [await x509.AuthorityKeyIdentifierExtension.create(inter.keys.publicKey)],
    } as never);
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
      max_chain_depth: null,
      crls: [crl.toString('pem')],
    };
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
        id: 'crl::revoked',
        peer_certificate: revokedLeaf.pem,
        expected_result: 'FAILURE',
        expected_peer_name: null,
      },
    ]);
    expect(
      outcomes.map((o) => `${o.id}:${o.verdict}`),
      JSON.stringify(outcomes),
    ).toEqual(['client::ok:pass', 'client::wrong-mail:pass', 'crl::revoked:pass']);
    expect(outcomes[2]!.context).toMatch(/ERR_CHAIN_REVOKED@0/);
  });
});
