import https from 'node:https';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Truststore } from '../../src/stores/index.js';
import { attachRotation, connectTls, createTlsServer, toNodeTlsOptions } from '../../src/tls/index.js';
import { closeServer, listen, readAll } from './socket-helpers.js';
import { makeTlsPki, type TlsPki } from './tls-pki.js';

let pki: TlsPki;
const servers: import('node:net').Server[] = [];
beforeAll(async () => {
  pki = await makeTlsPki();
  pki.registry.putTruststore('partner-roots', Truststore.fromCertificates([pki.otherRoot.cert]));
  pki.registry.defineReference('ref://client-roots', 'roots', { role: 'server' });
  pki.registry.defineReference('ref://web-ks', 'srv-good', { role: 'server' });
}, 60_000);
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});

function clientWith(port: number, keyStore: string) {
  const o = toNodeTlsOptions(
    { enabled: true, trustStore: 'roots', serverName: 'localhost', clientAuthEnabled: true, keyStore },
    pki.registry,
    { role: 'client' },
  );
  return readAll(tls.connect({ host: '127.0.0.1', port, ...o }));
}

describe('rotation of the truststore and of wrapped servers', () => {
  it('an mTLS server follows a re-pointed truststore reference', async () => {
    const rejected: Error[] = [];
    const server = createTlsServer(
      {
        enabled: true,
        clientAuthEnabled: true,
        keyStore: 'srv-good',
        trustStore: 'ref://client-roots',
        enforce: true,
      },
      pki.registry,
      {},
      (s) => s.end('in\n'),
    );
    server.on('tlsClientError', (e) => rejected.push(e));
    servers.push(server);
    const port = await listen(server);
    expect((await clientWith(port, 'cli-good')).data).toBe('in\n');
    expect((await clientWith(port, 'cli-other-ca')).data).toBe('');

    pki.registry.repoint('ref://client-roots', 'partner-roots', { force: true });
    expect((await clientWith(port, 'cli-other-ca')).data).toBe('in\n');
    expect((await clientWith(port, 'cli-good')).data).toBe('');
    expect(rejected.map((e) => (e as { code?: string }).code)).toEqual([
      'ERR_TLS_PEER_REJECTED',
      'ERR_TLS_PEER_REJECTED',
    ]);
    pki.registry.repoint('ref://client-roots', 'roots', { force: true });
  });

  it('attachRotation makes a hand-made https server follow its keystore reference', async () => {
    const profile = { enabled: true, keyStore: 'ref://web-ks' } as const;
    const server = https.createServer(toNodeTlsOptions(profile, pki.registry, { role: 'server' }), (_q, r) =>
      r.end('web'),
    );
    attachRotation(server, profile, pki.registry);
    servers.push(server);
    const port = await listen(server);
    const subject = async () => {
      const s = await connectTls(
        { enabled: true, trustStore: 'roots', serverName: 'localhost' },
        pki.registry,
        {
          host: '127.0.0.1',
          port,
        },
      );
      const cn = s.getPeerCertificate().subject.CN;
      s.destroy();
      return cn;
    };
    expect(await subject()).toBe('localhost');
    pki.registry.repoint('ref://web-ks', 'srv-good-2');
    expect(await subject()).toBe('localhost rotated');
  });

  it('hostnameVerification: false skips the name check only', async () => {
    const server = createTlsServer({ enabled: true, keyStore: 'srv-wrong-host' }, pki.registry, {}, (s) =>
      s.end('x'),
    );
    servers.push(server);
    const port = await listen(server);
    const s = await connectTls(
      {
        enabled: true,
        trustStore: 'roots',
        serverName: 'localhost',
        enforce: true,
        hostnameVerification: false,
      },
      pki.registry,
      { host: '127.0.0.1', port },
    );
    expect((await readAll(s)).data).toBe('x');
    await expect(
      connectTls(
        { enabled: true, trustStore: 'partner-roots', serverName: 'localhost', hostnameVerification: false },
        pki.registry,
        {
          host: '127.0.0.1',
          port,
        },
      ),
    ).rejects.toMatchObject({ code: 'ERR_TLS_PEER_REJECTED' });
  });
});
