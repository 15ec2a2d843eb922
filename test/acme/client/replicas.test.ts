import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcmeOrderClient, StorageHttp01Solver, startHttp01Responder } from '../../../src/acme/index.js';
import { FileStorage } from '../../../src/inventory/index.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';

describe.skipIf(!hasPebble())('replicas sharing one storage', () => {
  let pebble: Pebble;
  let dir: string;
  beforeAll(async () => {
    pebble = await startPebble();
    dir = mkdtempSync(join(tmpdir(), 'certkit-acme-replicas-'));
  }, 30_000);
  afterAll(async () => {
    await pebble?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One "replica": its own FileStorage instance over the shared directory. */
  function replica(extra: Partial<ConstructorParameters<typeof AcmeOrderClient>[0]> = {}) {
    const storage = new FileStorage({ dir });
    const client = new AcmeOrderClient({
      directoryUrl: pebble.directoryUrl,
      caCertificates: pebble.caCertificates,
      storage,
      account: { termsOfServiceAgreed: true },
      http01: new StorageHttp01Solver(storage),
      dns01: pebble.dns01,
      preferredChallenge: 'http-01',
      selfCheck: {
        http: { host: '127.0.0.1', port: pebble.httpPort, intervalMs: 100, timeoutMs: 10_000 },
        dns: { resolvers: [pebble.dnsServer], intervalMs: 100 },
      },
      pollIntervalMs: 100,
      ...extra,
    });
    return { storage, client };
  }

  it("HTTP-01: the token published by one replica is answered by another replica's responder", async () => {
    const responderReplica = replica();
    const responder = await startHttp01Responder({
      storage: responderReplica.storage,
      port: pebble.httpPort,
      host: '127.0.0.1',
    });
    try {
      const orderer = replica();
      const seen: string[] = [];
      orderer.client.on('progress', (e) => {
        if (e.type === 'challenge-presented') seen.push(e.challenge);
      });
      const result = await orderer.client.order({ domains: ['http.replica.test'] });
      expect(seen).toEqual(['http-01']);
      expect(result.certificate.subjectAltNames[0]?.value).toBe('http.replica.test');
      // The token is gone from the shared storage after the order.
      expect(await responderReplica.storage.list('acme/http-01/')).toEqual([]);
    } finally {
      await responder.close();
    }
  });

  it('only one replica orders a given certificate at a time; the other gets ERR_ACME_ORDER_LOCKED', async () => {
    const a = replica({ preferredChallenge: 'dns-01' });
    const b = replica({ preferredChallenge: 'dns-01' });
    await a.client.account(); // both replicas share the account created here
    const outcomes = await Promise.allSettled([
      a.client.order({ domains: ['race.replica.test'] }),
      b.client.order({ domains: ['race.replica.test'] }),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(((lost[0] as PromiseRejectedResult).reason as { code?: string }).code).toBe(
      'ERR_ACME_ORDER_LOCKED',
    );
    // and once it is done, the other can order again
    const again = await b.client.order({ domains: ['race.replica.test'] });
    expect(again.resumed).toBe(false);
    expect((await b.client.account()).accountUrl).toBe((await a.client.account()).accountUrl);
  });
});
