/**
 * ACME benchmark: orders per second against a local Pebble (one name, DNS-01 through
 * pebble-challtestsrv), certkit's AcmeOrderClient against plain acme-client `auto()` in the same run.
 * certkit does more per order (every step saved to storage, progress events, a DNS self-check before
 * asking the CA, the issued chain checked against the key and names); the target is at most 20% slower.
 * Both poll at 100 ms first (acme-client's default of 5 s would measure sleeping, not work).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import acme from 'acme-client';
import { AcmeOrderClient } from '../src/acme/client/acme-order-client.js';
import { FileStorage } from '../src/storage/file-storage.js';
import { MemoryStorage } from '../src/storage/memory-storage.js';
import { startPebble } from '../test/helpers/pebble.js';
import { compare, printComparison } from './harness.js';

export async function run(): Promise<void> {
  const pebble = await startPebble();
  try {
    let n = 0;
    const certkit = new AcmeOrderClient(pebble.clientOptions(new MemoryStorage()));
    const dir = await mkdtemp(join(tmpdir(), 'certkit-bench-acme-'));
    const certkitFile = new AcmeOrderClient(pebble.clientOptions(new FileStorage({ dir })));
    acme.axios.defaults.httpsAgent = new Agent({ ca: pebble.caCertificates });
    const plain = new acme.Client({
      directoryUrl: pebble.directoryUrl,
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      backoffMin: 100,
      backoffMax: 5000,
    });
    const results = await compare(
      [
        {
          name: 'certkit AcmeOrderClient.order',
          fn: () => certkit.order({ domains: [`c${n++}.bench.test`] }),
        },
        {
          name: 'certkit AcmeOrderClient.order, FileStorage (fsync per step)',
          fn: () => certkitFile.order({ domains: [`f${n++}.bench.test`] }),
        },
        {
          name: 'acme-client auto()',
          fn: async () => {
            const [, csr] = await acme.crypto.createCsr(
              { altNames: [`p${n++}.bench.test`] },
              await acme.crypto.createPrivateEcdsaKey(),
            );
            await plain.auto({
              csr,
              termsOfServiceAgreed: true,
              challengePriority: ['dns-01'],
              skipChallengeVerification: true,
              challengeCreateFn: (authz, _challenge, keyAuthorization) =>
                pebble.dns01.present({
                  domain: authz.identifier.value,
                  name: `_acme-challenge.${authz.identifier.value}`,
                  value: keyAuthorization,
                }),
              challengeRemoveFn: (authz, _challenge, keyAuthorization) =>
                pebble.dns01.cleanup({
                  domain: authz.identifier.value,
                  name: `_acme-challenge.${authz.identifier.value}`,
                  value: keyAuthorization,
                }),
            });
          },
        },
      ],
      { rounds: 5, roundMs: 3000 },
    );
    printComparison('ACME orders per second against Pebble (one name, DNS-01)', results);
    const [memory, file, plainResult] = results as [
      (typeof results)[0],
      (typeof results)[0],
      (typeof results)[0],
    ];
    for (const mine of [memory, file]) {
      const ratio = plainResult.perSecond / mine.perSecond;
      console.log(
        `${mine.name}: ${ratio.toFixed(2)}x the time per order of plain acme-client (target <= 1.20x)`,
      );
    }
    await rm(dir, { recursive: true, force: true });
  } finally {
    await pebble.stop();
  }
}
