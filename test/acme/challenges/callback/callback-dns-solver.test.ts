import { Resolver } from 'node:dns/promises';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CallbackDnsSolver,
  type Dns01Record,
  type Dns01SolverProgress,
  type DomainValidationEvent,
} from '../../../../src/acme/index.js';
import { isCertkitError } from '../../../../src/errors/index.js';
import { rejectedError as failure } from '../../../helpers/coded-error.js';
import { freePort } from '../../../helpers/free-port.js';
import { closeServer as close, listenLocal as listen } from '../../../helpers/local-http.js';
import { hasPebble, type Pebble, startPebble } from '../../../helpers/pebble.js';

const AUTH = 'Bearer callback-s3cret-token-do-not-leak';

interface Received {
  readonly method: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly event: DomainValidationEvent;
}

function expectNoSecret(error: Error): void {
  const views = [error.message, JSON.stringify(error), inspect(error, { depth: 8 }), String(error.stack)];
  for (const view of views) expect(view).not.toContain('s3cret');
}

const urlOf = (s: Server, path = '/hooks/acme'): string =>
  `http://127.0.0.1:${(s.address() as AddressInfo).port}${path}`;

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

describe.skipIf(!hasPebble())('CallbackDnsSolver with a real receiver and pebble-challtestsrv', () => {
  let pebble: Pebble;
  let receiver: Server;
  const received: Received[] = [];
  /** Records the receiver has started to publish (after its delay). */
  const publishing = new Set<string>();

  async function txtValues(name: string): Promise<string[]> {
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    resolver.setServers([pebble.dnsServer]);
    try {
      return (await resolver.resolveTxt(name)).map((c) => c.join('')).sort();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENODATA' || code === 'ENOTFOUND') return [];
      throw e;
    }
  }

  const solver = (extra: Partial<ConstructorParameters<typeof CallbackDnsSolver>[0]> = {}) =>
    new CallbackDnsSolver({
      url: urlOf(receiver),
      headers: { Authorization: AUTH },
      selfCheck: { resolvers: [pebble.dnsServer], intervalMs: 50, timeoutMs: 20_000 },
      ...extra,
    });

  beforeAll(async () => {
    pebble = await startPebble();
    // The "DNS team": answers at once, publishes the record a little later (as a real one would), and
    // removes it when told the validation is complete. Names under never.test are acknowledged only.
    receiver = await listen((req, res) => {
      void readJson(req).then(
        (body) => {
          const event = body as DomainValidationEvent;
          received.push({
            method: req.method ?? '',
            contentType: req.headers['content-type'],
            authorization: req.headers.authorization,
            event,
          });
          res.writeHead(202).end();
          const record: Dns01Record = {
            domain: event.domain,
            name: event.challenge.txt_record_name,
            value: event.challenge.txt_record_val,
          };
          if (record.name.endsWith('never.test')) return;
          if (event.event_type === 'cert_domain_validation_required') {
            setTimeout(() => {
              publishing.add(`${record.name} ${record.value}`);
              void pebble.dns01.present(record);
            }, 300);
          } else {
            void pebble.dns01.cleanup(record);
          }
        },
        () => res.writeHead(400).end(),
      );
    });
  });

  afterAll(async () => {
    if (receiver) await close(receiver);
    await pebble?.stop();
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('posts the required event, resolves only once the record is visible, and posts completed on cleanup', async () => {
    const record: Dns01Record = {
      domain: 'callback.test',
      name: '_acme-challenge.callback.test',
      value: 'cb-value-GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG',
    };
    await solver().present(record);
    // present waited for the receiver's delayed publication, and DNS shows the value
    expect(publishing.has(`${record.name} ${record.value}`)).toBe(true);
    expect(await txtValues(record.name)).toEqual([record.value]);
    expect(received).toEqual([
      {
        method: 'POST',
        contentType: 'application/json',
        authorization: AUTH,
        event: {
          event_type: 'cert_domain_validation_required',
          domain: 'callback.test',
          domain_validation_method: 'dns-01',
          challenge: { txt_record_name: record.name, txt_record_val: record.value },
        },
      },
    ]);

    await solver().cleanup(record);
    expect(received[1]?.event).toEqual({
      event_type: 'cert_domain_validation_completed',
      domain: 'callback.test',
      domain_validation_method: 'dns-01',
      challenge: { txt_record_name: record.name, txt_record_val: record.value },
    });
    expect(received[1]?.authorization).toBe(AUTH);
  });

  it('apex and wildcard values at one name: each is announced and awaited on its own', async () => {
    const name = '_acme-challenge.both.test';
    const apex = { domain: 'both.test', name, value: 'apex-HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH' };
    const wild = { domain: 'both.test', name, value: 'wild-IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII' };
    const s = solver();
    await Promise.all([s.present(apex), s.present(wild)]);
    expect(await txtValues(name)).toEqual([apex.value, wild.value]);
    await s.cleanup(apex);
    await s.cleanup(wild);
    expect(received.map((r) => `${r.event.event_type} ${r.event.challenge.txt_record_val}`).sort()).toEqual([
      `cert_domain_validation_completed ${apex.value}`,
      `cert_domain_validation_completed ${wild.value}`,
      `cert_domain_validation_required ${apex.value}`,
      `cert_domain_validation_required ${wild.value}`,
    ]);
  });

  it('a record that never appears fails with ERR_ACME_SELF_CHECK_FAILED at the deadline', async () => {
    const record = {
      domain: 'never.test',
      name: '_acme-challenge.never.test',
      value: 'never-JJJJJJJJJJJJJJJJJJJJJJJJJJJJJJ',
    };
    const { error, code, details } = await failure(
      solver({ selfCheck: { resolvers: [pebble.dnsServer], intervalMs: 50, timeoutMs: 400 } }).present(
        record,
      ),
    );
    expect(code).toBe('ERR_ACME_SELF_CHECK_FAILED');
    expect(details).toMatchObject({ name: record.name, value: record.value });
    // the wait gets what is left of the 400 ms answer window after the delivery
    expect(details.timeout).toBeGreaterThan(0);
    expect(details.timeout).toBeLessThanOrEqual(400);
    expect(received.map((r) => r.event.event_type)).toEqual(['cert_domain_validation_required']);
    expectNoSecret(error);
  });

  it('a notify function instead of a URL', async () => {
    const events: DomainValidationEvent[] = [];
    const record = {
      domain: 'fn.test',
      name: '_acme-challenge.fn.test',
      value: 'fn-KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK',
    };
    const s = new CallbackDnsSolver({
      notify: async (event) => {
        events.push(event);
        const r = {
          domain: event.domain,
          name: event.challenge.txt_record_name,
          value: event.challenge.txt_record_val,
        };
        if (event.event_type === 'cert_domain_validation_required') await pebble.dns01.present(r);
        else await pebble.dns01.cleanup(r);
      },
      selfCheck: { resolvers: [pebble.dnsServer], intervalMs: 50, timeoutMs: 20_000 },
    });
    await s.present(record);
    await s.cleanup(record);
    expect(events.map((e) => e.event_type)).toEqual([
      'cert_domain_validation_required',
      'cert_domain_validation_completed',
    ]);
    expect(await txtValues(record.name)).toEqual([]);
  });
});

describe('CallbackDnsSolver delivery failures', () => {
  const record: Dns01Record = { domain: 'fail.test', name: '_acme-challenge.fail.test', value: 'fail-value' };
  // a resolver nobody answers on: these tests must fail before any DNS wait
  const selfCheck = { resolvers: ['127.0.0.1:9'], timeoutMs: 60_000 };
  // short windows so a failing receiver is given up on quickly
  const quick = { selfCheck, answerWindowMs: 1_500, retryDelayMs: 100 };

  function recorder(): { progress: (p: Dns01SolverProgress) => void; seen: Dns01SolverProgress[] } {
    const seen: Dns01SolverProgress[] = [];
    return { progress: (p) => seen.push(p), seen };
  }

  it('a receiver answering 500 is tried again until the answer window is over: ERR_ACME_CALLBACK_UNAVAILABLE, each attempt reported, no secret', async () => {
    let hits = 0;
    const server = await listen((_req, res) => {
      hits++;
      res.writeHead(500).end('oops');
    });
    try {
      const s = new CallbackDnsSolver({
        url: `${urlOf(server)}?api_key=query-s3cret`,
        headers: { Authorization: AUTH },
        ...quick,
      });
      for (const op of ['present', 'cleanup'] as const) {
        hits = 0;
        const { progress, seen } = recorder();
        const { error, code, details } = await failure(s[op](record, { progress }));
        expect(code).toBe('ERR_ACME_CALLBACK_UNAVAILABLE');
        expect(details).toMatchObject({ last: 'HTTP 500', url: urlOf(server), solver: 'callback' });
        expect(details.attempts).toBeGreaterThanOrEqual(2);
        expect(hits).toBe(details.attempts);
        expect(seen.filter((p) => p.type === 'delivery')).toHaveLength(hits);
        expect(seen.every((p) => p.type === 'delivery' && !p.delivered && p.outcome === 'HTTP 500')).toBe(
          true,
        );
        expect(isCertkitError(error.cause, 'ERR_ACME_CALLBACK_FAILED')).toBe(true);
        expectNoSecret(error);
      }
    } finally {
      await close(server);
    }
  });

  it('a receiver that fails the first two deliveries gets the event on the third, for both events', async () => {
    const answers = [502, 503, 202, 500, 429, 200];
    const got: string[] = [];
    const server = await listen((req, res) => {
      void readJson(req).then((body) => {
        const status = answers.shift() ?? 200;
        got.push(`${(body as DomainValidationEvent).event_type} ${status}`);
        res.writeHead(status).end();
      });
    });
    try {
      const s = new CallbackDnsSolver({ url: urlOf(server), ...quick, answerWindowMs: 20_000 });
      const { progress, seen } = recorder();
      // cleanup first: it needs no DNS; present is the same delivery path (tested against DNS above)
      await s.cleanup(record, { progress });
      await s.cleanup(record, { progress });
      expect(got).toEqual([
        'cert_domain_validation_completed 502',
        'cert_domain_validation_completed 503',
        'cert_domain_validation_completed 202',
        'cert_domain_validation_completed 500',
        'cert_domain_validation_completed 429',
        'cert_domain_validation_completed 200',
      ]);
      expect(seen.map((p) => (p.type === 'delivery' ? `${p.attempt} ${p.outcome}` : p.type))).toEqual([
        '1 HTTP 502',
        '2 HTTP 503',
        '3 delivered',
        '1 HTTP 500',
        '2 HTTP 429',
        '3 delivered',
      ]);
    } finally {
      await close(server);
    }
  });

  it('a refusal (HTTP 4xx) is not tried again: ERR_ACME_CALLBACK_FAILED with details.status', async () => {
    let hits = 0;
    const server = await listen((_req, res) => {
      hits++;
      res.writeHead(403).end();
    });
    try {
      const s = new CallbackDnsSolver({ url: urlOf(server), headers: { Authorization: AUTH }, ...quick });
      const { code, details } = await failure(s.present(record));
      expect(code).toBe('ERR_ACME_CALLBACK_FAILED');
      expect(details).toMatchObject({ status: 403, solver: 'callback' });
      expect(hits).toBe(1);
    } finally {
      await close(server);
    }
  });

  it('a redirect is not followed (the Authorization header stays here)', async () => {
    let hits = 0;
    const target = await listen((_req, res) => {
      hits++;
      res.writeHead(200).end();
    });
    const redirecting = await listen((_req, res) => res.writeHead(307, { Location: urlOf(target) }).end());
    try {
      const s = new CallbackDnsSolver({
        url: urlOf(redirecting),
        headers: { Authorization: AUTH },
        ...quick,
      });
      const { code, details } = await failure(s.cleanup(record));
      expect(code).toBe('ERR_ACME_CALLBACK_FAILED');
      expect(details.status).toBe(307);
      expect(hits).toBe(0);
    } finally {
      await close(redirecting);
      await close(target);
    }
  });

  it('an unreachable receiver and one that never answers are ERR_ACME_CALLBACK_UNAVAILABLE, each attempt bounded', async () => {
    const port = await freePort();
    const refused = await failure(
      new CallbackDnsSolver({
        url: `http://127.0.0.1:${port}/x`,
        headers: { Authorization: AUTH },
        ...quick,
      }).present(record),
    );
    expect(refused.code).toBe('ERR_ACME_CALLBACK_UNAVAILABLE');
    expect(refused.details.last).toBe('ECONNREFUSED');
    expectNoSecret(refused.error);

    const sockets: Socket[] = [];
    const silent = await listen(() => {});
    silent.on('connection', (s) => sockets.push(s));
    try {
      const hung = await failure(
        new CallbackDnsSolver({
          url: urlOf(silent),
          headers: { Authorization: AUTH },
          requestTimeoutMs: 200,
          ...quick,
        }).present(record),
      );
      expect(hung.code).toBe('ERR_ACME_CALLBACK_UNAVAILABLE');
      expect(hung.details).toMatchObject({ last: 'timeout' });
      expect(hung.details.attempts).toBeGreaterThanOrEqual(2);
      expectNoSecret(hung.error);
    } finally {
      for (const s of sockets) s.destroy();
      await close(silent);
    }
  });

  it("the order's signal ends the retries at once: ERR_ACME_CALLBACK_UNAVAILABLE saying the order ended", async () => {
    const port = await freePort();
    const controller = new AbortController();
    const s = new CallbackDnsSolver({
      url: `http://127.0.0.1:${port}/x`,
      selfCheck,
      retryDelayMs: 60_000,
      answerWindowMs: 600_000,
    });
    const { progress, seen } = recorder();
    const pending = failure(s.present(record, { signal: controller.signal, progress }));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    controller.abort(new Error('deadline'));
    const { code, details, error } = await pending;
    expect(code).toBe('ERR_ACME_CALLBACK_UNAVAILABLE');
    expect(details).toMatchObject({ attempts: 1, last: 'ECONNREFUSED' });
    expect(error.message).toContain('the order ended');
    expect(seen[0]).toMatchObject({ type: 'delivery', delivered: false, retryInMs: 60_000 });
  });

  it('a notify function that throws is tried again; the last failure keeps its cause', async () => {
    const boom = new Error('webhook queue full');
    let calls = 0;
    const s = new CallbackDnsSolver({
      notify: () => {
        calls++;
        throw boom;
      },
      ...quick,
    });
    try {
      await s.present(record);
      expect.unreachable();
    } catch (e) {
      expect(isCertkitError(e) && e.code).toBe('ERR_ACME_CALLBACK_UNAVAILABLE');
      const last = (e as Error).cause as Error;
      expect(isCertkitError(last, 'ERR_ACME_CALLBACK_FAILED')).toBe(true);
      expect(last.cause).toBe(boom);
      expect(calls).toBeGreaterThanOrEqual(2);
    }
  });

  it('a notify function that never settles is bounded by requestTimeoutMs, and told through its signal', async () => {
    const signals: AbortSignal[] = [];
    const s = new CallbackDnsSolver({
      notify: (_event, { signal }) => {
        signals.push(signal);
        return new Promise(() => {});
      },
      requestTimeoutMs: 100,
      ...quick,
      answerWindowMs: 250,
    });
    const { code, details } = await failure(s.cleanup(record));
    expect(code).toBe('ERR_ACME_CALLBACK_UNAVAILABLE');
    expect(details.last).toBe('timeout');
    expect(signals.length).toBeGreaterThanOrEqual(1);
    expect(signals.every((sig) => sig.aborted)).toBe(true);
  });

  it('misuse is a TypeError', () => {
    expect(() => new CallbackDnsSolver({})).toThrow(TypeError);
    expect(() => new CallbackDnsSolver({ url: 'http://x/', notify: () => {} })).toThrow(TypeError);
    expect(() => new CallbackDnsSolver({ url: 'ftp://x/' })).toThrow(TypeError);
    expect(() => new CallbackDnsSolver({ url: 'not a url' })).toThrow(TypeError);
    expect(() => new CallbackDnsSolver({ url: 'https://user:pw@x/' })).toThrow(TypeError);
    expect(() => new CallbackDnsSolver({ url: 'https://x/', headers: { Authorization: 'a\r\nb' } })).toThrow(
      TypeError,
    );
    expect(() => new CallbackDnsSolver({ url: 'https://x/', requestTimeoutMs: 0 })).toThrow(TypeError);
    expect(() => new CallbackDnsSolver({ url: 'https://x/', answerWindowMs: -1 })).toThrow(TypeError);
    expect(() => new CallbackDnsSolver({ url: 'https://x/', retryDelayMs: Number.NaN })).toThrow(TypeError);
    try {
      new CallbackDnsSolver({ url: 'https://x/', headers: { Authorization: `${AUTH}\n` } });
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('s3cret');
    }
  });
});
