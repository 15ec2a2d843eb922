/**
 * A small PKI for the gateway tests, minted in-process, and a StoreRegistry holding it behind
 * `ref://` references:
 * - CA "A" (root + intermediate) issues the listener certificate (localhost / 127.0.0.1), a good
 *   client certificate and nginx's own client certificate for mTLS to upstreams;
 * - CA "B" issues a client certificate nginx must refuse;
 * - a backend CA issues the certificate of the upstream Node server (backend.test).
 */
import { Keystore, StoreRegistry, Truststore } from '../../../src/stores/index.js';
import { EKU, type Minted, mint } from '../../helpers/make-certs.js';
import { privateKeyOf, privateKeyPem } from '../../stores/store-fixtures.js';

export interface GatewayPki {
  readonly rootA: Minted;
  readonly interA: Minted;
  readonly server: Minted;
  readonly clientGood: Minted;
  readonly gatewayClient: Minted;
  readonly rootB: Minted;
  readonly clientBad: Minted;
  readonly backendRoot: Minted;
  readonly backend: Minted;
  /** PEM private keys by certificate. */
  readonly keyPem: (m: Minted) => string;
  readonly registry: StoreRegistry;
}

export async function makeGatewayPki(): Promise<GatewayPki> {
  const rootA = await mint({ subject: 'CN=Gateway Test Root A', ca: true });
  const interA = await mint({ subject: 'CN=Gateway Test Intermediate A', ca: true, issuer: rootA });
  const server = await mint({
    subject: 'CN=localhost',
    issuer: interA,
    san: [{ dns: 'localhost' }, { ip: '127.0.0.1' }],
  });
  const clientGood = await mint({ subject: 'CN=good-client', issuer: interA, eku: [EKU.clientAuth] });
  const gatewayClient = await mint({ subject: 'CN=nginx-gateway', issuer: interA, eku: [EKU.clientAuth] });
  const rootB = await mint({ subject: 'CN=Gateway Test Root B', ca: true });
  const clientBad = await mint({ subject: 'CN=bad-client', issuer: rootB, eku: [EKU.clientAuth] });
  const backendRoot = await mint({ subject: 'CN=Backend Test Root', ca: true });
  const backend = await mint({
    subject: 'CN=backend.test',
    issuer: backendRoot,
    san: [{ dns: 'backend.test' }],
  });

  const pems = new Map<Minted, string>();
  for (const m of [server, clientGood, gatewayClient, clientBad, backend])
    pems.set(m, await privateKeyPem(m.keys));

  const registry = new StoreRegistry();
  registry.putKeystore(
    'api-2026',
    Keystore.empty().withEntry(
      'api',
      { privateKey: await privateKeyOf(server), chain: [server.cert, interA.cert, rootA.cert] },
      { trust: [rootA.cert] },
    ),
  );
  registry.putKeystore(
    'gateway-client-2026',
    Keystore.empty().withEntry(
      'gw',
      {
        privateKey: await privateKeyOf(gatewayClient),
        chain: [gatewayClient.cert, interA.cert],
      },
      { trust: [rootA.cert] },
    ),
  );
  registry.putTruststore('client-roots', Truststore.fromCertificates([rootA.cert]));
  registry.putTruststore('backend-roots', Truststore.fromCertificates([backendRoot.cert]));
  registry.putTruststore('wrong-roots', Truststore.fromCertificates([rootB.cert]));
  registry.defineReference('ref://api-keystore', 'api-2026');
  registry.defineReference('ref://gateway-client', 'gateway-client-2026', { role: 'client' });
  registry.defineReference('ref://client-roots', 'client-roots');
  registry.defineReference('ref://backend-roots', 'backend-roots');
  registry.defineReference('ref://wrong-roots', 'wrong-roots');

  return {
    rootA,
    interA,
    server,
    clientGood,
    gatewayClient,
    rootB,
    clientBad,
    backendRoot,
    backend,
    keyPem: (m) => {
      const pem = pems.get(m);
      if (pem === undefined) throw new Error(`no key for ${m.subject}`);
      return pem;
    },
    registry,
  };
}
