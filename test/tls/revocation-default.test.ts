import 'reflect-metadata';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import * as x509 from '@peculiar/x509';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChainProblem } from '../../src/chain/index.js';
import { Keystore, StoreRegistry, Truststore } from '../../src/stores/index.js';
import {
  type ConnectTlsOptions,
  connectTls,
  createTlsServer,
  type TlsProfile,
  toNodeTlsOptions,
} from '../../src/tls/index.js';
import { closeServer as closeHttp, listenLocal } from '../helpers/local-http.js';
import { EKU, type Minted, mint } from '../helpers/make-certs.js';
import { crlFor, DAY, privateKeyOf } from '../stores/store-fixtures.js';
import { closeServer, listen, type Outcome, readAll } from './socket-helpers.js';

/**
 * Revocation is checked by default where certkit makes a TLS trust decision: a client under enforce
 * and a server checking client certificates fetch the CRL named in the peer's certificate (from a
 * local HTTP responder), refuse a revoked peer, and soft-fail with a warning when the CRL cannot be had.
 */

let http: HttpServer;
let base: string;
let crlDer: Uint8Array = new Uint8Array();
const registry = new StoreRegistry();
const servers: import('node:net').Server[] = [];
let revokedClient: Minted;

beforeAll(async () => {
  http = await listenLocal((req, res) => {
    if (req.url === '/inter.crl') {
      res.writeHead(200, { 'content-type': 'application/pkix-crl' });
      res.end(crlDer);
    } else {
      res.writeHead(503);
      res.end();
    }
  });
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const now = Date.now();
  const root = await mint({ subject: 'CN=Revocation Root', ca: true, notBefore: new Date(now - 30 * DAY) });
  const inter = await mint({
    subject: 'CN=Revocation CA',
    ca: true,
    issuer: root,
    notBefore: new Date(now - 30 * DAY),
  });
  const leafOf = (subject: string, eku: string, path: string) =>
    mint({
      subject,
      issuer: inter,
      eku: [eku],
      san: [{ dns: 'localhost' }, { ip: '127.0.0.1' }],
      extra: [new x509.CRLDistributionPointsExtension([`${base}${path}`])],
    });
  const revokedServer = await leafOf('CN=revoked server', EKU.serverAuth, '/inter.crl');
  const downServer = await leafOf('CN=server of an unreachable CRL', EKU.serverAuth, '/down.crl');
  const goodServer = await leafOf('CN=good server', EKU.serverAuth, '/inter.crl');
  revokedClient = await leafOf('CN=revoked client', EKU.clientAuth, '/inter.crl');
  crlDer = (await crlFor(inter, [revokedServer, revokedClient])).der;
  const put = async (name: string, leaf: Minted) =>
    registry.putKeystore(
      name,
      Keystore.empty().withEntry(
        'main',
        { privateKey: await privateKeyOf(leaf), chain: [leaf.cert, inter.cert] },
        { trust: [root.cert] },
      ),
    );
  await put('srv-revoked', revokedServer);
  await put('srv-down', downServer);
  await put('srv-good', goodServer);
  await put('cli-revoked', revokedClient);
  registry.putTruststore('roots', Truststore.fromCertificates([root.cert]));
}, 60_000);
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});
afterAll(async () => {
  await closeHttp(http);
});

async function serve(keyStore: string, extra: Partial<TlsProfile> = {}) {
  const rejected: Error[] = [];
  const server = createTlsServer({ enabled: true, keyStore, ...extra }, registry, {}, (s) => s.end('ok\n'));
  server.on('tlsClientError', (e) => rejected.push(e));
  servers.push(server);
  return { port: await listen(server), rejected };
}

const client: TlsProfile = { enabled: true, trustStore: 'roots', enforce: true };

async function connectOutcome(port: number, options: Partial<ConnectTlsOptions>): Promise<Outcome> {
  try {
    const socket = await connectTls(client, registry, { host: '127.0.0.1', port, ...options });
    return await readAll(socket);
  } catch (error) {
    return { data: '', error: error as Outcome['error'] & Error };
  }
}

describe('TLS client under enforce: revocation on by default', () => {
  it('refuses a server its CRL lists, with no revocation option (ERR_CHAIN_REVOKED)', async () => {
    const { port } = await serve('srv-revoked');
    const out = await connectOutcome(port, {});
    expect(out.error?.code).toBe('ERR_TLS_PEER_REJECTED');
    expect(out.error?.details?.codes).toEqual(['ERR_CHAIN_REVOKED']);
    // Explicitly off, the same server is accepted (the chain is otherwise valid).
    expect((await connectOutcome(port, { revocation: 'off' })).data).toBe('ok\n');
  });

  it('accepts a good server after fetching its CRL', async () => {
    const { port } = await serve('srv-good');
    expect(await connectOutcome(port, {})).toEqual({ data: 'ok\n' });
  });

  it('soft-fails with a warning when the CRL cannot be had; hard-fail refuses', async () => {
    const { port } = await serve('srv-down');
    const warnings: ChainProblem[] = [];
    const out = await connectOutcome(port, { onRevocationWarning: (w) => warnings.push(w) });
    expect(out.data).toBe('ok\n');
    // The leaf's CRL is down; the intermediate names no revocation source at all: each is said.
    expect(warnings.map((w) => [w.code, w.depth])).toEqual([
      ['ERR_CHAIN_REVOCATION_UNKNOWN', 0],
      ['ERR_CHAIN_REVOCATION_UNKNOWN', 1],
    ]);
    expect(warnings[0]!.message).toMatch(/503/);
    expect(warnings[1]!.message).toMatch(
      /names neither an OCSP responder nor an HTTP CRL distribution point/,
    );
    const hard = await connectOutcome(port, { revocation: 'hard-fail' });
    expect(hard.error?.code).toBe('ERR_TLS_PEER_REJECTED');
    expect(hard.error?.details?.codes).toContain('ERR_CHAIN_REVOCATION_UNKNOWN');
  });
});

describe('TLS server checking client certificates: revocation on by default', () => {
  it('refuses a client whose CRL lists it (ERR_CHAIN_REVOKED) before the application sees it', async () => {
    const s = await serve('srv-good', { clientAuthEnabled: true, trustStore: 'roots' });
    const out = await readAll(
      tls.connect({
        host: '127.0.0.1',
        port: s.port,
        ...toNodeTlsOptions(
          { enabled: true, trustStore: 'roots', clientAuthEnabled: true, keyStore: 'cli-revoked' },
          registry,
          { role: 'client' },
        ),
      }),
    );
    expect(out.data).toBe('');
    await new Promise((r) => setImmediate(r));
    expect(s.rejected).toHaveLength(1);
    expect(
      (s.rejected[0] as Error & { code?: string; details?: { codes?: string[] } }).details?.codes,
    ).toEqual(['ERR_CHAIN_REVOKED']);
    expect(revokedClient.cert.subject.toString()).toBe('CN=revoked client');
  });
});
