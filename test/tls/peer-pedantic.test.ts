import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain } from '../../src/chain/index.js';
import { Keystore, StoreRegistry, Truststore } from '../../src/stores/index.js';
import { connectTls, createTlsServer } from '../../src/tls/index.js';
import { EKU, type Minted, mint } from '../helpers/make-certs.js';
import { privateKeyOf } from '../stores/store-fixtures.js';
import { closeServer, listen, readAll } from './socket-helpers.js';

/**
 * The TLS peer verifier never refuses, for a reason that is only pedantic, a chain the handshake
 * accepts: a server whose EKU extension is marked critical (a CA/B profile MUST enforced only under
 * `pedantic`) is accepted by OpenSSL in the handshake and by certkit under enforce.
 */
let root: Minted;
let leaf: Minted;
const registry = new StoreRegistry();
let server: import('node:tls').Server;
let port: number;

beforeAll(async () => {
  root = await mint({ subject: 'CN=Pedantic Root', ca: true });
  leaf = await mint({
    subject: 'CN=localhost',
    issuer: root,
    eku: [EKU.serverAuth],
    ekuCritical: true,
    san: [{ dns: 'localhost' }, { ip: '127.0.0.1' }],
  });
  registry.putKeystore(
    'srv',
    Keystore.empty().withEntry(
      'main',
      { privateKey: await privateKeyOf(leaf), chain: [leaf.cert] },
      { trust: [root.cert] },
    ),
  );
  registry.putTruststore('roots', Truststore.fromCertificates([root.cert]));
  server = createTlsServer({ enabled: true, keyStore: 'srv' }, registry, {}, (s) => s.end('ok\n'));
  port = await listen(server);
}, 60_000);
afterAll(async () => {
  await closeServer(server);
});

describe('peer verifier and pedantic rules', () => {
  it('the rule is pedantic: buildChain refuses the chain only with pedantic: true', () => {
    const base = { trust: [root.cert], hostname: 'localhost' } as const;
    expect(buildChain(leaf.cert, base).ok).toBe(true);
    expect(buildChain(leaf.cert, { ...base, pedantic: true }).ok).toBe(false);
  });

  it('connectTls under enforce accepts what the handshake accepts', async () => {
    const socket = await connectTls({ enabled: true, trustStore: 'roots', enforce: true }, registry, {
      host: '127.0.0.1',
      port,
      revocation: 'off',
    });
    expect(await readAll(socket)).toEqual({ data: 'ok\n' });
  });
});
