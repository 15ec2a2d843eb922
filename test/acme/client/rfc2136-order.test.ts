import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcmeOrderClient, Rfc2136Solver } from '../../../src/acme/index.js';
import { MemoryStorage } from '../../../src/inventory/index.js';
import { type BindServer, hasBind, startBindServer } from '../../helpers/bind-server.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';

describe.skipIf(!hasPebble() || !hasBind())(
  'an order whose DNS-01 records go to BIND by RFC 2136, validated by Pebble through BIND',
  () => {
    let bind: BindServer;
    let pebble: Pebble;
    beforeAll(async () => {
      bind = await startBindServer('example.test');
      pebble = await startPebble({ dnsServer: `${bind.host}:${bind.port}` });
    }, 60_000);
    afterAll(async () => {
      await pebble?.stop();
      await bind?.stop();
    });

    it('issues apex + wildcard: both TXT values published by dynamic update, checked at BIND, then removed', async () => {
      const key = bind.keys[0]!;
      const solver = new Rfc2136Solver({ server: bind.host, port: bind.port, tsig: key });
      const client = new AcmeOrderClient({
        directoryUrl: pebble.directoryUrl,
        caCertificates: pebble.caCertificates,
        storage: new MemoryStorage(),
        account: { termsOfServiceAgreed: true },
        dns01: solver,
        selfCheck: { dns: { resolvers: [`${bind.host}:${bind.port}`], intervalMs: 100, timeoutMs: 10_000 } },
        pollIntervalMs: 100,
      });
      const result = await client.order({ domains: ['www.example.test', '*.www.example.test'] });
      expect(result.certificate.subjectAltNames.map((n) => n.value).sort()).toEqual([
        '*.www.example.test',
        'www.example.test',
      ]);
      const { Resolver } = await import('node:dns/promises');
      const resolver = new Resolver();
      resolver.setServers([`${bind.host}:${bind.port}`]);
      await expect(resolver.resolveTxt('_acme-challenge.www.example.test')).rejects.toThrow(
        /ENODATA|ENOTFOUND/,
      );
    }, 60_000);
  },
);
