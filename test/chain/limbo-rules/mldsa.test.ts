/**
 * rfc9881:: (ML-DSA in X.509). Node 20's crypto cannot verify ML-DSA, so certkit cannot validate such a
 * chain: it must refuse it with codes that say so, never throw or accept it unverified. (The conformance
 * harness skips these cases by their `has-mldsa` feature.) The certificates are written by hand: the key
 * and signature are random bytes of the ML-DSA-44 sizes, which is enough to reach the refusal.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { buildChain, verifyChain } from '../../../src/chain/index.js';
import {
  derBitString,
  derBoolean,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  encodeTlv,
} from '../../../src/internal/der/index.js';
import { type Certificate, parseCertificate } from '../../../src/x509/index.js';

const ML_DSA_44 = '2.16.840.1.101.3.4.3.17';
const name = (dn: string) => new Uint8Array(new x509.Name(dn).toArrayBuffer());
const utc = (s: string) => encodeTlv(0x17, new TextEncoder().encode(s));
const ext = (oid: string, critical: boolean, value: Uint8Array) =>
  derSequence(derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value));

function mlDsaCert(subject: string, issuer: string, ca: boolean): Certificate {
  const exts = [
    ext('2.5.29.19', true, ca ? derSequence(derBoolean(true)) : derSequence()),
    ext('2.5.29.15', true, ca ? Uint8Array.of(3, 2, 2, 4) : Uint8Array.of(3, 2, 7, 0x80)),
  ];
  if (!ca)
    exts.push(ext('2.5.29.17', false, derSequence(encodeTlv(0x82, new TextEncoder().encode('example.com')))));
  const alg = derSequence(derOid(ML_DSA_44)); // RFC 9881 2: parameters absent
  const tbs = derSequence(
    encodeTlv(0xa0, derInteger(2)),
    derInteger(0x1234),
    alg,
    name(issuer),
    derSequence(utc('250101000000Z'), utc('350101000000Z')),
    name(subject),
    derSequence(alg, derBitString(randomBytes(1312))),
    encodeTlv(0xa3, derSequence(...exts)),
  );
  return parseCertificate(derSequence(tbs, alg, derBitString(randomBytes(2420))));
}

describe('ML-DSA chains (RFC 9881) on a runtime without ML-DSA', () => {
  const root = mlDsaCert('CN=ML-DSA Root', 'CN=ML-DSA Root', true);
  const leaf = mlDsaCert('CN=example.com', 'CN=ML-DSA Root', false);
  const at = new Date('2026-01-01T00:00:00Z');

  it('parses, and verifyChain refuses with ERR_CHAIN_UNSUPPORTED_ALGORITHM instead of throwing', async () => {
    expect(leaf.signatureAlgorithm.oid).toBe(ML_DSA_44);
    const r = await verifyChain(leaf, { trust: [root], hostname: 'example.com', at });
    expect(r.ok).toBe(false);
    const codes = r.problems.map((p) => p.code);
    expect(codes).toContain('ERR_CHAIN_UNSUPPORTED_ALGORITHM');
    expect(codes).toContain('ERR_CHAIN_WEAK_KEY');
    expect(r.problems.find((p) => p.code === 'ERR_CHAIN_UNSUPPORTED_ALGORITHM')?.message).toContain(
      ML_DSA_44,
    );
  });

  it('is refused the same way under the rfc5280 profile with pedantic', () => {
    const r = buildChain(leaf, {
      trust: [root],
      hostname: 'example.com',
      at,
      profile: 'rfc5280',
      pedantic: true,
    });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toContain('ERR_CHAIN_UNSUPPORTED_ALGORITHM');
  });
});
