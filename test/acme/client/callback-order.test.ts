import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcmeOrderClient,
  type AcmeProgressEvent,
  CallbackDnsSolver,
  type DomainValidationEvent,
} from '../../../src/acme/index.js';
import { MemoryStorage } from '../../../src/storage/index.js';
import { closeServer, listenLocal } from '../../helpers/local-http.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';

function readBody(req: import('node:http').IncomingMessage): Promise<DomainValidationEvent> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as DomainValidationEvent));
    req.on('error', reject);
  });
}

describe.skipIf(!hasPebble())('an order through a callback receiver that is flaky', () => {
  let pebble: Pebble;
  let receiver: Server;
  /** Statuses the receiver answers, in turn (then 202). */
  const script: number[] = [];
  const log: string[] = [];
  beforeAll(async () => {
    pebble = await startPebble();
    // The DNS team's receiver: answers as scripted; when it accepts, it publishes (or removes) the record.
    receiver = await listenLocal((req, res) => {
      void readBody(req).then(async (event) => {
        const status = script.shift() ?? 202;
        log.push(`${event.event_type} ${status}`);
        if (status < 300) {
          const record = {
            domain: event.domain,
            name: event.challenge.txt_record_name,
            value: event.challenge.txt_record_val,
          };
          if (event.event_type === 'cert_domain_validation_required') await pebble.dns01.present(record);
          else await pebble.dns01.cleanup(record);
        }
        res.writeHead(status).end();
      });
    });
  }, 30_000);
  afterAll(async () => {
    if (receiver) await closeServer(receiver);
    await pebble?.stop();
  });

  it('a receiver that fails the first two deliveries of each event still gets the order issued and the record removed', async () => {
    script.push(502, 503, 202, 500, 504, 202);
    log.length = 0;
    const events: AcmeProgressEvent[] = [];
    const client = new AcmeOrderClient({
      ...pebble.clientOptions(new MemoryStorage()),
      dns01: new CallbackDnsSolver({
        url: `http://127.0.0.1:${(receiver.address() as import('node:net').AddressInfo).port}/hook`,
        selfCheck: { resolvers: [pebble.dnsServer], intervalMs: 100 },
        retryDelayMs: 100,
      }),
      // The client's own TXT check would ask a resolver nobody answers on: it must not run, since the
      // callback solver checked visibility itself (one self-check, not two).
      selfCheck: { dns: { resolvers: ['127.0.0.1:9'], timeoutMs: 5_000 } },
    });
    client.on('progress', (e) => events.push(e));
    const result = await client.order({ domains: ['flaky.callback.test'] });
    expect(result.certificate.subjectAltNames).toEqual([{ type: 'dns', value: 'flaky.callback.test' }]);
    expect(log).toEqual([
      'cert_domain_validation_required 502',
      'cert_domain_validation_required 503',
      'cert_domain_validation_required 202',
      'cert_domain_validation_completed 500',
      'cert_domain_validation_completed 504',
      'cert_domain_validation_completed 202',
    ]);
    const deliveries = events.flatMap((e) =>
      e.type === 'solver-delivery' ? [`${e.eventType} ${e.attempt} ${e.outcome}`] : [],
    );
    expect(deliveries).toEqual([
      'cert_domain_validation_required 1 HTTP 502',
      'cert_domain_validation_required 2 HTTP 503',
      'cert_domain_validation_required 3 delivered',
      'cert_domain_validation_completed 1 HTTP 500',
      'cert_domain_validation_completed 2 HTTP 504',
      'cert_domain_validation_completed 3 delivered',
    ]);
    expect(events.filter((e) => e.type === 'self-check-passed')).toHaveLength(1);
    expect(events.some((e) => e.type === 'challenge-cleaned-up')).toBe(true);
    expect(pebble.dns01.published().size).toBe(0);
  }, 60_000);

  it('a receiver that accepts but never publishes ends at the order deadline with ERR_ACME_TIMEOUT naming what was awaited, with waiting events meanwhile', async () => {
    const events: AcmeProgressEvent[] = [];
    // accepted, never published: the receiver is told; DNS never changes
    const silentPublisher = await listenLocal((req, res) => {
      void readBody(req).then(() => res.writeHead(202).end());
    });
    try {
      const client = new AcmeOrderClient({
        ...pebble.clientOptions(new MemoryStorage()),
        dns01: new CallbackDnsSolver({
          url: `http://127.0.0.1:${(silentPublisher.address() as import('node:net').AddressInfo).port}/hook`,
          selfCheck: { resolvers: [pebble.dnsServer], intervalMs: 100 },
        }),
        orderTimeoutMs: 3_000,
        progressIntervalMs: 200,
      });
      client.on('progress', (e) => events.push(e));
      const failure = await client.order({ domains: ['unpublished.callback.test'] }).then(
        () => undefined,
        (e: unknown) => e as { code?: string; details?: Record<string, unknown> },
      );
      expect(failure?.code).toBe('ERR_ACME_TIMEOUT');
      expect(failure?.details?.waitingFor).toEqual([
        'the callback solver to publish _acme-challenge.unpublished.callback.test and see it visible',
      ]);
      const waiting = events.filter((e) => e.type === 'waiting');
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting[0]).toMatchObject({ identifier: 'unpublished.callback.test' });
    } finally {
      await closeServer(silentPublisher);
    }
  }, 60_000);
});
