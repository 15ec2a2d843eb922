/**
 * Envoy output, tested by shape: there is no Envoy binary here (nor a Debian package for it), so
 * these tests check the JSON against the v3 API field names and semantics, and check that the
 * inlined PEM material itself works by serving it from a Node TLS server.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrivateKey } from '../../../src/keys/index.js';
import {
  ENVOY_DOWNSTREAM_TLS_CONTEXT_TYPE,
  ENVOY_UPSTREAM_TLS_CONTEXT_TYPE,
  renderEnvoyTls,
} from '../../../src/tls/gateways/index.js';
import * as tlsRoot from '../../../src/tls/index.js';
import type { TlsProfile } from '../../../src/tls/profile/tls-profile.js';
import { parseCertificates } from '../../../src/x509/index.js';
import { thrownCode } from '../../helpers/coded-error.js';
import { type GatewayPki, makeGatewayPki } from './gateway-fixtures.js';

let pki: GatewayPki;
beforeAll(async () => {
  pki = await makeGatewayPki();
});

const mtls: TlsProfile = {
  enabled: true,
  clientAuthEnabled: true,
  keyStore: 'ref://api-keystore',
  keyAlias: 'api',
  trustStore: 'ref://client-roots',
};

describe('renderEnvoyTls: DownstreamTlsContext', () => {
  it('one-way: the chain (without the root) and key inline, TLS 1.2-1.3, no client certificate', () => {
    const ctx = renderEnvoyTls({ enabled: true, keyStore: 'ref://api-keystore' }, pki.registry, {
      role: 'server',
    });
    expect(ctx['@type']).toBe(ENVOY_DOWNSTREAM_TLS_CONTEXT_TYPE);
    expect(ctx.require_client_certificate).toBe(false);
    expect(ctx.common_tls_context.validation_context).toBeUndefined();
    expect(ctx.common_tls_context.tls_params).toEqual({
      tls_minimum_protocol_version: 'TLSv1_2',
      tls_maximum_protocol_version: 'TLSv1_3',
    });
    const [cert] = ctx.common_tls_context.tls_certificates ?? [];
    expect(parseCertificates(cert!.certificate_chain.inline_string).map((c) => c.sha256Fingerprint)).toEqual([
      pki.server.cert.sha256Fingerprint,
      pki.interA.cert.sha256Fingerprint,
    ]);
    expect(parsePrivateKey(cert!.private_key.inline_string).publicKey.equals(pki.server.cert.publicKey)).toBe(
      true,
    );
    expect(JSON.parse(JSON.stringify(ctx))).toEqual(ctx); // plain JSON data
  });

  it('two-way: trusted_ca, VERIFY_TRUST_CHAIN and require_client_certificate', () => {
    const ctx = renderEnvoyTls(mtls, pki.registry, { role: 'server', verifyDepth: 3 });
    expect(ctx.require_client_certificate).toBe(true);
    expect(ctx.common_tls_context.validation_context).toEqual({
      trusted_ca: {
        inline_string: pki.rootA.cert.pem.endsWith('\n') ? pki.rootA.cert.pem : `${pki.rootA.cert.pem}\n`,
      },
      trust_chain_verification: 'VERIFY_TRUST_CHAIN',
      max_verify_depth: 3,
    });
  });

  it('ignoreValidationErrors without enforce: ACCEPT_UNTRUSTED, certificate not required', () => {
    const ctx = renderEnvoyTls({ ...mtls, ignoreValidationErrors: true }, pki.registry, { role: 'server' });
    expect(ctx.require_client_certificate).toBe(false);
    expect(ctx.common_tls_context.validation_context?.trust_chain_verification).toBe('ACCEPT_UNTRUSTED');
    const strict = renderEnvoyTls({ ...mtls, ignoreValidationErrors: true, enforce: true }, pki.registry, {
      role: 'server',
    });
    expect(strict.require_client_certificate).toBe(true);
  });

  it('protocols become a range; TLS 1.3 suite names are left out of cipher_suites', () => {
    const ctx = renderEnvoyTls(
      {
        ...mtls,
        protocols: ['TLSv1.3', 'TLSv1.2'],
        ciphers: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_AES_128_GCM_SHA256'],
      },
      pki.registry,
      { role: 'server' },
    );
    expect(ctx.common_tls_context.tls_params).toEqual({
      tls_minimum_protocol_version: 'TLSv1_2',
      tls_maximum_protocol_version: 'TLSv1_3',
      cipher_suites: ['ECDHE-ECDSA-AES256-GCM-SHA384'],
    });
    const only13 = renderEnvoyTls({ ...mtls, protocols: ['TLSv1.3'] }, pki.registry, { role: 'server' });
    expect(only13.common_tls_context.tls_params.tls_minimum_protocol_version).toBe('TLSv1_3');
  });

  it('the inlined material works: a Node server built from it accepts a good client and refuses a missing certificate', async () => {
    const ctx = renderEnvoyTls(mtls, pki.registry, { role: 'server' });
    const [cert] = ctx.common_tls_context.tls_certificates ?? [];
    const server = createServer({
      cert: cert!.certificate_chain.inline_string,
      key: cert!.private_key.inline_string,
      ca: ctx.common_tls_context.validation_context?.trusted_ca?.inline_string,
      requestCert: true,
      rejectUnauthorized: ctx.require_client_certificate,
    });
    server.on('secureConnection', (s) => s.end('hi'));
    server.on('tlsClientError', () => {});
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const attempt = (client: object) =>
      new Promise<string>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: pki.rootA.pem, ...client });
        let data = '';
        s.on('data', (d: Buffer) => {
          data += d.toString();
        });
        s.on('end', () => resolve(data));
        s.on('error', reject);
      });
    try {
      await expect(
        attempt({ cert: `${pki.clientGood.pem}\n${pki.interA.pem}`, key: pki.keyPem(pki.clientGood) }),
      ).resolves.toBe('hi');
      await expect(attempt({})).rejects.toThrow();
    } finally {
      server.close();
    }
  });
});

describe('renderEnvoyTls: UpstreamTlsContext', () => {
  const upstream: TlsProfile = {
    enabled: true,
    enforce: true,
    clientAuthEnabled: true,
    keyStore: 'ref://gateway-client',
    trustStore: 'ref://backend-roots',
    serverName: 'backend.test',
  };

  it('sni, an exact DNS SAN matcher, trusted_ca and the client certificate', () => {
    const ctx = renderEnvoyTls(upstream, pki.registry, { role: 'upstream' });
    expect(ctx['@type']).toBe(ENVOY_UPSTREAM_TLS_CONTEXT_TYPE);
    expect(ctx.sni).toBe('backend.test');
    const v = ctx.common_tls_context.validation_context;
    expect(v?.match_typed_subject_alt_names).toEqual([
      { san_type: 'DNS', matcher: { exact: 'backend.test' } },
    ]);
    expect(v?.trust_chain_verification).toBe('VERIFY_TRUST_CHAIN');
    expect(parseCertificates(v?.trusted_ca?.inline_string ?? '')[0]?.sha256Fingerprint).toBe(
      pki.backendRoot.cert.sha256Fingerprint,
    );
    const [cert] = ctx.common_tls_context.tls_certificates ?? [];
    expect(parseCertificates(cert!.certificate_chain.inline_string)[0]?.sha256Fingerprint).toBe(
      pki.gatewayClient.cert.sha256Fingerprint,
    );
  });

  it('an IP address is matched as IP_ADDRESS and not sent as SNI (RFC 6066 forbids it)', () => {
    const ctx = renderEnvoyTls(upstream, pki.registry, { role: 'upstream', serverName: '10.0.0.7' });
    expect(ctx.sni).toBeUndefined();
    expect(ctx.common_tls_context.validation_context?.match_typed_subject_alt_names).toEqual([
      { san_type: 'IP_ADDRESS', matcher: { exact: '10.0.0.7' } },
    ]);
  });

  it('one-way: no client certificate; hostnameVerification false: no SAN matcher', () => {
    const ctx = renderEnvoyTls(
      {
        enabled: true,
        trustStore: 'ref://backend-roots',
        serverName: 'backend.test',
        hostnameVerification: false,
      },
      pki.registry,
      { role: 'upstream' },
    );
    expect(ctx.common_tls_context.tls_certificates).toBeUndefined();
    expect(ctx.common_tls_context.validation_context?.match_typed_subject_alt_names).toBeUndefined();
    expect(ctx.sni).toBe('backend.test');
  });

  it.each([
    ['upstream verification without a truststore', { enabled: true }, 'ERR_GATEWAY_TRUSTSTORE_REQUIRED'],
    [
      'ignoring chain errors while checking the name',
      { enabled: true, ignoreValidationErrors: true, serverName: 'backend.test' },
      'ERR_GATEWAY_UNSUPPORTED',
    ],
    ['client auth without a keystore', { enabled: true, clientAuthEnabled: true }, 'ERR_TLS_NO_KEYSTORE'],
    ['a variable truststore', { enabled: true, trustStore: '{tenant.roots}' }, 'ERR_GATEWAY_VARIABLE_STORE'],
    ['a keystore as truststore', { enabled: true, trustStore: 'api-2026' }, 'ERR_TLS_STORE_NOT_FOUND'],
    [
      'TLS 1.0',
      { enabled: true, trustStore: 'backend-roots', protocols: ['TLSv1'] },
      'ERR_TLS_LEGACY_PROTOCOL',
    ],
  ] as [string, TlsProfile, string][])('%s', (_n, profile, code) => {
    expect(thrownCode(() => renderEnvoyTls(profile, pki.registry, { role: 'upstream' }))).toBe(code);
  });
});

describe('certkit/tls root entry', () => {
  it('exports the gateway renderers', () => {
    expect(typeof tlsRoot.renderNginxTls).toBe('function');
    expect(typeof tlsRoot.renderEnvoyTls).toBe('function');
    expect(typeof tlsRoot.writeGatewayFiles).toBe('function');
    expect(typeof tlsRoot.GatewayFile).toBe('function');
  });
});
