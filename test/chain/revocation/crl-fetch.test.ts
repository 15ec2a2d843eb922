import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher, type Fetcher } from '../../../src/chain/fetch/fetcher.js';
import { createCrlCache } from '../../../src/chain/revocation/crl-cache.js';
import { createCrlChecker } from '../../../src/chain/revocation/crl-checker.js';
import { isCertkitError } from '../../../src/errors/index.js';
import { cert, crl, during, fixtureBytes } from './fixtures.js';

/** A real HTTP server on 127.0.0.1 that serves the openssl-made CRL and counts requests per path. */
let server: Server;
let base: string;
const hits = new Map<string, number>();
const handlers: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/ca.crl': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pkix-crl' });
    res.end(fixtureBytes('crl.der'));
  },
  '/ca-pem.crl': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-pem-file' });
    res.end(fixtureBytes('crl.pem'));
  },
  '/big.crl': (_req, res) => {
    res.writeHead(200);
    res.end(Buffer.alloc(64 * 1024, 0x30));
  },
  '/chunked-big.crl': (_req, res) => {
    res.writeHead(200, { 'transfer-encoding': 'chunked' });
    for (let i = 0; i < 64; i++) res.write(Buffer.alloc(1024, 0x30));
    res.end();
  },
  '/hang.crl': () => {
    // never answers
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const h = handlers[path];
    if (h) h(req, res);
    else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The real HTTP fetcher, with the fixtures' `http://crl.test/` host pointed at the local server. */
function localFetcher(rewrite: (path: string) => string = (p) => p): Fetcher {
  const http = createHttpFetcher();
  return {
    fetch: (url, options) =>
      http.fetch(
        url.replace(/^http:\/\/crl\.test(\/[^?#]*)/, (_m, p) => `${base}${rewrite(p)}`),
        options,
      ),
  };
}

const ca = cert('ca');
const good = cert('leaf-good');
const revoked = cert('leaf-revoked');
const main = crl('crl');

describe('CRL fetching from the distribution point over real HTTP', () => {
  it('fetches the CRL once and serves it from the cache until nextUpdate (counted server hits)', async () => {
    hits.clear();
    const cache = createCrlCache();
    const checker = createCrlChecker({ fetcher: localFetcher(), cache });
    const at = during(main);
    expect(await checker.check(good, ca, { at, depth: 0 })).toEqual({ status: 'good', source: 'crl' });
    expect(await checker.check(revoked, ca, { at, depth: 0 })).toMatchObject({
      status: 'revoked',
      reason: 'keyCompromise',
    });
    expect(hits.get('/ca.crl')).toBe(1);
    // Another checker sharing the cache does not fetch either.
    const second = createCrlChecker({ fetcher: localFetcher(), cache });
    expect(await second.check(good, ca, { at, depth: 0 })).toMatchObject({ status: 'good' });
    expect(hits.get('/ca.crl')).toBe(1);
    // At nextUpdate the cached CRL is no longer current: it is fetched again, and (the same file) is stale.
    const late = main.nextUpdate!;
    const s = await checker.check(good, ca, { at: late, depth: 0 });
    expect(hits.get('/ca.crl')).toBe(2);
    expect(s).toMatchObject({ status: 'unknown', code: 'ERR_REVOCATION_CRL_STALE' });
  });

  it('reads PEM CRLs too', async () => {
    hits.clear();
    const checker = createCrlChecker({ fetcher: localFetcher(() => '/ca-pem.crl') });
    expect(await checker.check(revoked, ca, { at: during(main), depth: 0 })).toMatchObject({
      status: 'revoked',
    });
    expect(hits.get('/ca-pem.crl')).toBe(1);
  });

  it('turns HTTP errors, oversize and timeouts into coded unknowns', async () => {
    const at = during(main);
    const notFound = createCrlChecker({ fetcher: localFetcher(() => '/missing.crl') });
    const s1 = await notFound.check(good, ca, { at, depth: 0 });
    expect(s1).toMatchObject({ status: 'unknown', code: 'ERR_REVOCATION_FETCH_FAILED' });
    expect(s1.status === 'unknown' && s1.reason).toMatch(/404/);
    const big = createCrlChecker({ fetcher: localFetcher(() => '/big.crl'), maxBytes: 4096 });
    expect(await big.check(good, ca, { at, depth: 0 })).toMatchObject({
      code: 'ERR_REVOCATION_FETCH_TOO_LARGE',
    });
    const chunked = createCrlChecker({ fetcher: localFetcher(() => '/chunked-big.crl'), maxBytes: 4096 });
    expect(await chunked.check(good, ca, { at, depth: 0 })).toMatchObject({
      code: 'ERR_REVOCATION_FETCH_TOO_LARGE',
    });
    const hang = createCrlChecker({ fetcher: localFetcher(() => '/hang.crl'), timeoutMs: 200 });
    expect(await hang.check(good, ca, { at, depth: 0 })).toMatchObject({
      code: 'ERR_REVOCATION_FETCH_TIMEOUT',
    });
  });

  it('the HTTP fetcher refuses non-HTTP URLs and reports a refused connection', async () => {
    const http = createHttpFetcher();
    const opts = { accept: 'application/pkix-crl', timeoutMs: 2000, maxBytes: 1024 };
    const err1 = await http
      .fetch('ldap://ldap.example/cn=CA?certificateRevocationList', opts)
      .catch((e) => e);
    expect(isCertkitError(err1) && err1.code).toBe('ERR_REVOCATION_FETCH_FAILED');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err2 = await http.fetch(`http://127.0.0.1:${port}/x.crl`, opts).catch((e) => e);
    expect(isCertkitError(err2) && err2.code).toBe('ERR_REVOCATION_FETCH_FAILED');
  });
});
