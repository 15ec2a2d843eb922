import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain } from '../../src/chain/index.js';
import { EKU, KU, type Minted, mint } from '../helpers/make-certs.js';
import { hasPeerTool } from '../helpers/peer-tools.js';

const DAY = 86_400_000;
let dir: string;
let root: Minted;

/** `openssl verify` as the peer: true when it accepts the chain for serverAuth and the host name. */
function opensslAccepts(leaf: Minted, inters: Minted[], host: string): boolean {
  const f = (name: string, ms: Minted[]) => {
    const p = join(dir, name);
    writeFileSync(p, ms.map((m) => m.pem).join('\n'));
    return p;
  };
  const args = [
    'verify',
    '-x509_strict',
    '-purpose',
    'sslserver',
    '-verify_hostname',
    host,
    '-CAfile',
    f('root.pem', [root]),
  ];
  if (inters.length) args.push('-untrusted', f('inter.pem', inters));
  args.push(f('leaf.pem', [leaf]));
  return spawnSync('openssl', args, { encoding: 'utf8' }).status === 0;
}

describe.skipIf(!hasPeerTool('openssl', 'openssl'))('buildChain agrees with openssl verify', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certkit-chain-'));
    root = await mint({ subject: 'CN=Agreement Root', ca: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Array<[string, () => Promise<{ leaf: Minted; inters: Minted[] }>, string]> = [
    [
      'a good chain',
      async () => {
        const i = await mint({ subject: 'CN=I', ca: true, issuer: root });
        return { leaf: await mint({ subject: 'CN=l', issuer: i, san: [{ dns: 'a.example' }] }), inters: [i] };
      },
      'a.example',
    ],
    [
      'a wrong host name',
      async () => {
        const i = await mint({ subject: 'CN=I', ca: true, issuer: root });
        return { leaf: await mint({ subject: 'CN=l', issuer: i, san: [{ dns: 'a.example' }] }), inters: [i] };
      },
      'b.example',
    ],
    [
      'an expired intermediate',
      async () => {
        const now = Date.now();
        const i = await mint({
          subject: 'CN=I',
          ca: true,
          issuer: root,
          notBefore: new Date(now - 9 * DAY),
          notAfter: new Date(now - DAY),
        });
        return { leaf: await mint({ subject: 'CN=l', issuer: i, san: [{ dns: 'a.example' }] }), inters: [i] };
      },
      'a.example',
    ],
    [
      'an intermediate that is not a CA',
      async () => {
        const i = await mint({ subject: 'CN=I', ca: false, issuer: root, keyUsage: KU.digitalSignature });
        return { leaf: await mint({ subject: 'CN=l', issuer: i, san: [{ dns: 'a.example' }] }), inters: [i] };
      },
      'a.example',
    ],
    [
      'a path length violation',
      async () => {
        const i0 = await mint({ subject: 'CN=I0', ca: { pathLength: 0 }, issuer: root });
        const i1 = await mint({ subject: 'CN=I1', ca: true, issuer: i0 });
        return {
          leaf: await mint({ subject: 'CN=l', issuer: i1, san: [{ dns: 'a.example' }] }),
          inters: [i0, i1],
        };
      },
      'a.example',
    ],
    [
      'an excluded DNS name',
      async () => {
        const i = await mint({
          subject: 'CN=I',
          ca: true,
          issuer: root,
          nameConstraints: { excluded: [{ dns: 'a.example' }] },
        });
        return { leaf: await mint({ subject: 'CN=l', issuer: i, san: [{ dns: 'a.example' }] }), inters: [i] };
      },
      'a.example',
    ],
    [
      'a client-only leaf',
      async () => {
        const i = await mint({ subject: 'CN=I', ca: true, issuer: root });
        return {
          leaf: await mint({
            subject: 'CN=l',
            issuer: i,
            san: [{ dns: 'a.example' }],
            eku: [EKU.clientAuth],
          }),
          inters: [i],
        };
      },
      'a.example',
    ],
    [
      'a missing intermediate',
      async () => {
        const i = await mint({ subject: 'CN=I', ca: true, issuer: root });
        return { leaf: await mint({ subject: 'CN=l', issuer: i, san: [{ dns: 'a.example' }] }), inters: [] };
      },
      'a.example',
    ],
  ];

  it.each(cases)('%s', async (_name, make, host) => {
    const { leaf, inters } = await make();
    const ours = buildChain(leaf.cert, {
      trust: [root.cert],
      intermediates: inters.map((m) => m.cert),
      hostname: host,
    });
    expect(ours.ok, JSON.stringify(ours.problems)).toBe(opensslAccepts(leaf, inters, host));
  });
});
