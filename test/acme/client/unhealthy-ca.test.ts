import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AcmeOrderClient, type AcmeProgressEvent } from '../../../src/acme/index.js';
import { MemoryStorage } from '../../../src/inventory/index.js';
import { rejectedError } from '../../helpers/coded-error.js';
import { freePort } from '../../helpers/free-port.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/dir`;
}

function client(directoryUrl: string, extra: Partial<ConstructorParameters<typeof AcmeOrderClient>[0]> = {}) {
  const c = new AcmeOrderClient({
    directoryUrl,
    storage: new MemoryStorage(),
    account: { termsOfServiceAgreed: true },
    requestTimeoutMs: 500,
    maxAttempts: 1,
    ...extra,
  });
  const events: AcmeProgressEvent[] = [];
  c.on('progress', (e) => events.push(e));
  return { c, events };
}

const failure = rejectedError;

describe('a CA that cannot be reached or answers nonsense is a clear error, not a hang', () => {
  it('closed port: ERR_ACME_UNREACHABLE naming ECONNREFUSED, retried as often as allowed', async () => {
    const url = `http://127.0.0.1:${await freePort()}/dir`;
    const { c, events } = client(url, { maxAttempts: 2 });
    const err = await failure(c.account());
    expect(err.code).toBe('ERR_ACME_UNREACHABLE');
    expect(err.details).toMatchObject({ reason: 'ECONNREFUSED', url });
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
  });

  it('a server that never answers: ERR_ACME_TIMEOUT after the request timeout', async () => {
    const url = await serve(() => {});
    const err = await failure(client(url).c.account());
    expect(err.code).toBe('ERR_ACME_TIMEOUT');
    expect(err.details).toMatchObject({ timeout: 500, step: 'request' });
  });

  it('an HTML page instead of a directory: ERR_ACME_BAD_RESPONSE naming what is missing', async () => {
    const url = await serve((_req, res) => res.end('<html>hello</html>'));
    const err = await failure(client(url).c.account());
    expect(err.code).toBe('ERR_ACME_BAD_RESPONSE');
    expect(err.details.missing).toEqual(['newNonce', 'newAccount', 'newOrder']);
  });

  it('JSON that is not JSON: ERR_ACME_BAD_RESPONSE', async () => {
    const url = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"newNonce": ');
    });
    expect((await failure(client(url).c.account())).code).toBe('ERR_ACME_BAD_RESPONSE');
  });

  it('an endless body is cut off', async () => {
    const url = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = (): void => {
        while (res.write(chunk)) {}
        res.once('drain', pump);
      };
      pump();
    });
    const err = await failure(client(url, { requestTimeoutMs: 10_000 }).c.account());
    expect(err.code).toBe('ERR_ACME_BAD_RESPONSE');
    expect(err.details.maxBodyBytes).toBe(4 * 1024 * 1024);
  });

  it('503 with Retry-After is waited for and retried; the problem after the last attempt is coded', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      res.statusCode = 503;
      res.setHeader('retry-after', '1');
      res.setHeader('content-type', 'application/problem+json');
      res.end(JSON.stringify({ type: 'urn:ietf:params:acme:error:serverInternal', detail: 'maintenance' }));
    });
    const { c, events } = client(url, { maxAttempts: 2 });
    const err = await failure(c.account());
    expect(hits).toBe(2);
    expect(err.code).toBe('ERR_ACME_SERVER_INTERNAL');
    const retry = events.find((e) => e.type === 'retry');
    expect(retry?.type === 'retry' && retry.retry.reason).toBe('server-error');
    expect(retry?.type === 'retry' && retry.retry.delayMs).toBeGreaterThan(500);
  });

  it('rateLimited with a Retry-After beyond what we wait: ERR_ACME_RATE_LIMITED with the retry time, at once', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      res.statusCode = 429;
      res.setHeader('retry-after', '3600');
      res.setHeader('content-type', 'application/problem+json');
      res.end(
        JSON.stringify({ type: 'urn:ietf:params:acme:error:rateLimited', detail: 'too many certificates' }),
      );
    });
    const before = Date.now();
    const err = await failure(client(url, { maxAttempts: 5 }).c.account());
    expect(hits).toBe(1);
    expect(err.code).toBe('ERR_ACME_RATE_LIMITED');
    const retryAfter = Date.parse(String(err.details.retryAfter));
    expect(retryAfter - before).toBeGreaterThan(3_500_000);
    expect(err.details.problem).toEqual({
      type: 'urn:ietf:params:acme:error:rateLimited',
      detail: 'too many certificates',
    });
  });
});
