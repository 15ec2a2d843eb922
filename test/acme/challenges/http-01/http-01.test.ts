import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttp01Handler,
  type Http01Challenge,
  type Http01Responder,
  StorageHttp01Solver,
  startHttp01Responder,
} from '../../../../src/acme/index.js';
import { isCertkitError } from '../../../../src/errors/index.js';
import { FileStorage, MemoryStorage } from '../../../../src/inventory/index.js';
import { rejectedCode } from '../../../helpers/coded-error.js';
import { httpExchange, rawStatus } from './http-client.js';

const challenge: Http01Challenge = {
  domain: 'replicas.example.com',
  token: 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0',
  keyAuthorization: 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI',
};
const path = `/.well-known/acme-challenge/${challenge.token}`;

describe('HTTP-01 from shared FileStorage: two replicas, one solver', () => {
  let dir: string;
  const storages: FileStorage[] = [];
  const responders: Http01Responder[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certkit-http01-'));
    for (let i = 0; i < 3; i++) storages.push(new FileStorage({ dir }));
    // two replicas, each with its own FileStorage over the same directory
    responders.push(await startHttp01Responder({ storage: storages[0]!, port: 0, host: '127.0.0.1' }));
    responders.push(await startHttp01Responder({ storage: storages[1]!, port: 0, host: '127.0.0.1' }));
  });

  afterAll(async () => {
    await Promise.all(responders.map((r) => r.close()));
    await Promise.all(storages.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('both replicas answer a token presented through a third instance, and both answer 404 after cleanup', async () => {
    const solver = new StorageHttp01Solver(storages[2]!);
    for (const r of responders) expect((await httpExchange(r.port, path)).status).toBe(404);

    await solver.present(challenge);
    expect(await storages[2]!.list('acme/http-01/')).toEqual([`acme/http-01/${challenge.token}`]);
    for (const r of responders) {
      const got = await httpExchange(r.port, path);
      expect(got.status).toBe(200);
      expect(got.body).toBe(challenge.keyAuthorization);
      expect(got.headers['content-type']).toBe('text/plain');
      const head = await httpExchange(r.port, path, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers['content-length']).toBe(String(challenge.keyAuthorization.length));
    }

    await solver.cleanup(challenge);
    for (const r of responders) expect((await httpExchange(r.port, path)).status).toBe(404);
    await solver.cleanup(challenge); // already gone: fine
  });

  it('a query string does not hide the token; other paths and unknown tokens get 404', async () => {
    const solver = new StorageHttp01Solver(storages[2]!);
    await solver.present(challenge);
    try {
      const port = responders[0]!.port;
      expect((await httpExchange(port, `${path}?x=1`)).body).toBe(challenge.keyAuthorization);
      expect((await httpExchange(port, '/.well-known/acme-challenge/unknownToken_-1')).status).toBe(404);
      expect((await httpExchange(port, '/')).status).toBe(404);
      expect((await httpExchange(port, '/index.html')).status).toBe(404);
    } finally {
      await solver.cleanup(challenge);
    }
  });

  it('a custom prefix is honoured by solver and responder alike, and isolates them from the default', async () => {
    const custom = await startHttp01Responder({
      storage: storages[0]!,
      port: 0,
      host: '127.0.0.1',
      prefix: 'tenant-a/http01',
    });
    try {
      const solver = new StorageHttp01Solver(storages[2]!, { prefix: 'tenant-a/http01/' });
      await solver.present(challenge);
      expect((await httpExchange(custom.port, path)).body).toBe(challenge.keyAuthorization);
      expect((await httpExchange(responders[0]!.port, path)).status).toBe(404);
      await solver.cleanup(challenge);
      expect((await httpExchange(custom.port, path)).status).toBe(404);
    } finally {
      await custom.close();
    }
  });
});

describe('createHttp01Handler inside an existing server', () => {
  const storage = new MemoryStorage();
  const solver = new StorageHttp01Solver(storage);
  const results: Array<boolean | string> = [];
  let withNext: Server;
  let withoutNext: Server;
  const portOf = (s: Server): number => (s.address() as AddressInfo).port;

  beforeAll(async () => {
    const handler = createHttp01Handler({ storage });
    withNext = createServer((req, res) => {
      handler(req, res, () => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`app saw ${req.method} ${req.url}`);
      }).then(
        (r) => results.push(r),
        (e: unknown) => results.push(`rejected: ${String(e)}`),
      );
    });
    withoutNext = createServer(async (req, res) => {
      const answered = await handler(req, res);
      results.push(answered);
      if (!answered) {
        res.writeHead(418);
        res.end('not acme');
      }
    });
    await new Promise<void>((r) => withNext.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => withoutNext.listen(0, '127.0.0.1', r));
    await solver.present(challenge);
  });

  afterAll(async () => {
    withNext.closeAllConnections();
    withoutNext.closeAllConnections();
    await new Promise((r) => withNext.close(r));
    await new Promise((r) => withoutNext.close(r));
  });

  afterEach(() => {
    expect(results.filter((r) => typeof r === 'string')).toEqual([]);
  });

  it('passes other paths to next and answers challenge paths itself', async () => {
    results.length = 0;
    const app = await httpExchange(portOf(withNext), '/api/orders?id=3', 'POST');
    expect(app).toMatchObject({ status: 200, body: 'app saw POST /api/orders?id=3' });
    // a path that only looks similar is the app's
    expect((await httpExchange(portOf(withNext), '/.well-known/acme-challenge')).body).toBe(
      'app saw GET /.well-known/acme-challenge',
    );
    expect((await httpExchange(portOf(withNext), path)).body).toBe(challenge.keyAuthorization);
    expect(results).toEqual([false, false, true]);
  });

  it('without next it answers false and leaves the response to the caller', async () => {
    results.length = 0;
    expect(await httpExchange(portOf(withoutNext), '/health')).toMatchObject({
      status: 418,
      body: 'not acme',
    });
    expect((await httpExchange(portOf(withoutNext), path)).body).toBe(challenge.keyAuthorization);
    expect(results).toEqual([false, true]);
  });

  it('answers 405 to other methods on a challenge path, with Allow', async () => {
    results.length = 0;
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const got = await httpExchange(portOf(withNext), path, method);
      expect(got.status, method).toBe(405);
      expect(got.headers.allow).toBe('GET, HEAD');
    }
    expect(results).toEqual([true, true, true, true]);
  });

  it('odd tokens and path traversal get 404 and never reach other storage keys', async () => {
    results.length = 0;
    await storage.put('acme/accounts/default', new TextEncoder().encode('SECRET-ACCOUNT-KEY'));
    await storage.put('acme/http-01', new TextEncoder().encode('SECRET-FOLDER-VALUE'));
    const odd = [
      '/.well-known/acme-challenge/',
      '/.well-known/acme-challenge/..',
      '/.well-known/acme-challenge/../accounts/default',
      '/.well-known/acme-challenge/..%2Faccounts%2Fdefault',
      '/.well-known/acme-challenge/%2e%2e/accounts/default',
      '/.well-known/acme-challenge/.',
      `/.well-known/acme-challenge/${challenge.token}/`,
      `/.well-known/acme-challenge/${challenge.token}/..`,
      `/.well-known/acme-challenge/${challenge.token}.json`,
      '/.well-known/acme-challenge/a~b',
      '/.well-known/acme-challenge/%00',
      '/.well-known/acme-challenge/caf%C3%A9',
      `/.well-known/acme-challenge/${'A'.repeat(5000)}`,
    ];
    for (const p of odd) {
      const got = await httpExchange(portOf(withNext), p);
      expect(got.status, p).toBe(404);
      expect(got.body).not.toContain('SECRET');
    }
    expect(results.every((r) => r === true)).toBe(true);
  });

  it('absolute-form request targets are understood', async () => {
    results.length = 0;
    const status = await rawStatus(
      portOf(withNext),
      Buffer.from(`GET http://replicas.example.com${path} HTTP/1.1\r\nHost: replicas.example.com\r\n\r\n`),
    );
    expect(status).toBe(200);
  });

  it('answers 503 when the storage fails, without throwing', async () => {
    const broken = new MemoryStorage();
    await broken.close(); // every get now throws ERR_STORAGE_CLOSED
    const handler = createHttp01Handler({ storage: broken });
    const server = createServer((req, res) => {
      handler(req, res).then(
        (r) => results.push(r),
        (e: unknown) => results.push(`rejected: ${String(e)}`),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      results.length = 0;
      expect((await httpExchange(portOf(server), path)).status).toBe(503);
      expect(results).toEqual([true]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('property: any request target under the challenge path is 400/404, never a rejection, never a secret', async () => {
    results.length = 0;
    const port = portOf(withNext);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (tail) => {
        const target = Buffer.from(`/.well-known/acme-challenge/${tail}`, 'utf8');
        const bytes = Buffer.concat([
          Buffer.from('GET '),
          target,
          Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        ]);
        const status = await rawStatus(port, bytes);
        expect([0, 400, 404]).toContain(status);
      }),
      { numRuns: 150 },
    );
    // the server is still healthy
    expect((await httpExchange(port, path)).body).toBe(challenge.keyAuthorization);
  });
});

describe('StorageHttp01Solver input checks', () => {
  const storage = new MemoryStorage();
  const solver = new StorageHttp01Solver(storage);

  it('refuses tokens outside the base64url alphabet with ERR_ACME_BAD_RESPONSE and stores nothing', async () => {
    for (const token of ['', 'a/b', '..', 'a.b', 'ab~', 'é', 'x'.repeat(300)]) {
      const code = await rejectedCode(
        solver.present({ domain: 'x.test', token, keyAuthorization: `${token}.thumb` }),
      );
      expect(code, token).toBe('ERR_ACME_BAD_RESPONSE');
    }
    expect(await storage.list('')).toEqual([]);
  });

  it('refuses a key authorization that does not belong to the token (TypeError)', async () => {
    await expect(
      solver.present({ domain: 'x.test', token: 'abc', keyAuthorization: 'other.thumb' }),
    ).rejects.toThrow(TypeError);
  });

  it('refuses a bad prefix and a non-storage (TypeError)', () => {
    expect(() => new StorageHttp01Solver(storage, { prefix: '../x' })).toThrow(TypeError);
    expect(() => new StorageHttp01Solver(storage, { prefix: '' })).toThrow(TypeError);
    expect(() => new StorageHttp01Solver({} as never)).toThrow(TypeError);
    expect(() => createHttp01Handler({ storage: null as never })).toThrow(TypeError);
  });

  it('a responder on a port already in use fails with ERR_ACME_SOLVER_FAILED (EADDRINUSE)', async () => {
    const first = await startHttp01Responder({ storage, port: 0, host: '127.0.0.1' });
    try {
      let error: unknown;
      try {
        await startHttp01Responder({ storage, port: first.port, host: '127.0.0.1' });
      } catch (e) {
        error = e;
      }
      expect(isCertkitError(error) && error.code).toBe('ERR_ACME_SOLVER_FAILED');
      expect(isCertkitError(error) && error.details.errno).toBe('EADDRINUSE');
    } finally {
      await first.close();
    }
  });
});

/** Whether this machine has an IPv6 loopback (the dual-stack test needs one). */
function hasIpv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((list) =>
    (list ?? []).some((i) => i.family === 'IPv6' && i.address === '::1'),
  );
}

describe('the HTTP-01 responder listens on IPv6 and IPv4 by default', () => {
  it.skipIf(!hasIpv6Loopback())(
    'default host: one dual-stack socket on ::, reported as [::] and 0.0.0.0, answering over both',
    async () => {
      const storage = new MemoryStorage();
      const responder = await startHttp01Responder({ storage, port: 0 });
      try {
        expect(responder.addresses).toEqual([`[::]:${responder.port}`, `0.0.0.0:${responder.port}`]);
        await new StorageHttp01Solver(storage).present(challenge);
        for (const host of ['127.0.0.1', '::1']) {
          const got = await fetch(
            `http://${host.includes(':') ? `[${host}]` : host}:${responder.port}${path}`,
          );
          expect(got.status, host).toBe(200);
          expect(await got.text()).toBe(challenge.keyAuthorization);
        }
      } finally {
        await responder.close();
      }
    },
  );

  it('an explicit host is the only address, and is reported', async () => {
    const responder = await startHttp01Responder({
      storage: new MemoryStorage(),
      port: 0,
      host: '127.0.0.1',
    });
    try {
      expect(responder.addresses).toEqual([`127.0.0.1:${responder.port}`]);
    } finally {
      await responder.close();
    }
  });
});
