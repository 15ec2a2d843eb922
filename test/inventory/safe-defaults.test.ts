import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectedCode } from '../helpers/coded-error.js';
import { closeServer, listenLocal } from '../helpers/local-http.js';
import { mint } from '../helpers/make-certs.js';
import { crlRevoking, DAY, keyPem, newInventory, T0, testPki } from './helpers/fixtures.js';

/**
 * The seed scenarios of the safe defaults, as a user of a certificate manager would meet them: no
 * option is passed but the ones a private PKI must name.
 */

let server: Server;
let base: string;
let crlDer: Uint8Array;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = await listenLocal((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    if (req.url === '/inter.crl') {
      res.writeHead(200, { 'content-type': 'application/pkix-crl' });
      res.end(crlDer);
    } else {
      res.writeHead(503);
      res.end('unavailable');
    }
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeServer(server);
});

/** A leaf of the test intermediate naming `path` on the local server as its CRL distribution point. */
async function leafWithCdp(host: string, path: string) {
  const { inter } = await testPki();
  const l = await mint({
    subject: `CN=${host}`,
    issuer: inter,
    san: [{ dns: host }],
    notBefore: new Date(T0 - DAY),
    notAfter: new Date(T0 + 60 * DAY),
    extra: [new x509.CRLDistributionPointsExtension([`${base}${path}`])],
  });
  return { leaf: l, chain: `${l.pem}\n${inter.pem}\n` };
}

describe('import: only configured anchors are trusted', () => {
  it('refuses leaf + its own private root when trust names another root (ERR_KEYSTORE_PRIVATE_CA)', async () => {
    const { inventory } = await newInventory({ revocation: 'off' });
    const privateRoot = await mint({ subject: 'CN=Private Root', ca: true });
    const l = await mint({
      subject: 'CN=private.example.com',
      issuer: privateRoot,
      san: [{ dns: 'private.example.com' }],
    });
    const input = { chain: `${l.pem}\n${privateRoot.pem}`, privateKey: await keyPem(l) };
    const { inventory: keyed } = await newInventory({ revocation: 'off', allowPlaintextKeys: true });
    expect(await rejectedCode(keyed.import('p', input))).toBe('ERR_KEYSTORE_PRIVATE_CA');
    expect((await keyed.get('p')).failure?.code).toBe('ERR_KEYSTORE_PRIVATE_CA');
    // Without a key too (no throw-away key involved), and the opt-in accepts it.
    expect(await rejectedCode(inventory.import('q', { chain: input.chain }))).toBe('ERR_KEYSTORE_PRIVATE_CA');
    const ok = await inventory.import('q', { chain: input.chain }, { allowPrivateCa: true });
    expect(ok.status).toBe('valid');
  });

  it('refuses a self-signed certificate by default (ERR_KEYSTORE_SELF_SIGNED); allowPrivateCa accepts it', async () => {
    const { inventory } = await newInventory({ revocation: 'off' });
    const self = await mint({ subject: 'CN=self.example.com', san: [{ dns: 'self.example.com' }] });
    expect(await rejectedCode(inventory.import('s', { certificate: self.pem }))).toBe(
      'ERR_KEYSTORE_SELF_SIGNED',
    );
    const { inventory: lenient } = await newInventory({ revocation: 'off', allowPrivateCa: true });
    expect((await lenient.import('s', { certificate: self.pem })).status).toBe('valid');
  });
});

describe('import: revocation is checked by default from the distribution point (local HTTP)', () => {
  it('refuses a certificate its CRL lists, with no checker configured (ERR_KEYSTORE_CERT_REVOKED)', async () => {
    const revoked = await leafWithCdp('revoked.example.com', '/inter.crl');
    crlDer = (await crlRevoking([revoked.leaf.cert.serialNumber])).der;
    const { inventory } = await newInventory();
    hits.clear();
    expect(await rejectedCode(inventory.import('r', { chain: revoked.chain }))).toBe(
      'ERR_KEYSTORE_CERT_REVOKED',
    );
    expect(hits.get('/inter.crl')).toBe(1);
    // Explicitly off: it imports (the test is about the default, not about revocation being right).
    expect((await inventory.import('r', { chain: revoked.chain }, { revocation: 'off' })).status).toBe(
      'valid',
    );
  });

  it('a good certificate imports with revocation good', async () => {
    const good = await leafWithCdp('good.example.com', '/inter.crl');
    crlDer = (await crlRevoking(['01'])).der;
    const { inventory } = await newInventory();
    const r = await inventory.import('g', { chain: good.chain });
    expect(r.status).toBe('valid');
    expect(r.current?.revocation?.status).toBe('good');
  });

  it('soft-fails with the reason when the CRL cannot be had; hard-fail refuses', async () => {
    const down = await leafWithCdp('down.example.com', '/down.crl');
    const { inventory } = await newInventory();
    const r = await inventory.import('d', { chain: down.chain });
    expect(r.status).toBe('unknown');
    expect(r.current?.revocation?.status).toBe('unknown');
    expect(r.current?.revocation?.reason).toMatch(/503/);
    const { inventory: strict } = await newInventory({ revocation: 'hard-fail' });
    expect(await rejectedCode(strict.import('d', { chain: down.chain }))).toBe(
      'ERR_KEYSTORE_REVOCATION_UNKNOWN',
    );
  });
});
