import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpFetchFailure, httpFetch } from '../../src/internal/http-fetch.js';
import { createInFlight } from '../../src/internal/in-flight.js';
import { closeServer, listenLocal } from '../helpers/local-http.js';

let server: Server;
let base: string;
const seen: { url: string; method: string; host: string }[] = [];

beforeAll(async () => {
  server = await listenLocal((req, res) => {
    seen.push({ url: req.url ?? '', method: req.method ?? '', host: req.headers.host ?? '' });
    const hop = /^\/hop\/(\d+)$/.exec(req.url ?? '');
    if (req.url === '/ok') {
      res.writeHead(200);
      res.end('hello');
    } else if (hop !== null) {
      const n = Number(hop[1]);
      res.writeHead(302, { location: n === 0 ? '/ok' : `/hop/${n - 1}` });
      res.end();
    } else if (req.url === '/see-other') {
      res.writeHead(303, { location: '/ok' });
      res.end();
    } else if (req.url === '/to-ldap') {
      res.writeHead(301, { location: 'ldap://ldap.example/cn=CA' });
      res.end();
    } else if (req.url === '/big') {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 8; i++) res.write(Buffer.alloc(1024, 0x41));
      res.end();
    } else if (req.url === '/hang') {
      // never answers
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeServer(server);
});

const limits = { timeoutMs: 5_000, maxBytes: 4096 };

async function failure(p: Promise<unknown>): Promise<HttpFetchFailure> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpFetchFailure) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('httpFetch: deadline, size cap, redirect policy', () => {
  it('follows a few redirects, and refuses more than the limit', async () => {
    const r = await httpFetch(`${base}/hop/2`, limits);
    expect([r.status, Buffer.from(r.body).toString(), r.redirects]).toEqual([200, 'hello', 3]);
    expect((await failure(httpFetch(`${base}/hop/3`, limits))).kind).toBe('redirects');
    expect((await httpFetch(`${base}/hop/3`, { ...limits, maxRedirects: 5 })).status).toBe(200);
  });

  it('turns a POST into a GET after 303', async () => {
    seen.length = 0;
    const r = await httpFetch(`${base}/see-other`, {
      ...limits,
      method: 'POST',
      body: new Uint8Array([1, 2]),
    });
    expect(r.status).toBe(200);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /see-other', 'GET /ok']);
  });

  it('refuses a redirect to a scheme other than http(s), and such URLs outright', async () => {
    expect((await failure(httpFetch(`${base}/to-ldap`, limits))).kind).toBe('scheme');
    expect((await failure(httpFetch('ldap://ldap.example/cn=CA', limits))).kind).toBe('scheme');
    expect((await failure(httpFetch('not a url', limits))).kind).toBe('bad-url');
  });

  it('caps the body and keeps the deadline', async () => {
    expect((await failure(httpFetch(`${base}/big`, limits))).kind).toBe('too-large');
    expect((await failure(httpFetch(`${base}/hang`, { ...limits, timeoutMs: 200 }))).kind).toBe('timeout');
  });

  it('connects to another address while sending the URL host', async () => {
    seen.length = 0;
    const port = (server.address() as AddressInfo).port;
    const r = await httpFetch(`http://crl.test:${port}/ok`, { ...limits, connectTo: '127.0.0.1' });
    expect(r.status).toBe(200);
    expect(seen[0]!.host).toBe(`crl.test:${port}`);
  });
});

describe('createInFlight', () => {
  it('shares one pending promise per key and forgets it once settled', async () => {
    const inFlight = createInFlight<number>();
    let starts = 0;
    let release!: (n: number) => void;
    const start = () => {
      starts++;
      return new Promise<number>((r) => {
        release = r;
      });
    };
    const a = inFlight.run('k', start);
    const b = inFlight.run('k', start);
    release(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(starts).toBe(1);
    await inFlight.run('k', async () => {
      starts++;
      return 8;
    });
    expect(starts).toBe(2);
  });
});
