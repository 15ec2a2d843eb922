import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAuthoritativeServers } from '../../../../src/acme/challenges/dns/authoritative-servers.js';
import { Rfc2136Solver } from '../../../../src/acme/challenges/dns/rfc2136-solver.js';
import { waitForTxtRecord } from '../../../../src/acme/challenges/self-check/txt-self-check.js';
import { isCertkitError } from '../../../../src/errors/index.js';
import { type BindServer, hasBind, startBindServer } from '../../../helpers/bind-server.js';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe.skipIf(!hasBind())('waitForTxtRecord against BIND 9', () => {
  let bind: BindServer;
  let resolver: string;
  let solver: Rfc2136Solver;
  beforeAll(async () => {
    bind = await startBindServer();
    resolver = `127.0.0.1:${bind.port}`;
    solver = new Rfc2136Solver({
      server: '127.0.0.1',
      port: bind.port,
      tsig: bind.keys[0]!,
      zone: bind.zone,
    });
  });
  afterAll(async () => {
    await bind?.stop();
  });

  it('resolves once the record appears at the explicit resolver 127.0.0.1:<port>', async () => {
    const record = {
      domain: 'seen.example.test',
      name: '_acme-challenge.seen.example.test',
      value: 'appears-later',
    };
    let presented = false;
    // The record is added only after the first poll has seen the name missing (NXDOMAIN).
    const waiting = waitForTxtRecord(record.name, record.value, {
      resolvers: [resolver],
      intervalMs: 100,
      timeoutMs: 20_000,
    });
    const timer = setTimeout(() => {
      presented = true;
      void solver.present(record);
    }, 400);
    try {
      await waiting;
      expect(presented).toBe(true);
    } finally {
      clearTimeout(timer);
      await solver.cleanup(record);
    }
  });

  it('finds the value among several at the name, with a trailing dot on the name', async () => {
    const name = '_acme-challenge.many.example.test';
    await solver.present({ domain: 'many.example.test', name, value: 'one' });
    await solver.present({ domain: 'many.example.test', name, value: 'two' });
    try {
      await waitForTxtRecord(`${name}.`, 'two', { resolvers: [resolver, resolver], timeoutMs: 5_000 });
    } finally {
      await solver.cleanup({ domain: 'many.example.test', name, value: 'one' });
      await solver.cleanup({ domain: 'many.example.test', name, value: 'two' });
    }
  });

  it('sees a value longer than 255 octets, which DNS stores as several strings', async () => {
    const record = {
      domain: 'long.example.test',
      name: '_acme-challenge.long.example.test',
      value: 'L'.repeat(300),
    };
    await solver.present(record);
    try {
      await waitForTxtRecord(record.name, record.value, { resolvers: [resolver], timeoutMs: 5_000 });
      await expect(
        waitForTxtRecord(record.name, 'L'.repeat(255), { resolvers: [resolver], timeoutMs: 0 }),
      ).rejects.toMatchObject({ code: 'ERR_ACME_SELF_CHECK_FAILED' });
    } finally {
      await solver.cleanup(record);
    }
  });

  it('fails with ERR_ACME_SELF_CHECK_FAILED naming the resolvers that never saw the value', async () => {
    const name = '_acme-challenge.never.example.test';
    await solver.present({ domain: 'never.example.test', name, value: 'other-value' });
    try {
      const e = await rejection(
        waitForTxtRecord(name, 'expected-value', { resolvers: [resolver], intervalMs: 100, timeoutMs: 600 }),
      );
      expect(isCertkitError(e, 'ERR_ACME_SELF_CHECK_FAILED')).toBe(true);
      if (!isCertkitError(e)) return;
      expect(e.details).toMatchObject({ name, value: 'expected-value', timeout: 600, resolvers: [resolver] });
    } finally {
      await solver.cleanup({ domain: 'never.example.test', name, value: 'other-value' });
    }
  });

  it('counts a resolver that never answers as not seeing it, while the working one did', async () => {
    const name = '_acme-challenge.half.example.test';
    await solver.present({ domain: 'half.example.test', name, value: 'v' });
    try {
      const e = await rejection(
        waitForTxtRecord(name, 'v', {
          resolvers: [resolver, '127.0.0.1:1'],
          intervalMs: 100,
          timeoutMs: 600,
        }),
      );
      expect(isCertkitError(e, 'ERR_ACME_SELF_CHECK_FAILED')).toBe(true);
      if (!isCertkitError(e)) return;
      expect(e.details.resolvers).toEqual(['127.0.0.1:1']);
      expect((e.details.errors as Record<string, string>)['127.0.0.1:1']).toBeTruthy();
    } finally {
      await solver.cleanup({ domain: 'half.example.test', name, value: 'v' });
    }
  });

  it('stops with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('stop now');
    setTimeout(() => controller.abort(reason), 200);
    const e = await rejection(
      waitForTxtRecord('_acme-challenge.abort.example.test', 'v', {
        resolvers: [resolver],
        intervalMs: 100,
        timeoutMs: 30_000,
        signal: controller.signal,
      }),
    );
    expect(e).toBe(reason);
  });

  it('rejects at once with an already aborted signal', async () => {
    const e = await rejection(
      waitForTxtRecord('_acme-challenge.example.test', 'v', {
        resolvers: [resolver],
        signal: AbortSignal.abort(),
      }),
    );
    expect((e as Error).name).toBe('AbortError');
  });

  it('finds the authoritative servers through SOA and NS (the zone lists ns1 at 127.0.0.1)', async () => {
    expect(
      await findAuthoritativeServers('_acme-challenge.deep.sub.example.test', { bootstrap: [resolver] }),
    ).toEqual(['127.0.0.1']);
  });
});

describe('waitForTxtRecord arguments', () => {
  it('rejects resolvers that are not IP literals with an optional port, and bad numbers', async () => {
    for (const bad of ['dns.example.com', '127.0.0.1:99999', '[::1', 'fe80::1:53x', '']) {
      await expect(waitForTxtRecord('a.example', 'v', { resolvers: [bad] })).rejects.toThrow(TypeError);
    }
    await expect(waitForTxtRecord('a.example', 'v', { resolvers: [] })).rejects.toThrow(TypeError);
    await expect(waitForTxtRecord('a.example', 'v', { timeoutMs: -1 })).rejects.toThrow(TypeError);
    await expect(waitForTxtRecord('', 'v')).rejects.toThrow(TypeError);
  });

  it('accepts IPv4 and IPv6 literals with and without a port', async () => {
    // Nothing answers there; a zero timeout makes one round, then the coded failure (not a TypeError).
    const resolvers = ['127.0.0.1', '127.0.0.1:1', '::1', '[::1]', '[::1]:1'];
    const e = await rejection(waitForTxtRecord('a.example', 'v', { resolvers, timeoutMs: 0 }));
    expect(isCertkitError(e, 'ERR_ACME_SELF_CHECK_FAILED')).toBe(true);
  });
});
