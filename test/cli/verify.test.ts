import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCrl } from '../../src/x509/index.js';
import { certkit } from '../helpers/cli-harness.js';
import { fixturePath } from '../helpers/fixtures.js';

const example = (name: string) => fixturePath('..', '..', 'examples', 'files', name);
const revocation = (name: string) => fixturePath('revocation', name);

describe('certkit verify', () => {
  it('exits 0 for a valid chain and name, listing the chain to the anchor', async () => {
    const r = await certkit([
      'verify',
      example('server-chain.pem'),
      '--ca',
      example('root-ca.pem'),
      '--host',
      'www.demo.example',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('VALID for www.demo.example');
    expect(r.stdout).toContain('[trust anchor]');
  });

  it('exits 1 and lists every problem with its code and depth', async () => {
    const r = await certkit([
      'verify',
      '--json',
      example('expired.pem'),
      '--untrusted',
      example('server-chain.pem'),
      '--ca',
      example('root-ca.pem'),
      '--host',
      'old.demo.example',
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    const codes = out.problems.map((p: { code: string; depth: number }) => `${p.code}@${p.depth}`);
    expect(codes).toContain('ERR_CHAIN_EXPIRED@0');
    expect(codes).toContain('ERR_CHAIN_HOSTNAME_MISMATCH@0');
  });

  it('--at moves the clock: the same leaf is valid in 2030 and expired in 2036', async () => {
    const args = ['verify', example('server-chain.pem'), '--ca', example('root-ca.pem')];
    expect((await certkit([...args, '--at', '2030-01-01'])).code).toBe(0);
    const later = await certkit([...args, '--at', '2036-01-01', '--json']);
    expect(later.code).toBe(1);
    expect(JSON.parse(later.stdout).problems[0].code).toBe('ERR_CHAIN_EXPIRED');
  });

  it('without --ca, trusts only the bundled public roots: a private root is untrusted', async () => {
    const noRoot = await certkit(['verify', '--json', example('server-chain.pem')]);
    expect(noRoot.code).toBe(1);
    expect(JSON.parse(noRoot.stdout).problems.map((p: { code: string }) => p.code)).toEqual([
      'ERR_CHAIN_NO_ISSUER',
    ]);
    const rootGiven = await certkit([
      'verify',
      '--json',
      example('server-chain.pem'),
      '--untrusted',
      example('root-ca.pem'),
    ]);
    expect(rootGiven.code).toBe(1);
    const problems = JSON.parse(rootGiven.stdout).problems;
    expect(problems.map((p: { code: string }) => p.code)).toEqual(['ERR_CHAIN_UNTRUSTED_ROOT']);
    expect(problems[0].depth).toBe(2);
  });

  it('--crl finds a revoked leaf (openssl ca -revoke, keyCompromise)', async () => {
    const crl = parseCrl(readFileSync(revocation('crl.pem')));
    const at = new Date(crl.thisUpdate.getTime() + 3_600_000).toISOString();
    const base = ['verify', '--json', '--ca', revocation('ca.pem'), '--purpose', 'any', '--at', at];
    const revoked = await certkit([...base, revocation('leaf-revoked.pem'), '--crl', revocation('crl.pem')]);
    expect(revoked.code).toBe(1);
    const problem = JSON.parse(revoked.stdout).problems.find(
      (p: { code: string }) => p.code === 'ERR_CHAIN_REVOKED',
    );
    expect(problem).toBeDefined();
    expect(JSON.stringify(problem)).toContain('keyCompromise');
    const good = await certkit([...base, revocation('leaf-unlisted.pem'), '--crl', revocation('crl.pem')]);
    expect(JSON.parse(good.stdout).problems).toEqual([]);
    expect(good.code).toBe(0);
  });

  it('refuses two names or a bad --purpose as usage errors', async () => {
    expect(
      (await certkit(['verify', example('server-chain.pem'), '--host', 'a', '--ip', '127.0.0.1'])).code,
    ).toBe(2);
    expect((await certkit(['verify', example('server-chain.pem'), '--purpose', 'email'])).code).toBe(2);
    expect((await certkit(['verify', example('server-chain.pem'), '--at', 'yesterday'])).code).toBe(2);
  });
});

describe('certkit bundle', () => {
  it('orders an unordered upload leaf -> root and prints PEM', async () => {
    const r = await certkit(['bundle', example('unordered-bundle.pem')]);
    expect(r.code).toBe(0);
    const blocks = r.stdout.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
    expect(blocks).toHaveLength(3);
    expect(r.stdout.startsWith(readFileSync(example('server-chain.pem'), 'utf8'))).toBe(true);
    expect(r.stderr).toContain('ERR_BUNDLE_OUT_OF_ORDER');
  });

  it('exits 1 and names the missing issuer when the root is not there', async () => {
    const r = await certkit(['bundle', '--json', example('server-chain.pem')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.complete).toBe(false);
    expect(out.missing[0].issuer).toContain('Certkit Demo Root CA');
  });

  it('is complete when the root comes from --ca', async () => {
    const r = await certkit([
      'bundle',
      '--json',
      example('server-chain.pem'),
      '--ca',
      example('root-ca.pem'),
    ]);
    expect(JSON.parse(r.stdout).complete).toBe(true);
    expect(r.code).toBe(0);
  });
});
