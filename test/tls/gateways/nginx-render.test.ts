import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrivateKey } from '../../../src/keys/index.js';
import { GatewayFile, renderNginxTls, writeGatewayFiles } from '../../../src/tls/gateways/index.js';
import type { TlsProfile } from '../../../src/tls/profile/tls-profile.js';
import { parseCertificates } from '../../../src/x509/index.js';
import { thrownCode } from '../../helpers/coded-error.js';
import { type GatewayPki, makeGatewayPki } from './gateway-fixtures.js';

let pki: GatewayPki;
beforeAll(async () => {
  pki = await makeGatewayPki();
});

const serverProfile: TlsProfile = {
  enabled: true,
  clientAuthEnabled: true,
  keyStore: 'ref://api-keystore',
  keyAlias: 'api',
  trustStore: 'ref://client-roots',
};

describe('renderNginxTls: server role', () => {
  it('renders one-way TLS: chain without the root, a 0600 key, no client verification', () => {
    const r = renderNginxTls({ enabled: true, keyStore: 'ref://api-keystore' }, pki.registry, {
      role: 'server',
      dir: '/etc/nginx/certkit',
      listen: 8443,
      serverName: 'localhost',
    });
    expect(r.files.map((f) => [f.path, f.mode, f.secret])).toEqual([
      ['/etc/nginx/certkit/server-chain.pem', 0o644, false],
      ['/etc/nginx/certkit/server-key.pem', 0o600, true],
    ]);
    const chain = parseCertificates(r.files[0]!.contents);
    expect(chain.map((c) => c.sha256Fingerprint)).toEqual([
      pki.server.cert.sha256Fingerprint,
      pki.interA.cert.sha256Fingerprint,
    ]);
    const key = parsePrivateKey(r.files[1]!.contents);
    expect(key.publicKey.equals(pki.server.cert.publicKey)).toBe(true);
    const lines = r.config.trim().split('\n').slice(1); // the first line is a comment
    expect(lines).toEqual([
      'listen 8443 ssl;',
      'server_name localhost;',
      'ssl_certificate /etc/nginx/certkit/server-chain.pem;',
      'ssl_certificate_key /etc/nginx/certkit/server-key.pem;',
      'ssl_protocols TLSv1.2 TLSv1.3;',
      'ssl_verify_client off;',
    ]);
    expect(r.config).toContain(pki.server.cert.sha256Fingerprint);
    expect(r.warnings).toEqual([]);
  });

  it('renders two-way TLS: the client CA bundle, ssl_verify_client on, depth and ciphers', () => {
    const r = renderNginxTls(
      {
        ...serverProfile,
        ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_AES_256_GCM_SHA384'],
        protocols: ['TLSv1.3'],
      },
      pki.registry,
      { role: 'server', dir: '/srv/gw', name: 'api', verifyDepth: 2 },
    );
    expect(r.files.map((f) => f.path)).toEqual([
      '/srv/gw/api-chain.pem',
      '/srv/gw/api-key.pem',
      '/srv/gw/api-ca.pem',
    ]);
    expect(parseCertificates(r.files[2]!.contents).map((c) => c.sha256Fingerprint)).toEqual([
      pki.rootA.cert.sha256Fingerprint,
    ]);
    expect(r.config).toContain(
      'ssl_client_certificate /srv/gw/api-ca.pem;\nssl_verify_client on;\nssl_verify_depth 2;\n',
    );
    expect(r.config).toContain('ssl_protocols TLSv1.3;\n');
    expect(r.config).toContain('ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;\n');
    expect(r.config).toContain('ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384;\n');
  });

  it('enforce: true stays strict even with ignoreValidationErrors', () => {
    const r = renderNginxTls(
      { ...serverProfile, enforce: true, ignoreValidationErrors: true },
      pki.registry,
      {
        role: 'server',
        dir: '/d',
      },
    );
    expect(r.config).toContain('ssl_verify_client on;');
  });

  it('ignoreValidationErrors without enforce gives optional_no_ca and a warning', () => {
    const r = renderNginxTls({ ...serverProfile, ignoreValidationErrors: true }, pki.registry, {
      role: 'server',
      dir: '/d',
    });
    expect(r.config).toContain('ssl_verify_client optional_no_ca;');
    expect(r.warnings.join()).toMatch(/\$ssl_client_verify/);
  });

  it('never shows the key in JSON, String or inspect output', () => {
    const r = renderNginxTls(serverProfile, pki.registry, { role: 'server', dir: '/d' });
    const key = r.files.find((f) => f.secret)!;
    expect(key.contents).toContain('PRIVATE KEY');
    for (const text of [JSON.stringify(r), inspect(r, { depth: 10 }), String(key)]) {
      expect(text).not.toContain('PRIVATE KEY');
    }
    expect(JSON.stringify(r)).toContain('[redacted]');
  });
});

describe('renderNginxTls: upstream role', () => {
  it('renders proxy_ssl_* with mTLS to the upstream and SNI', () => {
    const r = renderNginxTls(
      {
        enabled: true,
        enforce: true,
        clientAuthEnabled: true,
        keyStore: 'ref://gateway-client',
        trustStore: 'ref://backend-roots',
        serverName: 'backend.test',
      },
      pki.registry,
      { role: 'upstream', dir: '/d', upstream: '127.0.0.1:9443' },
    );
    expect(r.config.trim().split('\n').slice(1)).toEqual([
      'proxy_pass https://127.0.0.1:9443;',
      'proxy_ssl_protocols TLSv1.2 TLSv1.3;',
      'proxy_ssl_certificate /d/upstream-chain.pem;',
      'proxy_ssl_certificate_key /d/upstream-key.pem;',
      'proxy_ssl_trusted_certificate /d/upstream-ca.pem;',
      'proxy_ssl_verify on;',
      'proxy_ssl_verify_depth 4;',
      'proxy_ssl_server_name on;',
      'proxy_ssl_name backend.test;',
    ]);
    expect(r.files.map((f) => [f.path, f.mode])).toEqual([
      ['/d/upstream-chain.pem', 0o644],
      ['/d/upstream-key.pem', 0o600],
      ['/d/upstream-ca.pem', 0o644],
    ]);
  });

  it('one-way to the upstream: no client certificate files', () => {
    const r = renderNginxTls({ enabled: true, trustStore: 'ref://backend-roots' }, pki.registry, {
      role: 'upstream',
      dir: '/d',
    });
    expect(r.files.map((f) => f.path)).toEqual(['/d/upstream-ca.pem']);
    expect(r.config).not.toContain('proxy_ssl_certificate ');
    expect(r.config).toContain('proxy_ssl_verify on;');
  });

  it('ignoreValidationErrors without a server name turns verification off, with a warning', () => {
    const r = renderNginxTls({ enabled: true, ignoreValidationErrors: true }, pki.registry, {
      role: 'upstream',
      dir: '/d',
    });
    expect(r.config).toContain('proxy_ssl_verify off;');
    expect(r.files).toEqual([]);
    expect(r.warnings).toHaveLength(1);
  });

  it('refuses to ignore chain errors while the host name must still be checked', () => {
    expect(
      thrownCode(() =>
        renderNginxTls(
          {
            enabled: true,
            ignoreValidationErrors: true,
            trustStore: 'ref://backend-roots',
            serverName: 'backend.test',
          },
          pki.registry,
          { role: 'upstream', dir: '/d' },
        ),
      ),
    ).toBe('ERR_GATEWAY_UNSUPPORTED');
  });

  it('refuses an expected commonName that nginx cannot check apart from the server name', () => {
    const upstream = (commonName: { value: string; wildcardMatch: boolean }, serverName?: string) => () =>
      renderNginxTls(
        {
          enabled: true,
          trustStore: 'ref://backend-roots',
          commonName,
          ...(serverName === undefined ? {} : { serverName }),
        },
        pki.registry,
        { role: 'upstream', dir: '/d' },
      );
    expect(thrownCode(upstream({ value: 'other.test', wildcardMatch: true }, 'backend.test'))).toBe(
      'ERR_GATEWAY_UNSUPPORTED',
    );
    expect(thrownCode(upstream({ value: 'backend.test', wildcardMatch: false }, 'backend.test'))).toBe(
      'ERR_GATEWAY_UNSUPPORTED',
    );
    expect(upstream({ value: 'Backend.test', wildcardMatch: true }, 'backend.test')().config).toContain(
      'proxy_ssl_name backend.test;',
    );
  });

  it('needs a truststore to verify the upstream', () => {
    expect(
      thrownCode(() => renderNginxTls({ enabled: true }, pki.registry, { role: 'upstream', dir: '/d' })),
    ).toBe('ERR_GATEWAY_TRUSTSTORE_REQUIRED');
  });
});

describe('renderNginxTls: coded errors', () => {
  const opts = { role: 'server', dir: '/d' } as const;
  it.each([
    ['a missing store', { ...serverProfile, keyStore: 'nope' }, 'ERR_TLS_STORE_NOT_FOUND'],
    ['a missing reference', { ...serverProfile, trustStore: 'ref://nope' }, 'ERR_TLS_STORE_NOT_FOUND'],
    ['a truststore as keystore', { ...serverProfile, keyStore: 'client-roots' }, 'ERR_TLS_STORE_NOT_FOUND'],
    ['a missing alias', { ...serverProfile, keyAlias: 'other' }, 'ERR_TLS_ALIAS_NOT_FOUND'],
    ['a variable store', { ...serverProfile, keyStore: '{request.keystore}' }, 'ERR_GATEWAY_VARIABLE_STORE'],
    [
      'client auth without a truststore',
      { enabled: true, clientAuthEnabled: true, keyStore: 'api-2026' },
      'ERR_TLS_NO_TRUSTSTORE',
    ],
    ['a server without a keystore', { enabled: true }, 'ERR_TLS_NO_KEYSTORE'],
    ['TLS 1.1', { ...serverProfile, protocols: ['TLSv1.1', 'TLSv1.2'] }, 'ERR_TLS_LEGACY_PROTOCOL'],
    ['an unknown protocol', { ...serverProfile, protocols: ['SSLv3'] }, 'ERR_TLS_PROFILE_INVALID'],
    ['a disabled profile', { ...serverProfile, enabled: false }, 'ERR_TLS_DISABLED'],
    [
      'a cipher that injects a directive',
      { ...serverProfile, ciphers: ['HIGH; include /etc/passwd'] },
      'ERR_GATEWAY_UNSAFE_VALUE',
    ],
  ] as [string, TlsProfile, string][])('%s', (_name, profile, code) => {
    expect(thrownCode(() => renderNginxTls(profile, pki.registry, opts))).toBe(code);
  });

  it('allows TLS 1.1 with allowLegacyProtocols', () => {
    const r = renderNginxTls(
      { ...serverProfile, protocols: ['TLSv1.1', 'TLSv1.2'], allowLegacyProtocols: true },
      pki.registry,
      opts,
    );
    expect(r.config).toContain('ssl_protocols TLSv1.1 TLSv1.2;');
  });

  it('renders a variable store resolved at render time', () => {
    const r = renderNginxTls({ ...serverProfile, keyStore: '{tenant.keystore}' }, pki.registry, {
      ...opts,
      resolveVariable: (v) => (v === 'tenant.keystore' ? 'ref://api-keystore' : undefined),
    });
    expect(r.files).toHaveLength(3);
    expect(
      thrownCode(() =>
        renderNginxTls({ ...serverProfile, keyStore: '{tenant.keystore}' }, pki.registry, {
          ...opts,
          resolveVariable: () => undefined,
        }),
      ),
    ).toBe('ERR_GATEWAY_VARIABLE_STORE');
  });

  it.each([
    ['dir', { dir: '/d; include /x' }],
    ['dir', { dir: '/d/$host' }],
    ['listen', { listen: '8443 ssl; include /x' }],
    ['serverName', { serverName: 'a b' }],
    ['name', { name: '../x' }],
  ])('refuses an unsafe %s', (_f, extra) => {
    expect(thrownCode(() => renderNginxTls(serverProfile, pki.registry, { ...opts, ...extra }))).toBe(
      'ERR_GATEWAY_UNSAFE_VALUE',
    );
  });

  it('throws TypeError on misuse', () => {
    expect(() => renderNginxTls(null as unknown as TlsProfile, pki.registry, opts)).toThrow(TypeError);
    expect(() => renderNginxTls(serverProfile, pki.registry, { ...opts, verifyDepth: 0 })).toThrow(TypeError);
  });
});

describe('writeGatewayFiles', () => {
  it('writes every file with its mode (keys 0600) and replaces existing ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certkit-gw-'));
    try {
      const target = join(dir, 'nested');
      const r = renderNginxTls(serverProfile, pki.registry, { role: 'server', dir: target });
      await writeGatewayFiles(r.files);
      await writeGatewayFiles(r.files); // again, over the existing files
      for (const f of r.files) {
        expect(await readFile(f.path, 'utf8')).toBe(f.contents);
        expect((await stat(f.path)).mode & 0o777).toBe(f.mode);
      }
      expect((await stat(join(target, 'server-key.pem'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses anything but GatewayFile values', async () => {
    await expect(writeGatewayFiles([{ path: '/tmp/x', contents: '', mode: 0o644 }] as never)).rejects.toThrow(
      TypeError,
    );
    expect(() => new GatewayFile('', 'x', 0o600, true)).toThrow(TypeError);
  });
});
