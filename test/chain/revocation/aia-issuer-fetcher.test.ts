import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/chain/build-chain.js';
import { createAiaIssuerFetcher } from '../../../src/chain/fetch/aia-issuer-fetcher.js';
import { createHttpFetcher, type Fetcher } from '../../../src/chain/fetch/fetcher.js';
import { readIssuerFile } from '../../../src/chain/fetch/issuer-file.js';
import { isCertkitError } from '../../../src/errors/index.js';
import { parsePkcs7Certificates } from '../../../src/x509/pkcs7-certificates.js';
import { hasPeerTool, run } from '../../helpers/peer-tools.js';
import { cert, FIXTURES, fixtureBytes } from './fixtures.js';

const root = cert('chain-root');
const int1 = cert('chain-int1');
const int2 = cert('chain-int2');
const leaf = cert('chain-leaf');
const at = new Date(leaf.notBefore.getTime() + 3600_000);

/** What the fixtures' AIA URLs serve: int2 as DER, int1 as a PKCS#7 certs-only bundle, the root as DER. */
const served: Record<string, string> = {
  '/int2.der': 'chain-int2.der',
  '/int1.p7c': 'chain-int1.p7c',
  '/root.der': 'chain-root.der',
};

/** An in-memory fetcher that counts what it is asked. */
function memoryFetcher(): Fetcher & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async fetch(url) {
      asked.push(url);
      const file = served[new URL(url).pathname];
      if (file === undefined) throw new Error(`unexpected URL ${url}`);
      return fixtureBytes(file);
    },
  };
}

describe('readIssuerFile / parsePkcs7Certificates', () => {
  it('reads a DER certificate, an openssl crl2pkcs7 bundle, and PEM', () => {
    expect(readIssuerFile(fixtureBytes('chain-int2.der')).map((c) => c.sha256Fingerprint)).toEqual([
      int2.sha256Fingerprint,
    ]);
    expect(readIssuerFile(fixtureBytes('chain-int1.p7c')).map((c) => c.sha256Fingerprint)).toEqual([
      int1.sha256Fingerprint,
    ]);
    expect(parsePkcs7Certificates(fixtureBytes('chain-int1-root.p7c'))).toHaveLength(2);
    expect(readIssuerFile(fixtureBytes('chain-int1.pem'))[0]?.sha256Fingerprint).toBe(int1.sha256Fingerprint);
  });

  it.skipIf(!hasPeerTool('openssl', 'openssl'))('reads a PEM PKCS7 block as openssl writes it', () => {
    const pem = run('openssl', [
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      `${FIXTURES}/chain-int1.pem`,
      '-certfile',
      `${FIXTURES}/chain-root.pem`,
    ]);
    expect(readIssuerFile(new TextEncoder().encode(pem)).map((c) => c.subject.commonName)).toEqual([
      'Chain Test Intermediate 1',
      'Chain Test Root',
    ]);
  });

  it('refuses other bytes with ERR_REVOCATION_PKCS7_MALFORMED', () => {
    for (const bad of [
      new Uint8Array(0),
      new TextEncoder().encode('<html>404</html>'),
      fixtureBytes('crl.der'),
    ]) {
      let error: unknown;
      try {
        readIssuerFile(bad);
      } catch (e) {
        error = e;
      }
      expect(isCertkitError(error) && error.code).toBe('ERR_REVOCATION_PKCS7_MALFORMED');
    }
  });
});

describe('createAiaIssuerFetcher', () => {
  it('fetches a certificate’s caIssuers through the fetcher and caches per URL', async () => {
    const fetcher = memoryFetcher();
    const aia = createAiaIssuerFetcher({ fetcher });
    expect((await aia(leaf)).map((c) => c.sha256Fingerprint)).toEqual([int2.sha256Fingerprint]);
    expect((await aia('http://aia.test/int1.p7c', int2)).map((c) => c.sha256Fingerprint)).toEqual([
      int1.sha256Fingerprint,
    ]);
    await aia(leaf);
    expect(fetcher.asked).toEqual(['http://aia.test/int2.der', 'http://aia.test/int1.p7c']);
  });

  it('stops after maxFetches network fetches with ERR_REVOCATION_AIA_LIMIT', async () => {
    const aia = createAiaIssuerFetcher({ fetcher: memoryFetcher(), maxFetches: 1 });
    await aia(leaf);
    const error = await aia(int2).catch((e) => e);
    expect(isCertkitError(error) && error.code).toBe('ERR_REVOCATION_AIA_LIMIT');
    // A shared cache lets a new instance answer without fetching.
    const cache = new Map();
    await createAiaIssuerFetcher({ fetcher: memoryFetcher(), cache })(leaf);
    const cachedOnly = createAiaIssuerFetcher({ fetcher: memoryFetcher(), cache, maxFetches: 0 });
    expect(await cachedOnly(leaf)).toHaveLength(1);
  });

  it('lets verifyChain complete a chain whose intermediates are missing (off by default)', async () => {
    const options = { trust: [root], at, hostname: 'leaf.chain.test' } as const;
    expect((await verifyChain(leaf, options)).ok).toBe(false);
    const fetcher = memoryFetcher();
    const result = await verifyChain(leaf, { ...options, fetchIssuer: createAiaIssuerFetcher({ fetcher }) });
    expect(result.problems).toEqual([]);
    expect(result.chain.map((c) => c.subject.commonName)).toEqual([
      'leaf.chain.test',
      'Chain Test Intermediate 2',
      'Chain Test Intermediate 1',
      'Chain Test Root',
    ]);
    expect(fetcher.asked).toEqual(['http://aia.test/int2.der', 'http://aia.test/int1.p7c']);
  });
});

describe('createAiaIssuerFetcher over real HTTP (default fetcher)', () => {
  let server: Server;
  let base = '';
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const file = served[req.url ?? ''];
      if (file === undefined) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': file.endsWith('.p7c') ? 'application/pkcs7-mime' : 'application/pkix-cert',
      });
      res.end(fixtureBytes(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('fetches DER and PKCS#7 from a local server and reports a 404 with a code', async () => {
    const aia = createAiaIssuerFetcher({ fetcher: createHttpFetcher() });
    expect((await aia(`${base}/int1.p7c`, int2))[0]?.sha256Fingerprint).toBe(int1.sha256Fingerprint);
    expect((await aia(`${base}/int2.der`, leaf))[0]?.sha256Fingerprint).toBe(int2.sha256Fingerprint);
    const error = await aia(`${base}/nothing.der`, leaf).catch((e) => e);
    expect(isCertkitError(error) && error.code).toBe('ERR_REVOCATION_FETCH_FAILED');
    expect(hits).toEqual(['/int1.p7c', '/int2.der', '/nothing.der']);
  });
});
