/**
 * The nginx output against a real nginx from Debian on 127.0.0.1: one-way and two-way TLS for a
 * listener, and nginx as a verifying (and client-certificate presenting) proxy to a Node TLS server.
 */

import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keystore } from '../../../src/stores/index.js';
import { renderNginxTls, writeGatewayFiles } from '../../../src/tls/gateways/index.js';
import type { TlsProfile } from '../../../src/tls/profile/tls-profile.js';
import { type Minted, mint } from '../../helpers/make-certs.js';
import { hasPeerTool } from '../../helpers/peer-tools.js';
import { privateKeyOf } from '../../stores/store-fixtures.js';
import { type GatewayPki, makeGatewayPki } from './gateway-fixtures.js';
import { freePort, type RunningNginx, startNginx } from './nginx-harness.js';

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly peerFingerprint: string | undefined;
  readonly peerIssuerFingerprint: string | undefined;
  readonly cipher: string;
  readonly protocol: string | null;
}

const norm = (fp: string | undefined): string | undefined => fp?.replace(/:/g, '').toLowerCase();

function httpsGet(
  port: number,
  ca: string,
  client?: { cert: string; key: string },
  extra: { maxVersion?: 'TLSv1.2' } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        servername: 'localhost',
        ca,
        ...(client ?? {}),
        ...extra,
        agent: false,
      },
      (res) => {
        const socket = res.socket as TLSSocket;
        const peer = socket.getPeerCertificate(true);
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            peerFingerprint: norm(peer.fingerprint256),
            peerIssuerFingerprint: norm(peer.issuerCertificate?.fingerprint256),
            cipher: socket.getCipher().standardName,
            protocol: socket.getProtocol(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function httpGet(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!hasPeerTool('nginx', 'nginx', ['-v']))(
  'nginx from Debian serves what renderNginxTls renders',
  () => {
    let pki: GatewayPki;
    let prefix: string;
    const running: RunningNginx[] = [];
    const clientOf = (m: Minted, withChain: readonly Minted[] = []) => ({
      cert: [m, ...withChain].map((c) => c.pem).join('\n'),
      key: pki.keyPem(m),
    });

    beforeAll(async () => {
      pki = await makeGatewayPki();
      prefix = await mkdtemp(join(tmpdir(), 'certkit-nginx-'));
    });
    afterAll(async () => {
      for (const n of running) await n.stop();
      await rm(prefix, { recursive: true, force: true });
    });

    /** Renders a listener for `profile` into its own folder and starts nginx with it. */
    async function listener(name: string, profile: TlsProfile): Promise<RunningNginx> {
      const port = await freePort();
      const dir = join(prefix, name);
      const { files, config } = renderNginxTls(profile, pki.registry, {
        role: 'server',
        dir: join(dir, 'certs'),
        listen: `127.0.0.1:${port}`,
        serverName: 'localhost',
      });
      await writeGatewayFiles(files);
      const nginx = await startNginx(dir, port, `server {\n${config}location / { return 200 "ok"; }\n}`);
      running.push(nginx);
      return nginx;
    }

    describe('one-way TLS', () => {
      let nginx: RunningNginx;
      beforeAll(async () => {
        nginx = await listener('one-way', { enabled: true, keyStore: 'ref://api-keystore', keyAlias: 'api' });
      });

      it('a client trusting the CA gets 200 and sees our certificate and intermediate', async () => {
        const a = await httpsGet(nginx.port, pki.rootA.pem);
        expect(a.status).toBe(200);
        expect(a.body).toBe('ok');
        expect(a.peerFingerprint).toBe(norm(pki.server.cert.sha256Fingerprint));
        expect(a.peerIssuerFingerprint).toBe(norm(pki.interA.cert.sha256Fingerprint));
      });

      it('a client trusting another CA refuses the server', async () => {
        await expect(httpsGet(nginx.port, pki.rootB.pem)).rejects.toThrow(/certificate/i);
      });
    });

    it('every directive the renderer can emit passes `nginx -t`', async () => {
      const dir = join(prefix, 'syntax');
      const server = renderNginxTls(
        {
          enabled: true,
          clientAuthEnabled: true,
          ignoreValidationErrors: true,
          keyStore: 'ref://api-keystore',
          trustStore: 'ref://client-roots',
          protocols: ['TLSv1.2', 'TLSv1.3'],
          ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_AES_128_GCM_SHA256'],
        },
        pki.registry,
        {
          role: 'server',
          dir: join(dir, 'certs'),
          listen: '127.0.0.1:1',
          serverName: 'localhost',
          verifyDepth: 3,
        },
      );
      const upstream = renderNginxTls(
        {
          enabled: true,
          enforce: true,
          clientAuthEnabled: true,
          keyStore: 'ref://gateway-client',
          trustStore: 'ref://backend-roots',
          serverName: 'backend.test',
          ciphers: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_AES_256_GCM_SHA384'],
        },
        pki.registry,
        { role: 'upstream', dir: join(dir, 'certs'), upstream: 'https://127.0.0.1:2/api' },
      );
      await writeGatewayFiles([...server.files, ...upstream.files]);
      const conf = join(dir, 'nginx.conf');
      const tmp = join(dir, 'tmp');
      await mkdir(tmp, { recursive: true });
      await writeFile(
        conf,
        `events {}\nhttp {\nclient_body_temp_path ${tmp}/b;\nproxy_temp_path ${tmp}/p;\nfastcgi_temp_path ${tmp}/f;\nuwsgi_temp_path ${tmp}/u;\nscgi_temp_path ${tmp}/s;\nserver {\n${server.config}location / {\n${upstream.config}}\n}\n}\n`,
      );
      const r = spawnSync(
        'nginx',
        ['-t', '-e', 'stderr', '-p', dir, '-c', conf, '-g', `pid ${join(dir, 'nginx.pid')};`],
        {
          encoding: 'utf8',
        },
      );
      expect(r.stderr).toContain('syntax is ok');
      expect(r.status).toBe(0);
    });

    describe('rotation: re-point the reference, re-render, write, reload', () => {
      it('nginx serves the new certificate after the reload, with no config change', async () => {
        const profile: TlsProfile = { enabled: true, keyStore: 'ref://rotating', keyAlias: 'api' };
        pki.registry.defineReference('ref://rotating', 'api-2026');
        const port = await freePort();
        const dir = join(prefix, 'rotation');
        const render = () =>
          renderNginxTls(profile, pki.registry, {
            role: 'server',
            dir: join(dir, 'certs'),
            listen: `127.0.0.1:${port}`,
          });
        const first = render();
        await writeGatewayFiles(first.files);
        const nginx = await startNginx(
          dir,
          port,
          `server {\n${first.config}location / { return 200 "ok"; }\n}`,
          { masterProcess: true },
        );
        running.push(nginx);
        expect((await httpsGet(port, pki.rootA.pem)).peerFingerprint).toBe(
          norm(pki.server.cert.sha256Fingerprint),
        );

        const renewed = await mint({
          subject: 'CN=localhost',
          issuer: pki.interA,
          san: [{ dns: 'localhost' }, { ip: '127.0.0.1' }],
        });
        pki.registry.putKeystore(
          'api-2027',
          Keystore.empty().withEntry(
            'api',
            { privateKey: await privateKeyOf(renewed), chain: [renewed.cert, pki.interA.cert] },
            { trust: [pki.rootA.cert] },
          ),
        );
        pki.registry.repoint('ref://rotating', 'api-2027', { role: 'server', keyAlias: 'api' });
        const second = render();
        expect(second.config).toBe(
          first.config.replace(pki.server.cert.sha256Fingerprint, renewed.cert.sha256Fingerprint),
        );
        await writeGatewayFiles(second.files);
        nginx.reload();
        let served: string | undefined;
        for (let i = 0; i < 100 && served !== norm(renewed.cert.sha256Fingerprint); i++) {
          await new Promise((r) => setTimeout(r, 50));
          served = (await httpsGet(port, pki.rootA.pem)).peerFingerprint;
        }
        expect(served).toBe(norm(renewed.cert.sha256Fingerprint));
      });
    });

    describe('protocols and TLS 1.3 suites', () => {
      let nginx: RunningNginx;
      beforeAll(async () => {
        nginx = await listener('tls13', {
          enabled: true,
          keyStore: 'ref://api-keystore',
          protocols: ['TLSv1.3'],
          ciphers: ['TLS_CHACHA20_POLY1305_SHA256'],
        });
      });

      it('serves TLS 1.3 with the one suite the profile allows', async () => {
        const a = await httpsGet(nginx.port, pki.rootA.pem);
        expect(a.status).toBe(200);
        expect(a.protocol).toBe('TLSv1.3');
        expect(a.cipher).toBe('TLS_CHACHA20_POLY1305_SHA256');
      });

      it('refuses a TLS 1.2-only client', async () => {
        await expect(
          httpsGet(nginx.port, pki.rootA.pem, undefined, { maxVersion: 'TLSv1.2' }),
        ).rejects.toThrow();
      });
    });

    describe('two-way TLS (clientAuthEnabled, default enforce)', () => {
      let nginx: RunningNginx;
      beforeAll(async () => {
        nginx = await listener('two-way', {
          enabled: true,
          clientAuthEnabled: true,
          keyStore: 'ref://api-keystore',
          keyAlias: 'api',
          trustStore: 'ref://client-roots',
        });
      });

      it('a client with a good certificate (leaf + intermediate) gets 200', async () => {
        const a = await httpsGet(nginx.port, pki.rootA.pem, clientOf(pki.clientGood, [pki.interA]));
        expect(a.status).toBe(200);
        expect(a.body).toBe('ok');
      });

      it('a client with a certificate from another CA is refused', async () => {
        const a = await httpsGet(nginx.port, pki.rootA.pem, clientOf(pki.clientBad));
        expect(a.status).toBe(400);
        expect(a.body).toContain('The SSL certificate error');
      });

      it('a client without a certificate is refused', async () => {
        const a = await httpsGet(nginx.port, pki.rootA.pem);
        expect(a.status).toBe(400);
        expect(a.body).toContain('No required SSL certificate was sent');
      });
    });

    describe('two-way TLS with ignoreValidationErrors (optional_no_ca)', () => {
      let nginx: RunningNginx;
      beforeAll(async () => {
        nginx = await listener('lenient', {
          enabled: true,
          clientAuthEnabled: true,
          ignoreValidationErrors: true,
          keyStore: 'ref://api-keystore',
          trustStore: 'ref://client-roots',
        });
      });

      it('lets a client with a certificate from another CA through', async () => {
        const a = await httpsGet(nginx.port, pki.rootA.pem, clientOf(pki.clientBad));
        expect(a.status).toBe(200);
      });
    });

    describe('upstream role: nginx proxies to a Node TLS server that requires a client certificate', () => {
      let backend: Server;
      let backendPort: number;
      beforeAll(async () => {
        backendPort = await freePort();
        backend = createHttpsServer(
          {
            cert: [pki.backend.pem].join('\n'),
            key: pki.keyPem(pki.backend),
            ca: pki.rootA.pem,
            requestCert: true,
            rejectUnauthorized: true,
          },
          (req, res) => {
            const peer = (req.socket as TLSSocket).getPeerCertificate();
            res.end(`backend saw ${peer.subject?.CN ?? 'nobody'}`);
          },
        );
        await new Promise<void>((r) => backend.listen(backendPort, '127.0.0.1', r));
      });
      afterAll(async () => {
        await new Promise<void>((r) => backend.close(() => r()));
      });

      async function proxy(name: string, profile: TlsProfile): Promise<RunningNginx> {
        const port = await freePort();
        const dir = join(prefix, name);
        const { files, config } = renderNginxTls(profile, pki.registry, {
          role: 'upstream',
          dir: join(dir, 'certs'),
          upstream: `127.0.0.1:${backendPort}`,
        });
        await writeGatewayFiles(files);
        const nginx = await startNginx(
          dir,
          port,
          `server {\nlisten 127.0.0.1:${port};\nlocation / {\n${config}}\n}`,
        );
        running.push(nginx);
        return nginx;
      }

      const upstreamProfile: TlsProfile = {
        enabled: true,
        enforce: true,
        clientAuthEnabled: true,
        keyStore: 'ref://gateway-client',
        trustStore: 'ref://backend-roots',
        serverName: 'backend.test',
      };

      it('works with the right CA, and the backend sees nginx’s client certificate', async () => {
        const nginx = await proxy('upstream-good', upstreamProfile);
        const a = await httpGet(nginx.port);
        expect(a.status).toBe(200);
        expect(a.body).toBe('backend saw nginx-gateway');
      });

      it('fails with 502 when the truststore holds the wrong CA', async () => {
        const nginx = await proxy('upstream-wrong-ca', {
          ...upstreamProfile,
          trustStore: 'ref://wrong-roots',
        });
        const a = await httpGet(nginx.port);
        expect(a.status).toBe(502);
        expect(nginx.stderr()).toMatch(/certificate verify/i);
      });

      it('ignoreValidationErrors (no enforce, no server name) lets a wrong CA through', async () => {
        const nginx = await proxy('upstream-lenient', {
          enabled: true,
          ignoreValidationErrors: true,
          clientAuthEnabled: true,
          keyStore: 'ref://gateway-client',
          trustStore: 'ref://wrong-roots',
        });
        const a = await httpGet(nginx.port);
        expect(a.status).toBe(200);
        expect(a.body).toBe('backend saw nginx-gateway');
      });

      it('fails with 502 when the server name does not match the certificate', async () => {
        const nginx = await proxy('upstream-wrong-name', { ...upstreamProfile, serverName: 'other.test' });
        const a = await httpGet(nginx.port);
        expect(a.status).toBe(502);
      });
    });
  },
);
