import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certkit, certkitProcess } from '../helpers/cli-harness.js';
import { fixturePath } from '../helpers/fixtures.js';

const example = (name: string) => fixturePath('..', '..', 'examples', 'files', name);
const target = (alias: string) => `<?xml version="1.0"?>
<HTTPTargetConnection>
  <Properties/>
  <URL>https://api.partner.example</URL>
  <SSLInfo>
    <!-- two-way TLS to the partner -->
    <Enabled>true</Enabled>
    <ClientAuthEnabled>true</ClientAuthEnabled>
    <KeyStore>ref://api-ks</KeyStore>${alias}
    <TrustStore>ref://partner-roots</TrustStore>
    <CommonName wildcardMatch="true">*.partner.example</CommonName>
  </SSLInfo>
</HTTPTargetConnection>
`;
let dir: string;
let keystore: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certkit-tls-check-'));
  keystore = join(dir, 'api.pem');
  writeFileSync(
    keystore,
    Buffer.concat([readFileSync(example('server.key')), readFileSync(example('server-chain.pem'))]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('certkit tls check', () => {
  it('explains every finding of a gateway profile and exits 1', async () => {
    const profile = join(dir, 'bad.xml');
    writeFileSync(profile, target('<KeyAlias>nope</KeyAlias>'));
    const r = await certkit(['tls', 'check', '--json', profile, '--keystore', `ref://api-ks=${keystore}`]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.findings.map((f: { code: string }) => f.code).sort()).toEqual([
      'ERR_TLS_ALIAS_NOT_FOUND',
      'ERR_TLS_STORE_NOT_FOUND',
    ]);
    expect(out.profile.commonName).toEqual({ value: '*.partner.example', wildcardMatch: true });
    const text = await certkit(['tls', 'check', profile, '--keystore', `ref://api-ks=${keystore}`]);
    expect(text.stdout).toContain(
      'error: ERR_TLS_ALIAS_NOT_FOUND (keyAlias): The keystore has no entry "nope".',
    );
  });

  it('a profile whose stores resolve is valid (exit 0), read from standard input', async () => {
    const r = await certkitProcess(
      [
        'tls',
        'check',
        '-',
        '--keystore',
        `ref://api-ks=${keystore}`,
        '--truststore',
        `ref://partner-roots=${example('root-ca.pem')}`,
      ],
      { input: target('') },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('VALID (client profile)');
  });

  it('the JSON form, and broken XML as an input error with line and column', async () => {
    const json = join(dir, 'p.json');
    writeFileSync(json, JSON.stringify({ enabled: true, protocols: ['TLSv1'] }));
    const legacy = await certkit(['tls', 'check', '--json', json]);
    expect(legacy.code).toBe(1);
    expect(JSON.parse(legacy.stdout).findings[0].code).toBe('ERR_TLS_LEGACY_PROTOCOL');
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, '<SSLInfo>\n  <Enabled>true</Enabled>\n');
    const r = await certkit(['tls', 'check', broken]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('certkit tls: ERR_TLS_XML_INVALID: XML line 3, column 1: <SSLInfo>');
  });
});
