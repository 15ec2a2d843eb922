import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyMatchesCertificate, parsePrivateKey } from '../../src/keys/index.js';
import { parseCertificates, parseCrl, parseCsr } from '../../src/x509/index.js';
import { certkit } from '../helpers/cli-harness.js';
import { hasPeerTool } from '../helpers/peer-tools.js';
import { openssl, tempDir } from '../issue/issue-helpers.js';

const HAS_OPENSSL = hasPeerTool('openssl', 'openssl');

/** The command with today's clock (the certificates it makes are checked by openssl against real time). */
const run = (args: string[], env: Record<string, string> = {}) => certkit(args, env, new Date());

describe('certkit csr', () => {
  const tmp = tempDir('certkit-cli-csr-');
  afterAll(() => tmp.remove());

  it('makes a key and a CSR that openssl req -verify accepts', async () => {
    const out = join(tmp.dir, 'api.csr');
    const keyOut = join(tmp.dir, 'api.key');
    const r = await run([
      'csr',
      '--new-key',
      'ec',
      '--key-out',
      keyOut,
      '--subject',
      'CN=api.internal,O=Example',
      '--dns',
      'api.internal',
      '--ip',
      '10.0.0.7',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      subject: 'CN=api.internal,O=Example',
      subjectAltNames: ['dns:api.internal', 'ip:10.0.0.7'],
    });
    expect(statSync(keyOut).mode & 0o777).toBe(0o600);
    const csr = parseCsr(readFileSync(out));
    expect(csr.publicKey.sha256Fingerprint).toBe(
      parsePrivateKey(readFileSync(keyOut)).publicKey.sha256Fingerprint,
    );
    if (HAS_OPENSSL) expect(openssl(['req', '-in', out, '-verify', '-noout']).err).toContain('verify OK');
  });

  it('signs with an existing encrypted key, and writes DER for a .der name', async () => {
    const keyOut = join(tmp.dir, 'enc.key');
    expect(
      (
        await run([
          'csr',
          '--new-key',
          'ed25519',
          '--key-out',
          keyOut,
          '--password',
          'pw',
          '--subject',
          'CN=a',
          '--out',
          join(tmp.dir, 'a.csr'),
        ])
      ).code,
    ).toBe(0);
    expect(readFileSync(keyOut, 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
    const der = join(tmp.dir, 'b.der');
    const r = await run(
      [
        'csr',
        '--key',
        keyOut,
        '--password-env',
        'PW',
        '--subject',
        'CN=b',
        '--email',
        'b@example.com',
        '--out',
        der,
      ],
      { PW: 'pw' },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(der)[0]).toBe(0x30);
    expect(parseCsr(readFileSync(der)).verifySignature().ok).toBe(true);
  });

  it('exit codes: 2 for usage mistakes, 3 for a name that cannot be encoded or a wrong password', async () => {
    expect((await run(['csr', '--subject', 'CN=a', '--out', join(tmp.dir, 'x.csr')])).code).toBe(2);
    expect(
      (await run(['csr', '--new-key', 'ec', '--subject', 'CN=a', '--out', join(tmp.dir, 'x.csr')])).code,
    ).toBe(2);
    expect(
      (await run(['csr', '--new-key', 'dsa', '--key-out', 'k', '--subject', 'CN=a', '--out', 'x'])).code,
    ).toBe(2);
    const bad = await run([
      'csr',
      '--new-key',
      'ec',
      '--key-out',
      join(tmp.dir, 'k'),
      '--subject',
      'CN=a',
      '--dns',
      'no_such..name',
      '--out',
      join(tmp.dir, 'x.csr'),
      '--json',
    ]);
    expect(bad.code).toBe(3);
    expect(JSON.parse(bad.stdout).error.code).toBe('ERR_ISSUE_BAD_NAME');
    const wrong = await run([
      'csr',
      '--key',
      join(tmp.dir, 'enc.key'),
      '--password',
      'nope',
      '--subject',
      'CN=a',
      '--out',
      join(tmp.dir, 'x.csr'),
    ]);
    expect(wrong.code).toBe(3);
  });
});

describe('certkit ca', () => {
  const tmp = tempDir('certkit-cli-ca-');
  const dir = join(tmp.dir, 'ca');
  afterAll(() => tmp.remove());

  it('init, issue (fresh key and CSR), revoke and crl, each checked by openssl', async () => {
    const init = await run([
      'ca',
      'init',
      '--dir',
      dir,
      '--subject',
      'CN=CLI Root,O=Example',
      '--key-type',
      'ec-p384',
      '--days',
      '365',
      '--json',
    ]);
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ subject: 'CN=CLI Root,O=Example' });
    expect(statSync(join(dir, 'ca.key')).mode & 0o777).toBe(0o600);
    expect(parsePrivateKey(readFileSync(join(dir, 'ca.key'))).curve).toBe('P-384');
    expect((await run(['ca', 'init', '--dir', dir, '--subject', 'CN=again'])).code).toBe(3);

    const server = join(tmp.dir, 'server.pem');
    const serverKey = join(tmp.dir, 'server.key');
    const issued = await run([
      'ca',
      'issue',
      '--dir',
      dir,
      '--dns',
      'api.internal',
      '--ip',
      '127.0.0.1',
      '--server',
      '--out',
      server,
      '--key-out',
      serverKey,
      '--json',
    ]);
    expect(issued.code, issued.stderr).toBe(0);
    const chain = parseCertificates(readFileSync(server));
    expect(chain.map((c) => c.subject.toString())).toEqual(['CN=api.internal', 'CN=CLI Root,O=Example']);
    expect(JSON.parse(issued.stdout)).toMatchObject({
      purpose: 'server',
      serialNumber: chain[0]!.serialNumber,
    });
    expect(statSync(serverKey).mode & 0o777).toBe(0o600);

    const csr = join(tmp.dir, 'client.csr');
    expect(
      (
        await run([
          'csr',
          '--new-key',
          'rsa',
          '--key-out',
          join(tmp.dir, 'client.key'),
          '--subject',
          'CN=client-7',
          '--out',
          csr,
        ])
      ).code,
    ).toBe(0);
    const client = join(tmp.dir, 'client.pem');
    const c = await run([
      'ca',
      'issue',
      '--dir',
      dir,
      '--csr',
      csr,
      '--client',
      '--days',
      '3',
      '--out',
      client,
      '--json',
    ]);
    expect(c.code, c.stderr).toBe(0);
    const clientSerial = JSON.parse(c.stdout).serialNumber as string;
    expect(parseCertificates(readFileSync(client))[0]!.extendedKeyUsage?.names).toEqual(['clientAuth']);

    const revoked = await run([
      'ca',
      'revoke',
      '--dir',
      dir,
      '--serial',
      clientSerial,
      '--reason',
      'keyCompromise',
      '--json',
    ]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({
      serialNumber: clientSerial,
      reason: 'keyCompromise',
      isNew: true,
    });
    expect((await run(['ca', 'revoke', '--dir', dir, '--serial', '00AB'])).code).toBe(3);
    expect(
      (await run(['ca', 'revoke', '--dir', dir, '--serial', clientSerial, '--reason', 'certificateHold']))
        .code,
    ).toBe(2);

    const crlFile = join(tmp.dir, 'ca.crl');
    const crl = await run(['ca', 'crl', '--dir', dir, '--out', crlFile, '--json']);
    expect(crl.code, crl.stderr).toBe(0);
    expect(JSON.parse(crl.stdout)).toMatchObject({
      crlNumber: '1',
      revoked: [{ serialNumber: clientSerial, reason: 'keyCompromise' }],
    });
    expect(parseCrl(readFileSync(crlFile)).crlNumber).toBe(1n);
    expect(
      JSON.parse((await run(['ca', 'crl', '--dir', dir, '--out', crlFile, '--json'])).stdout).crlNumber,
    ).toBe('2');

    if (!HAS_OPENSSL) return;
    const root = join(dir, 'ca.pem');
    expect(openssl(['verify', '-CAfile', root, '-purpose', 'sslserver', server]).out).toContain(': OK');
    expect(openssl(['verify', '-CAfile', root, '-purpose', 'sslclient', client]).out).toContain(': OK');
    expect(openssl(['crl', '-in', crlFile, '-CAfile', root, '-noout']).err).toContain('verify OK');
    const check = openssl(['verify', '-crl_check', '-CRLfile', crlFile, '-CAfile', root, client]);
    expect(check.err + check.out).toContain('certificate revoked');
    expect(openssl(['x509', '-in', server, '-noout', '-text']).out).toMatch(/TLS Web Server Authentication/);
  }, 60_000);

  it('exit codes: 1 for a CSR whose signature does not verify, 2 for usage, 3 without a CA', async () => {
    const csr = join(tmp.dir, 'bad.csr');
    expect(
      (
        await run([
          'csr',
          '--new-key',
          'ec',
          '--key-out',
          join(tmp.dir, 'bad.key'),
          '--subject',
          'CN=bad',
          '--out',
          csr,
        ])
      ).code,
    ).toBe(0);
    const der = parseCsr(readFileSync(csr)).der.slice();
    der[der.length - 3] = (der[der.length - 3] as number) ^ 0x55;
    const tampered = tmp.write('tampered.der', der);
    const refused = await run([
      'ca',
      'issue',
      '--dir',
      dir,
      '--csr',
      tampered,
      '--out',
      join(tmp.dir, 'x.pem'),
      '--json',
    ]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe('ERR_ISSUE_CSR_REFUSED');
    expect(
      (await run(['ca', 'issue', '--dir', dir, '--dns', 'a.internal', '--out', join(tmp.dir, 'x.pem')])).code,
    ).toBe(2); // no --key-out
    expect(
      (
        await run([
          'ca',
          'issue',
          '--dir',
          dir,
          '--dns',
          'a',
          '--server',
          '--client',
          '--out',
          'x',
          '--key-out',
          'k',
        ])
      ).code,
    ).toBe(2);
    expect((await run(['ca', 'nothing'])).code).toBe(2);
    const none = await run([
      'ca',
      'crl',
      '--dir',
      join(tmp.dir, 'empty'),
      '--out',
      join(tmp.dir, 'x.crl'),
      '--json',
    ]);
    expect(none.code).toBe(3);
    expect(JSON.parse(none.stdout).error.code).toBe('ERR_ISSUE_CA_NOT_FOUND');
  });

  it('init --intermediate: the intermediate issues, and openssl verifies the leaf to the root through it', async () => {
    const twoTier = join(tmp.dir, 'two-tier');
    const init = await run([
      'ca',
      'init',
      '--dir',
      twoTier,
      '--subject',
      'CN=Two Tier Root',
      '--intermediate',
      'CN=Two Tier Issuing CA',
      '--intermediate-days',
      '400',
      '--json',
    ]);
    expect(init.code, init.stderr).toBe(0);
    const out = JSON.parse(init.stdout);
    expect(out).toMatchObject({
      subject: 'CN=Two Tier Root',
      intermediate: { subject: 'CN=Two Tier Issuing CA', issuer: 'CN=Two Tier Root' },
    });
    const leaf = join(tmp.dir, 'two-tier-leaf.pem');
    const issued = await run([
      'ca',
      'issue',
      '--dir',
      twoTier,
      '--dns',
      'svc.internal',
      '--out',
      leaf,
      '--key-out',
      join(tmp.dir, 'two-tier-leaf.key'),
    ]);
    expect(issued.code, issued.stderr).toBe(0);
    const chain = parseCertificates(readFileSync(leaf));
    expect(chain.map((c) => c.subject.toString())).toEqual([
      'CN=svc.internal',
      'CN=Two Tier Issuing CA',
      'CN=Two Tier Root',
    ]);
    expect(chain[0]!.issuer.toString()).toBe('CN=Two Tier Issuing CA');
    const caKey = parsePrivateKey(readFileSync(join(twoTier, 'ca.key')));
    const issuing = parseCertificates(readFileSync(join(twoTier, 'intermediate.pem')))[0]!;
    expect(keyMatchesCertificate(caKey, issuing).matches).toBe(true);
    if (HAS_OPENSSL) {
      const check = openssl([
        'verify',
        '-CAfile',
        join(twoTier, 'ca.pem'),
        '-untrusted',
        join(twoTier, 'intermediate.pem'),
        '-purpose',
        'sslserver',
        leaf,
      ]);
      expect(check.out).toContain(': OK');
    }
    expect(
      (
        await run([
          'ca',
          'init',
          '--dir',
          join(tmp.dir, 'x'),
          '--subject',
          'CN=x',
          '--intermediate-days',
          '9',
        ])
      ).code,
    ).toBe(2);
  });

  it('a CA made with a password opens only with it', async () => {
    const sealedDir = join(tmp.dir, 'sealed');
    expect(
      (
        await run(['ca', 'init', '--dir', sealedDir, '--subject', 'CN=Sealed', '--password-env', 'CA_PW'], {
          CA_PW: 's3cret',
        })
      ).code,
    ).toBe(0);
    expect(readFileSync(join(sealedDir, 'ca.key'), 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
    const args = [
      'ca',
      'issue',
      '--dir',
      sealedDir,
      '--dns',
      'x.internal',
      '--out',
      join(tmp.dir, 's.pem'),
      '--key-out',
      join(tmp.dir, 's.key'),
    ];
    const without = await run([...args, '--json']);
    expect(without.code).toBe(3);
    expect(JSON.parse(without.stdout).error.code).toBe('ERR_ISSUE_CA_KEY_UNAVAILABLE');
    expect((await run([...args, '--password-env', 'CA_PW'], { CA_PW: 's3cret' })).code).toBe(0);
  });
});
