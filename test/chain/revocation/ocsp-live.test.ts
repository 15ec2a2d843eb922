import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOcspResponse, createOcspChecker } from '../../../src/chain/revocation/ocsp-checker.js';
import { createHttpOcspTransport, type OcspTransport } from '../../../src/chain/revocation/ocsp-transport.js';
import { buildOcspRequest } from '../../../src/x509/ocsp-request.js';
import { parseOcspResponse } from '../../../src/x509/ocsp-response.js';
import { hasPeerTool, run } from '../../helpers/peer-tools.js';
import { cert, FIXTURES, type LiveResponder, startOpensslResponder } from './fixtures.js';

const ca = cert('ca');
const good = cert('leaf-good');
const revoked = cert('leaf-revoked');
const unlisted = cert('leaf-unlisted');
const now = () => new Date();
const ctx = (at = now()) => ({ at, depth: 0 });

const index = ['-index', 'index.txt', '-CA', 'ca.pem'];
const signer = (name: string) => ['-rsigner', `${name}.pem`, '-rkey', `${name}.key`];

describe.skipIf(!hasPeerTool('openssl', 'openssl'))(
  'OCSP against live openssl responders (real sockets)',
  () => {
    const r: Record<string, LiveResponder> = {};
    beforeAll(async () => {
      const [delegated, noEku, foreign, byCaKeyId, noNext] = await Promise.all([
        startOpensslResponder([...index, ...signer('ocsp-responder'), '-ndays', '1']),
        startOpensslResponder([...index, ...signer('ocsp-responder-noeku'), '-ndays', '1']),
        startOpensslResponder([...index, ...signer('ocsp-responder-other'), '-ndays', '1']),
        startOpensslResponder([...index, ...signer('ca'), '-ndays', '1', '-resp_key_id', '-resp_no_certs']),
        startOpensslResponder([...index, ...signer('ca')]),
      ]);
      Object.assign(r, { delegated, noEku, foreign, byCaKeyId, noNext });
    });
    afterAll(() => {
      for (const x of Object.values(r)) x.stop();
    });
    const checker = (url: string, extra: Parameters<typeof createOcspChecker>[0] = {}) =>
      createOcspChecker({ responderUrl: url, ...extra });

    it('answers good through a delegated responder with the OCSPSigning EKU, nonce echoed', async () => {
      expect(await checker(r.delegated!.url, { nonce: true }).check(good, ca, ctx())).toEqual({
        status: 'good',
        source: 'ocsp',
      });
    });

    it('answers revoked with the reason and date from the index', async () => {
      const s = await checker(r.delegated!.url, { nonce: true }).check(revoked, ca, ctx());
      expect(s).toMatchObject({ status: 'revoked', source: 'ocsp', reason: 'keyCompromise' });
      // index.txt records the revocation time as YYMMDDHHMMSSZ in its third column.
      const line = readFileSync(join(FIXTURES, 'index.txt'), 'utf8')
        .split('\n')
        .find((l) => l.includes('revoked.revocation.test'))!;
      const stamp = line.split('\t')[2]!.split(',')[0]!;
      const expected = Date.UTC(
        2000 + Number(stamp.slice(0, 2)),
        Number(stamp.slice(2, 4)) - 1,
        Number(stamp.slice(4, 6)),
        Number(stamp.slice(6, 8)),
        Number(stamp.slice(8, 10)),
        Number(stamp.slice(10, 12)),
      );
      expect(s.status === 'revoked' && s.revokedAt.getTime()).toBe(expected);
    });

    it('answers unknown (coded) for a certificate the responder does not know', async () => {
      expect(await checker(r.delegated!.url).check(unlisted, ca, ctx())).toMatchObject({
        status: 'unknown',
        code: 'ERR_REVOCATION_OCSP_UNKNOWN_CERT',
      });
    });

    it('refuses a delegated responder without the OCSPSigning EKU', async () => {
      expect(await checker(r.noEku!.url).check(good, ca, ctx())).toMatchObject({
        status: 'unknown',
        code: 'ERR_REVOCATION_OCSP_UNAUTHORISED_RESPONDER',
      });
    });

    it('refuses a responder with the EKU but issued by another CA', async () => {
      const s = await checker(r.foreign!.url).check(revoked, ca, ctx());
      expect(s).toMatchObject({ status: 'unknown', code: 'ERR_REVOCATION_OCSP_UNAUTHORISED_RESPONDER' });
      expect(s.status === 'unknown' && s.reason).toMatch(/not issued by/);
    });

    it('accepts the CA itself as responder, named by key hash, without certificates in the response', async () => {
      expect(await checker(r.byCaKeyId!.url).check(revoked, ca, ctx())).toMatchObject({ status: 'revoked' });
    });

    it('refuses a response whose signature was changed in transit', async () => {
      const http = createHttpOcspTransport();
      const tamper: OcspTransport = {
        async post(url, der) {
          const bytes = await http.post(url, der);
          const copy = Uint8Array.from(bytes);
          copy[copy.length - 1]! ^= 0x01; // the last byte of the signature (no certs follow it)
          return copy;
        },
      };
      expect(await checker(r.byCaKeyId!.url, { transport: tamper }).check(good, ca, ctx())).toMatchObject({
        code: 'ERR_REVOCATION_OCSP_BAD_SIGNATURE',
      });
    });

    it('checks freshness: nextUpdate passed, thisUpdate in the future, max age without nextUpdate', async () => {
      const dayMs = 86_400_000;
      expect(
        await checker(r.delegated!.url).check(good, ca, ctx(new Date(Date.now() + 2 * dayMs))),
      ).toMatchObject({
        code: 'ERR_REVOCATION_OCSP_STALE',
      });
      // A minute before thisUpdate, with no clock skew allowed (the responder certificate is valid then).
      const before = checker(r.delegated!.url, { clockSkewSeconds: 0 });
      const responderFrom = cert('ocsp-responder').notBefore.getTime() + 1000;
      const earlier = new Date(Math.max(Date.now() - 60_000, responderFrom));
      expect(await before.check(good, ca, ctx(earlier))).toMatchObject({
        code: 'ERR_REVOCATION_OCSP_STALE',
      });
      // openssl without -ndays/-nmin omits nextUpdate: maxAgeSeconds decides.
      expect(await checker(r.noNext!.url).check(good, ca, ctx())).toMatchObject({ status: 'good' });
      const later = new Date(Date.now() + 2 * 3600_000);
      expect(await checker(r.noNext!.url, { maxAgeSeconds: 3600 }).check(good, ca, ctx(later))).toMatchObject(
        {
          code: 'ERR_REVOCATION_OCSP_STALE',
        },
      );
    });

    it('detects a response carrying another nonce, or none', async () => {
      const http = createHttpOcspTransport();
      const otherNonce: OcspTransport = {
        post: (url) => http.post(url, buildOcspRequest(good, ca, { nonce: new Uint8Array(16).fill(7) }).der),
      };
      const noNonce: OcspTransport = { post: (url) => http.post(url, buildOcspRequest(good, ca).der) };
      const fixed = () => new Uint8Array(16).fill(9);
      expect(
        await checker(r.delegated!.url, { transport: otherNonce, nonce: fixed }).check(good, ca, ctx()),
      ).toMatchObject({ code: 'ERR_REVOCATION_OCSP_NONCE_MISMATCH' });
      expect(
        await checker(r.delegated!.url, { transport: noNonce, nonce: true }).check(good, ca, ctx()),
      ).toMatchObject({ code: 'ERR_REVOCATION_OCSP_NONCE_MISMATCH' });
      // The same nonce-less response is fine when no nonce is asked for.
      expect(await checker(r.delegated!.url, { transport: noNonce }).check(good, ca, ctx())).toMatchObject({
        status: 'good',
      });
    });

    it('reuses a cached response until it is no longer fresh (counted posts), never with a nonce', async () => {
      const http = createHttpOcspTransport();
      let posts = 0;
      const counting: OcspTransport = {
        post: (url, der) => {
          posts++;
          return http.post(url, der);
        },
      };
      const cache = new Map<string, Uint8Array>();
      const cached = checker(r.delegated!.url, { transport: counting, cache });
      expect(await cached.check(revoked, ca, ctx())).toMatchObject({ status: 'revoked' });
      expect(await cached.check(revoked, ca, ctx())).toMatchObject({ status: 'revoked' });
      expect(posts).toBe(1);
      expect(await cached.check(good, ca, ctx())).toMatchObject({ status: 'good' });
      expect(posts).toBe(2);
      // Two days later the cached answer (nextUpdate = 1 day) is stale, so the responder is asked again
      // (its new answer, also valid for one day from now, is just as stale at that time).
      const later = new Date(Date.now() + 2 * 86_400_000);
      expect(await cached.check(revoked, ca, ctx(later))).toMatchObject({
        code: 'ERR_REVOCATION_OCSP_STALE',
      });
      expect(posts).toBe(3);
      const withNonce = checker(r.delegated!.url, { transport: counting, cache, nonce: true });
      await withNonce.check(revoked, ca, ctx());
      expect(posts).toBe(4);
    });

    it('detects an answer about another certificate (CertID mismatch)', async () => {
      const http = createHttpOcspTransport();
      const swap: OcspTransport = { post: (url) => http.post(url, buildOcspRequest(revoked, ca).der) };
      expect(await checker(r.delegated!.url, { transport: swap }).check(good, ca, ctx())).toMatchObject({
        code: 'ERR_REVOCATION_OCSP_CERT_ID_MISMATCH',
      });
    });

    it('asks the AIA OCSP URL of the certificate when no responderUrl is given', async () => {
      const asked: string[] = [];
      const http = createHttpOcspTransport();
      // The fixture names http://ocsp.test/; this transport records that and forwards to the live responder.
      const recording: OcspTransport = {
        post: (url, der) => {
          asked.push(url);
          return http.post(r.delegated!.url, der);
        },
      };
      expect(await createOcspChecker({ transport: recording }).check(good, ca, ctx())).toMatchObject({
        status: 'good',
      });
      expect(asked).toEqual(['http://ocsp.test/']);
      // A failing transport is a coded unknown, and a certificate without an OCSP URL has no source.
      const failing: OcspTransport = {
        post: () => http.post('http://127.0.0.1:1/', new Uint8Array(1)),
      };
      const s = await createOcspChecker({ transport: failing }).check(good, ca, ctx());
      expect(s).toMatchObject({ status: 'unknown', code: 'ERR_REVOCATION_FETCH_FAILED' });
      expect(await createOcspChecker({ transport: failing }).check(ca, ca, ctx())).toMatchObject({
        code: 'ERR_REVOCATION_NO_SOURCE',
      });
    });
  },
);

describe.skipIf(!hasPeerTool('openssl', 'openssl'))('our OCSP requests read by openssl ocsp -reqin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certkit-ocsp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses our request with a nonce and prints the CertID and nonce', () => {
    const nonce = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const req = buildOcspRequest(revoked, ca, { nonce });
    const file = join(dir, 'req.der');
    writeFileSync(file, req.der);
    const text = run('openssl', ['ocsp', '-reqin', file, '-req_text', '-noverify']);
    expect(text).toMatch(/Hash Algorithm: sha1/);
    expect(text).toContain(`Serial Number: ${revoked.serialNumber}`);
    expect(text).toMatch(/OCSP Nonce:\s*\n\s*0410?0102030405060708090A0B0C0D0E0F10/i);
    expect(text.replace(/\s/g, '').toUpperCase()).toContain(req.certId.issuerKeyHash.toUpperCase());
  });

  it('gets a real answer to a SHA-256 CertID request from openssl acting on the request file', () => {
    const req = buildOcspRequest(revoked, ca, { hashAlgorithm: 'sha256', nonce: new Uint8Array(8).fill(5) });
    const reqFile = join(dir, 'req256.der');
    const respFile = join(dir, 'resp256.der');
    writeFileSync(reqFile, req.der);
    run('openssl', [
      'ocsp',
      '-index',
      join(FIXTURES, 'index.txt'),
      '-CA',
      join(FIXTURES, 'ca.pem'),
      '-rsigner',
      join(FIXTURES, 'ocsp-responder.pem'),
      '-rkey',
      join(FIXTURES, 'ocsp-responder.key'),
      '-reqin',
      reqFile,
      '-respout',
      respFile,
      '-ndays',
      '1',
    ]);
    const der = new Uint8Array(readFileSync(respFile));
    const parsed = parseOcspResponse(der);
    expect(parsed.basic?.responses[0]?.certId.hashAlgorithm).toBe('2.16.840.1.101.3.4.2.1');
    const status = checkOcspResponse(der, revoked, ca, { nonce: new Uint8Array(8).fill(5) });
    expect(status).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    expect(checkOcspResponse(der, revoked, ca, { nonce: new Uint8Array(8).fill(6) })).toMatchObject({
      code: 'ERR_REVOCATION_OCSP_NONCE_MISMATCH',
    });
    expect(checkOcspResponse(der.subarray(0, 40), revoked, ca)).toMatchObject({
      code: 'ERR_REVOCATION_OCSP_MALFORMED',
    });
  });

  it('reads the non-successful statuses the way openssl does', async () => {
    const names = {
      1: 'malformedrequest',
      2: 'internalerror',
      3: 'trylater',
      5: 'sigrequired',
      6: 'unauthorized',
    };
    for (const [code, name] of Object.entries(names)) {
      const der = Uint8Array.of(0x30, 0x03, 0x0a, 0x01, Number(code));
      const file = join(dir, `status-${code}.der`);
      writeFileSync(file, der);
      // openssl prints "Responder Error: trylater (3)" and exits 1 for a non-successful status.
      const p = spawnSync('openssl', ['ocsp', '-respin', file, '-resp_text', '-noverify'], {
        encoding: 'utf8',
      });
      expect(`${p.stdout}${p.stderr}`.toLowerCase()).toContain(`responder error: ${name} (${code})`);
      const transport: OcspTransport = { post: async () => der };
      const s = await createOcspChecker({ transport, responderUrl: 'http://ocsp.test/' }).check(
        good,
        ca,
        ctx(),
      );
      expect(s).toMatchObject({ status: 'unknown', code: 'ERR_REVOCATION_OCSP_STATUS' });
      expect(s.status === 'unknown' && s.reason.toLowerCase()).toContain(name);
    }
  });
});
