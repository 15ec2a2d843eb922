/**
 * bettertls:: vectors (Netflix BetterTLS name-constraint and path-building suites, in newer x509-limbo
 * bundles). Their leaves carry a commonName that is not a copy of a SAN (a node name, or a host other than
 * the SAN's), and they state what a TLS client should accept, so the harness runs them without `pedantic`
 * (`pedanticFor`). Reproduced with minted chains shaped like BetterTLS's (trust root -> local root ->
 * local ICA with name constraints -> leaf), the expected result computed by BetterTLS's own rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChain } from '../../../src/chain/index.js';
import { KU, type Minted, mint, type NameSpec } from '../../helpers/make-certs.js';
import { runCase } from './limbo-case.js';

let trust: Minted;
let localRoot: Minted;

beforeAll(async () => {
  trust = await mint({ subject: 'CN=bettertls_trust_root', ca: true });
  localRoot = await mint({
    subject: 'CN=local_root, O=bettertls',
    ca: true,
    issuer: trust,
    keyUsage: KU.keyCertSign,
  });
});

const ica = (nc: { permitted?: NameSpec[]; excluded?: NameSpec[] }) =>
  mint({
    subject: 'CN=local_ica, O=bettertls',
    ca: true,
    issuer: localRoot,
    keyUsage: KU.keyCertSign,
    nameConstraints: { ...nc, critical: true },
  });
const leafOf = (issuer: Minted, cn: string | undefined, san: NameSpec[]) =>
  mint({
    issuer,
    subject: cn ? `CN=${cn}, O=bettertls` : 'O=bettertls',
    ca: false,
    ...(san.length ? { san } : {}),
  });

describe('BetterTLS name constraints (RFC 5280 4.2.1.10 on SANs; a commonName is not constrained)', () => {
  it('a commonName outside the permitted tree does not matter when the SAN is inside it (soft pass: ACCEPT)', async () => {
    const i = await ica({ permitted: [{ dns: 'localhost' }] });
    const leaf = await leafOf(i, 'bad.example.com', [{ dns: 'test.localhost' }]);
    const r = await runCase({
      id: 'bettertls::nameconstraints::tc-cn-outside',
      leaf,
      trust: [trust],
      intermediates: [i, localRoot],
      peer: { kind: 'DNS', value: 'test.localhost' },
    });
    expect(r.actual_result).toBe('SUCCESS');
    // The same leaf breaks CA/B BR 7.1.4.3, which `pedantic` enforces for the web PKI's own vectors.
    const strict = buildChain(leaf.cert, {
      trust: [trust.cert],
      intermediates: [i.cert, localRoot.cert],
      hostname: 'test.localhost',
      pedantic: true,
    });
    expect(strict.problems.map((p) => p.code)).toEqual(['ERR_CHAIN_COMMON_NAME']);
  });

  it('an IP host is matched against the iPAddress SAN and the IP constraints', async () => {
    const ok = await ica({ permitted: [{ ip: '127.0.0.0/24' }] });
    const okLeaf = await leafOf(ok, '1.1.1.1', [{ dns: 'test.localhost' }, { ip: '127.0.0.1' }]);
    const accept = await runCase({
      id: 'bettertls::nameconstraints::tc-ip',
      leaf: okLeaf,
      trust: [trust],
      intermediates: [ok, localRoot],
      peer: { kind: 'DNS', value: '127.0.0.1' },
    });
    expect(accept.actual_result).toBe('SUCCESS');
    const excluded = await ica({ excluded: [{ ip: '127.0.0.0/24' }] });
    const badLeaf = await leafOf(excluded, undefined, [{ ip: '127.0.0.1' }]);
    const reject = await runCase({
      id: 'bettertls::nameconstraints::tc-ip-excluded',
      leaf: badLeaf,
      trust: [trust],
      intermediates: [excluded, localRoot],
      peer: { kind: 'DNS', value: '127.0.0.1' },
    });
    expect(reject.context).toContain('ERR_CHAIN_NAME_CONSTRAINTS');
  });

  it('a SAN other than the requested name that breaks a constraint still fails (soft fail: REJECT)', async () => {
    const i = await ica({ permitted: [{ dns: 'localhost' }] });
    const leaf = await leafOf(i, undefined, [{ dns: 'test.localhost' }, { dns: 'bad.example.com' }]);
    const r = await runCase({
      id: 'bettertls::nameconstraints::tc-other-san',
      leaf,
      trust: [trust],
      intermediates: [i, localRoot],
      peer: { kind: 'DNS', value: 'test.localhost' },
    });
    expect(r.context).toContain('ERR_CHAIN_NAME_CONSTRAINTS');
  });

  it('a name only in the commonName is not a match (REJECT)', async () => {
    const i = await ica({ permitted: [{ dns: 'localhost' }] });
    const leaf = await leafOf(i, 'test.localhost', []);
    const r = await runCase({
      id: 'bettertls::nameconstraints::tc-cn-only',
      leaf,
      trust: [trust],
      intermediates: [i, localRoot],
      peer: { kind: 'DNS', value: 'test.localhost' },
    });
    expect(r.context).toContain('ERR_CHAIN_HOSTNAME_MISMATCH');
  });
});

describe('BetterTLS path building', () => {
  it('a leaf named after its graph node (CN=EE) validates when a good path exists', async () => {
    const leaf = await mint({
      issuer: localRoot,
      subject: 'CN=EE, O=bettertls',
      ca: false,
      san: [{ dns: 'localhost' }],
    });
    const r = await runCase({
      id: 'bettertls::pathbuilding::tc-node-cn',
      leaf,
      trust: [trust],
      intermediates: [localRoot],
      peer: { kind: 'DNS', value: 'localhost' },
    });
    expect(r.actual_result).toBe('SUCCESS');
  });

  it('an edge signed with ECDSA-SHA1 is refused and the other path taken (deprecated crypto)', async () => {
    const other = await mint({
      subject: 'CN=local_root, O=bettertls',
      ca: true,
      issuer: trust,
      keys: localRoot.keys,
      hash: 'SHA-1',
    });
    const leaf = await mint({
      issuer: localRoot,
      subject: 'CN=EE, O=bettertls',
      ca: false,
      san: [{ dns: 'localhost' }],
    });
    const onlySha1 = await runCase({
      id: 'bettertls::pathbuilding::tc-sha1-only',
      leaf,
      trust: [trust],
      intermediates: [other],
      peer: { kind: 'DNS', value: 'localhost' },
    });
    expect(onlySha1.context).toContain('ERR_CHAIN_WEAK_SIGNATURE_ALGORITHM');
    const both = await runCase({
      id: 'bettertls::pathbuilding::tc-sha1-and-good',
      leaf,
      trust: [trust],
      intermediates: [other, localRoot],
      peer: { kind: 'DNS', value: 'localhost' },
    });
    expect(both.actual_result).toBe('SUCCESS');
  });
});
