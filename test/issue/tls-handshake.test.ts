import { type ChildProcess, spawn } from 'node:child_process';
import type { Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, type IssuedCertificate } from '../../src/issue/index.js';
import { exportPrivateKey } from '../../src/keys/index.js';
import { MemoryStorage } from '../../src/storage/index.js';
import { Keystore, StoreRegistry, Truststore } from '../../src/stores/index.js';
import { connectTls, createTlsServer, type TlsProfile } from '../../src/tls/index.js';
import { freePort } from '../helpers/free-port.js';
import { hasPeerTool } from '../helpers/peer-tools.js';
import { closeServer, listen, readAll } from '../tls/socket-helpers.js';
import { tempDir } from './issue-helpers.js';

const HAS_OPENSSL = hasPeerTool('openssl', 'openssl');

/** Two-way TLS with certificates a certkit CA issued: against openssl s_server, and certkit on both ends. */
describe('two-way TLS with certificates from the CA', () => {
  const tmp = tempDir('certkit-issue-tls-');
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  const registry = new StoreRegistry();
  let ca: CertificateAuthority;
  let server: IssuedCertificate;
  let client: IssuedCertificate;
  const file: Record<string, string> = {};

  beforeAll(async () => {
    ca = await CertificateAuthority.create({
      storage: new MemoryStorage(),
      subject: 'CN=mTLS Root',
      intermediate: { subject: 'CN=mTLS Issuing' },
    });
    server = await ca.issue({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], purpose: 'server' });
    client = await ca.issue({ subject: 'CN=payments-client', purpose: 'client', keyType: 'rsa' });
    const trust = { trust: [ca.root] };
    for (const [name, issued] of Object.entries({ server, client })) {
      const chain = issued.chain.slice(0, -1); // leaf and intermediate; the root is the peer's trust
      registry.putKeystore(
        name,
        Keystore.empty().withEntry('main', { privateKey: issued.privateKey!, chain }, trust),
      );
      file[`${name}.key`] = tmp.write(
        `${name}.key`,
        exportPrivateKey(issued.privateKey!, { format: 'pkcs8-pem' }),
      );
      file[`${name}.crt`] = tmp.write(`${name}.crt`, issued.certificate.pem);
    }
    registry.putTruststore('root', Truststore.fromCertificates([ca.root]));
    file.root = tmp.write('root.pem', ca.root.pem);
    file.inter = tmp.write('inter.pem', ca.certificate.pem);
  }, 60_000);
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await Promise.all(servers.splice(0).map(closeServer));
  });
  afterAll(() => tmp.remove());

  const clientProfile: TlsProfile = {
    enabled: true,
    trustStore: 'root',
    serverName: 'localhost',
    enforce: true,
    clientAuthEnabled: true,
    keyStore: 'client',
  };

  it.skipIf(!HAS_OPENSSL)(
    'certkit client with an issued client certificate -> openssl s_server -Verify',
    async () => {
      const port = await freePort();
      const child = spawn('openssl', [
        's_server',
        '-accept',
        `127.0.0.1:${port}`,
        '-cert',
        file['server.crt']!,
        '-key',
        file['server.key']!,
        '-cert_chain',
        file.inter!,
        '-Verify',
        '2',
        '-CAfile',
        file.root!,
        '-chainCAfile',
        file.inter!,
        '-verify_return_error',
        '-www',
      ]);
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('ACCEPT')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`s_server exited ${code}`)));
      });
      const socket = await connectTls(clientProfile, registry, { host: '127.0.0.1', port });
      socket.write('GET / HTTP/1.0\r\n\r\n');
      const out = await readAll(socket);
      expect(out.data).toMatch(/^HTTP\/1\.0 200 ok/);
      expect(out.data).toContain('CN=payments-client'); // the client certificate s_server verified
    },
    30_000,
  );

  it('certkit client -> certkit server, both with issued certificates; a certificate for the wrong purpose is refused', async () => {
    const rejected: Error[] = [];
    const tlsServer = createTlsServer(
      { enabled: true, clientAuthEnabled: true, keyStore: 'server', trustStore: 'root', enforce: true },
      registry,
      {},
      (s) => s.end(`hello ${s.getPeerCertificate().subject?.CN}\n`),
    );
    tlsServer.on('tlsClientError', (e) => rejected.push(e));
    servers.push(tlsServer);
    const port = await listen(tlsServer);
    const socket = await connectTls(clientProfile, registry, { host: '127.0.0.1', port });
    expect((await readAll(socket)).data).toBe('hello payments-client\n');
    expect(rejected).toEqual([]);

    // The server's certificate has serverAuth only: as a client certificate the server refuses it.
    const wrong = await connectTls({ ...clientProfile, keyStore: 'server' }, registry, {
      host: '127.0.0.1',
      port,
    }).then(
      (s) => readAll(s),
      (e: Error) => ({ data: '', error: e }),
    );
    expect(wrong.data).toBe('');
    await new Promise((r) => setImmediate(r));
    expect(rejected[0]).toMatchObject({ code: 'ERR_TLS_PEER_REJECTED' });
  }, 30_000);
});
