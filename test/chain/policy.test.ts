import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuildChainOptions, buildChain } from '../../src/chain/index.js';
import { derInteger, derOid, derSequence, encodeTlv } from '../../src/internal/der/index.js';
import { type Minted, mint, rawExtension } from '../helpers/make-certs.js';

const P1 = '1.3.6.1.4.1.99999.10.1';
const P2 = '1.3.6.1.4.1.99999.10.2';
const ANY = '2.5.29.32.0';

const policies = (...oids: string[]) => new x509.CertificatePolicyExtension(oids, false);
const requireExplicit = (skip: number) =>
  rawExtension('2.5.29.36', true, derSequence(encodeTlv(0x80, Uint8Array.of(skip))));
const mappings = (...pairs: Array<[string, string]>) =>
  rawExtension('2.5.29.33', true, derSequence(...pairs.map(([a, b]) => derSequence(derOid(a), derOid(b)))));
const inhibitAny = (skip: number) => rawExtension('2.5.29.54', true, derInteger(skip));

let root: Minted;
beforeAll(async () => {
  root = await mint({ subject: 'CN=Policy Root', ca: true });
});

async function chain(interExts: x509.Extension[], leafExts: x509.Extension[]) {
  const inter = await mint({ subject: 'CN=Policy CA', ca: true, issuer: root, extra: interExts });
  const leaf = await mint({ subject: 'CN=leaf', issuer: inter, extra: leafExts });
  return (opts: Partial<BuildChainOptions> = {}) =>
    buildChain(leaf.cert, {
      trust: [root.cert],
      intermediates: [inter.cert],
      ...opts,
    } as BuildChainOptions).problems.map((p) => `${p.code}@${p.depth}`);
}

describe('certificate policies (RFC 5280 6.1, RFC 9618 graph)', () => {
  it('no policies and no requirement: valid', async () => {
    expect((await chain([], []))()).toEqual([]);
  });
  it('requireExplicitPolicy in a CA applies below it', async () => {
    expect((await chain([requireExplicit(0), policies(ANY)], []))()).toEqual(['ERR_CHAIN_POLICY@0']);
    expect((await chain([requireExplicit(0), policies(ANY)], [policies(P1)]))()).toEqual([]);
    // skipCerts counts the certificates after the CA: with 1, the leaf is the last that may lack a policy,
    // and after it (wrap-up) the requirement applies to the whole path.
    expect((await chain([requireExplicit(1), policies(ANY)], []))()).toEqual(['ERR_CHAIN_POLICY@0']);
    expect((await chain([requireExplicit(2), policies(ANY)], []))()).toEqual([]);
  });
  it('an explicit policy requested by the caller must be valid through the whole path', async () => {
    const mismatch = await chain([policies(P2)], [policies(P1)]);
    expect(mismatch()).toEqual([]);
    expect(mismatch({ policy: { requireExplicitPolicy: true } })).toEqual(['ERR_CHAIN_POLICY@0']);
    expect(
      (await chain([policies(P1)], [policies(P1)]))({ policy: { requireExplicitPolicy: true } }),
    ).toEqual([]);
  });
  it('policy mappings translate the issuer domain policy, unless mapping is inhibited', async () => {
    const mapped = await chain([policies(P1), mappings([P1, P2])], [policies(P2)]);
    expect(mapped({ policy: { requireExplicitPolicy: true } })).toEqual([]);
    expect(mapped({ policy: { requireExplicitPolicy: true, inhibitPolicyMapping: true } })).toEqual([
      'ERR_CHAIN_POLICY@0',
    ]);
    const unmapped = await chain([policies(P1), mappings([P1, P2])], [policies(P1)]);
    expect(unmapped({ policy: { requireExplicitPolicy: true } })).toEqual(['ERR_CHAIN_POLICY@0']);
  });
  it('anyPolicy in a CA is honoured unless inhibited (by the caller or by inhibitAnyPolicy)', async () => {
    const viaAny = await chain([policies(ANY)], [policies(P1)]);
    expect(viaAny({ policy: { requireExplicitPolicy: true } })).toEqual([]);
    expect(viaAny({ policy: { requireExplicitPolicy: true, inhibitAnyPolicy: true } })).toEqual([
      'ERR_CHAIN_POLICY@1',
    ]);
    const inhibited = await chain([policies(ANY), inhibitAny(0)], [policies(ANY)]);
    expect(inhibited({ policy: { requireExplicitPolicy: true } })).toEqual(['ERR_CHAIN_POLICY@0']);
  });
  it('a mapping from or to anyPolicy is refused', async () => {
    expect((await chain([policies(P1), mappings([ANY, P2])], [policies(P2)]))()).toEqual([
      'ERR_CHAIN_POLICY@1',
    ]);
  });
});
