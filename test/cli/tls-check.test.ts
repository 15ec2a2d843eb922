import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certkit, certkitProcess } from '../helpers/cli-harness.js';
import { fixturePath } from '../helpers/fixtures.js';
import { hasPeerTool } from '../helpers/peer-tools.js';

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

describe('certkit tls check and render with --store', () => {
  let store: string;
  const PP = { STORE_PASSPHRASE: 'tls check passphrase' };
  const sealed = (args: string[], env: Record<string, string> = {}) =>
    certkit([...args, '--passphrase-env', 'STORE_PASSPHRASE'], { ...PP, ...env });
  beforeAll(async () => {
    store = join(dir, 'shared-store');
    const steps = [
      ['keystore', 'put', 'api-2026', '--cert', example('server-chain.pem'), '--key', example('server.key')],
      ['keystore', 'put', 'other', '--cert', example('server-chain.pem'), '--key', example('server.key')],
      ['truststore', 'put', 'roots', '--ca', example('root-ca.pem')],
      ['ref', 'set', 'ref://api-ks', '--keystore', 'api-2026'],
      ['ref', 'set', 'ref://partner-roots', '--truststore', 'roots'],
    ];
    for (const step of steps) {
      const r = await sealed([...step, '--store', store]);
      expect(r.code, `${step.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  }, 60_000);

  it('resolves the references a profile names from the shared store (and CERTKIT_STORE)', async () => {
    const profile = join(dir, 'from-store.xml');
    writeFileSync(profile, target(''));
    const r = await sealed(['tls', 'check', profile, '--store', store, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
    const env = await sealed(['tls', 'check', profile], { CERTKIT_STORE: store });
    expect(env.code, env.stdout + env.stderr).toBe(0);
    const missing = await sealed(['tls', 'check', profile, '--store', join(dir, 'no-such-store')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('ERR_INVENTORY_STORE_MISSING');
  });

  it('files given on the command line override the store without writing to it', async () => {
    const profile = join(dir, 'override.xml');
    // the stored keystore names its entry "server"; the PEM file's entry is named after its subject
    writeFileSync(profile, target('<KeyAlias>demo.example</KeyAlias>'));
    const stored = await sealed(['tls', 'check', profile, '--store', store, '--json']);
    expect(stored.code).toBe(1);
    expect(JSON.parse(stored.stdout).findings[0].code).toBe('ERR_TLS_ALIAS_NOT_FOUND');
    const r = await sealed([
      'tls',
      'check',
      profile,
      '--store',
      store,
      '--keystore',
      `ref://api-ks=${keystore}`,
      '--json',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const shown = await sealed(['ref', 'show', 'ref://api-ks', '--store', store, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('"api-2026"');
    expect(shown.stdout).not.toContain('"api-ks"');
  });

  it('renders nginx configuration from the stores a reference points at', async () => {
    const profile = join(dir, 'render-from-store.xml');
    writeFileSync(profile, '<SSLInfo><Enabled>true</Enabled><KeyStore>ref://api-ks</KeyStore></SSLInfo>');
    const out = join(dir, 'nginx-from-store');
    const r = await sealed(['tls', 'render', 'nginx', profile, '--out', out, '--store', store, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const conf = readFileSync(join(out, 'server.conf'), 'utf8');
    expect(conf).toMatch(/ssl_certificate_key .*;/);
  });
});

describe('certkit tls render', () => {
  const server = `<SSLInfo><Enabled>true</Enabled><KeyStore>ref://api-ks</KeyStore></SSLInfo>`;

  it('writes an nginx server config with its chain and a 0600 key, which nginx -t accepts', async () => {
    const profile = join(dir, 'server.xml');
    writeFileSync(profile, server);
    const out = join(dir, 'nginx-out');
    const r = await certkit([
      'tls',
      'render',
      'nginx',
      profile,
      '--out',
      out,
      '--name',
      'api',
      '--keystore',
      `ref://api-ks=${keystore}`,
      '--json',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string; mode: string; secret: boolean }[] })
      .files;
    expect(files.map((f) => f.path)).toContain(join(out, 'api.conf'));
    const key = files.find((f) => f.secret);
    expect(key?.mode).toBe('0600');
    expect((statSync(key!.path).mode & 0o777).toString(8)).toBe('600');
    const conf = readFileSync(join(out, 'api.conf'), 'utf8');
    expect(conf).toMatch(/ssl_certificate .*;/);
    expect(conf).toMatch(/ssl_certificate_key .*;/);
    if (!hasPeerTool('nginx', 'nginx', ['-v'])) return;
    const main = join(dir, 'nginx.conf');
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(
      main,
      `events {}\nhttp {\nclient_body_temp_path ${tmp}/b;\nproxy_temp_path ${tmp}/p;\nfastcgi_temp_path ${tmp}/f;\nuwsgi_temp_path ${tmp}/u;\nscgi_temp_path ${tmp}/s;\nserver {\nlisten 127.0.0.1:1;\ninclude ${join(out, 'api.conf')};\n}\n}\n`,
    );
    const t = spawnSync(
      'nginx',
      ['-t', '-e', 'stderr', '-p', dir, '-c', main, '-g', `pid ${join(dir, 'nginx.pid')};`],
      {
        encoding: 'utf8',
      },
    );
    expect(t.stderr).toContain('syntax is ok');
    expect(t.status, t.stderr).toBe(0);
  });

  it('writes an Envoy DownstreamTlsContext as JSON (0600: the key is inlined)', async () => {
    const profile = join(dir, 'server-envoy.xml');
    writeFileSync(profile, server);
    const out = join(dir, 'envoy-out');
    const r = await certkit([
      'tls',
      'render',
      'envoy',
      profile,
      '--out',
      out,
      '--keystore',
      `ref://api-ks=${keystore}`,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const file = join(out, 'server.json');
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    const context = JSON.parse(readFileSync(file, 'utf8')) as {
      '@type': string;
      common_tls_context: { tls_certificates: { certificate_chain: { inline_string: string } }[] };
    };
    expect(context['@type']).toContain('DownstreamTlsContext');
    expect(context.common_tls_context.tls_certificates[0]?.certificate_chain.inline_string).toContain(
      '-----BEGIN CERTIFICATE-----',
    );
  });

  it('refuses an unknown gateway as a usage error', async () => {
    expect((await certkit(['tls', 'render', 'haproxy', 'x.xml', '--out', dir])).code).toBe(2);
  });
});
