import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type Http01Challenge,
  type Http01Responder,
  StorageHttp01Solver,
  startHttp01Responder,
  waitForHttp01Token,
} from '../../../../src/acme/index.js';
import { MemoryStorage } from '../../../../src/inventory/index.js';
import { rejectedError as failure } from '../../../helpers/coded-error.js';
import { freePort } from '../../../helpers/free-port.js';
import { closeServer as close, listenLocal as listen } from '../../../helpers/local-http.js';
import { run } from '../../../helpers/peer-tools.js';

const challenge: Http01Challenge = {
  domain: 'selfcheck.example.com',
  token: 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA',
  keyAuthorization: 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI',
};

const portOf = (s: Server): number => (s.address() as AddressInfo).port;

describe('waitForHttp01Token against a real responder', () => {
  const storage = new MemoryStorage();
  const solver = new StorageHttp01Solver(storage);
  let responder: Http01Responder;

  beforeAll(async () => {
    responder = await startHttp01Responder({ storage, port: 0, host: '127.0.0.1' });
  });
  afterAll(() => responder.close());

  it('keeps polling until the token is presented, then resolves', async () => {
    let presented = false;
    const presenter = new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        solver.present(challenge).then(() => {
          presented = true;
          resolve();
        }, reject);
      }, 300);
    });
    await waitForHttp01Token(challenge, {
      host: '127.0.0.1',
      port: responder.port,
      intervalMs: 50,
      timeoutMs: 30_000,
    });
    expect(presented).toBe(true);
    await presenter;
    await solver.cleanup(challenge);
  });

  it('resolves the domain itself when no host is given (localhost)', async () => {
    await solver.present({ ...challenge, domain: 'localhost' });
    try {
      await waitForHttp01Token(
        { ...challenge, domain: 'localhost' },
        { port: responder.port, intervalMs: 50, timeoutMs: 10_000 },
      );
    } finally {
      await solver.cleanup(challenge);
    }
  });

  it('fails with ERR_ACME_SELF_CHECK_FAILED when the token stays unknown (last seen: HTTP 404)', async () => {
    const { code, details } = await failure(
      waitForHttp01Token(challenge, {
        host: '127.0.0.1',
        port: responder.port,
        intervalMs: 50,
        timeoutMs: 400,
      }),
    );
    expect(code).toBe('ERR_ACME_SELF_CHECK_FAILED');
    expect(details).toMatchObject({
      lastSeen: 'HTTP 404',
      timeout: 400,
      domain: challenge.domain,
      url: `http://${challenge.domain}:${responder.port}/.well-known/acme-challenge/${challenge.token}`,
      connectedTo: `127.0.0.1:${responder.port}`,
    });
    expect(details.attempts).toBeGreaterThanOrEqual(1);
  });
});

describe('waitForHttp01Token against odd servers', () => {
  it('sends Host: <domain> and accepts a body with trailing whitespace', async () => {
    const hosts: string[] = [];
    const server = await listen((req, res) => {
      hosts.push(req.headers.host ?? '');
      if (
        req.headers.host === challenge.domain &&
        req.url === `/.well-known/acme-challenge/${challenge.token}`
      ) {
        res.end(`${challenge.keyAuthorization}\r\n`);
      } else {
        res.writeHead(404).end();
      }
    });
    try {
      await waitForHttp01Token(challenge, { host: '127.0.0.1', port: portOf(server), timeoutMs: 5_000 });
      expect(hosts).toEqual([challenge.domain]);
    } finally {
      await close(server);
    }
  });

  it('a different body, a redirect away from http(s) or a huge body is not the answer', async () => {
    for (const [label, handler, seen] of [
      [
        'other body',
        (_q: IncomingMessage, s: ServerResponse) => s.end('something.else'),
        'HTTP 200 with another body',
      ],
      [
        'redirect',
        (_q: IncomingMessage, s: ServerResponse) => s.writeHead(302, { Location: 'ftp://elsewhere/' }).end(),
        'HTTP 302 to a ftp: URL',
      ],
      [
        'huge body',
        (_q: IncomingMessage, s: ServerResponse) =>
          s.end(`${challenge.keyAuthorization}${' x'.repeat(100_000)}`),
        'HTTP 200 with a body over 8192 bytes',
      ],
    ] as const) {
      const server = await listen(handler);
      try {
        const { code, details } = await failure(
          waitForHttp01Token(challenge, {
            host: '127.0.0.1',
            port: portOf(server),
            intervalMs: 50,
            timeoutMs: 200,
          }),
        );
        expect(code, label).toBe('ERR_ACME_SELF_CHECK_FAILED');
        expect(details.lastSeen, label).toBe(seen);
      } finally {
        await close(server);
      }
    }
  });

  it('a closed port is reported as ECONNREFUSED', async () => {
    const port = await freePort();
    const { code, details } = await failure(
      waitForHttp01Token(challenge, { host: '127.0.0.1', port, intervalMs: 50, timeoutMs: 200 }),
    );
    expect(code).toBe('ERR_ACME_SELF_CHECK_FAILED');
    expect(details.lastSeen).toBe('ECONNREFUSED');
  });

  it('a server that accepts and never answers does not hang the check', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const { code, details } = await failure(
        waitForHttp01Token(challenge, {
          host: '127.0.0.1',
          port: (silent.address() as AddressInfo).port,
          intervalMs: 50,
          timeoutMs: 300,
        }),
      );
      expect(code).toBe('ERR_ACME_SELF_CHECK_FAILED');
      expect(String(details.lastSeen)).toMatch(/^no answer within \d+ ms$/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('an abort stops the wait with the signal reason, not a self-check failure', async () => {
    const server = await listen((_q, s) => s.writeHead(404).end());
    try {
      const controller = new AbortController();
      const reason = new Error('operator gave up');
      setTimeout(() => controller.abort(reason), 150);
      await expect(
        waitForHttp01Token(challenge, {
          host: '127.0.0.1',
          port: portOf(server),
          intervalMs: 40,
          timeoutMs: 60_000,
          signal: controller.signal,
        }),
      ).rejects.toBe(reason);
      // already aborted: rejects before any request
      await expect(
        waitForHttp01Token(challenge, { host: '127.0.0.1', port: portOf(server), signal: controller.signal }),
      ).rejects.toBe(reason);
    } finally {
      await close(server);
    }
  });

  it('refuses a token outside base64url and bad options', async () => {
    const { code } = await failure(
      waitForHttp01Token({ ...challenge, token: '../x' }, { host: '127.0.0.1' }),
    );
    expect(code).toBe('ERR_ACME_BAD_RESPONSE');
    await expect(waitForHttp01Token(challenge, { port: 0 })).rejects.toThrow(TypeError);
    await expect(waitForHttp01Token(challenge, { timeoutMs: -1 })).rejects.toThrow(TypeError);
    await expect(waitForHttp01Token(challenge, { intervalMs: 0 })).rejects.toThrow(TypeError);
  });
});

describe('waitForHttp01Token follows redirects as a CA does (RFC 8555 section 8.3)', () => {
  const challenge = {
    domain: 'redirect.example.com',
    token: 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA',
    keyAuthorization: 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.thumbprint',
  };

  it('to another server and path over http, and over https with a certificate nobody checks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certkit-selfcheck-'));
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=self-signed',
    ]);
    const tls = createHttpsServer(
      { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) },
      (q, s) => (q.url === '/tls-answer' ? s.end(challenge.keyAuthorization) : s.writeHead(404).end()),
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const tlsPort = (tls.address() as AddressInfo).port;
    const answer = await listen((q, s) =>
      q.url === '/answer' ? s.end(challenge.keyAuthorization) : s.writeHead(404).end(),
    );
    const hops: string[] = [];
    const front = await listen((q, s) => {
      hops.push(`${q.headers.host} ${q.url}`);
      const to = q.url?.endsWith('/tls')
        ? `https://127.0.0.1:${tlsPort}/tls-answer`
        : `http://127.0.0.1:${portOf(answer)}/answer`;
      s.writeHead(301, { Location: to }).end();
    });
    try {
      await waitForHttp01Token(challenge, {
        host: '127.0.0.1',
        port: portOf(front),
        timeoutMs: 5_000,
        intervalMs: 50,
      });
      expect(hops[0]).toBe(`redirect.example.com /.well-known/acme-challenge/${challenge.token}`);
      // the token 'tls' makes the front server send the check on to the https answer
      await waitForHttp01Token(
        { ...challenge, token: 'tls' },
        { host: '127.0.0.1', port: portOf(front), timeoutMs: 5_000, intervalMs: 50 },
      );
    } finally {
      await close(front);
      await close(answer);
      await new Promise((r) => tls.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a redirect loop', async () => {
    const loop = await listen((q, s) => s.writeHead(302, { Location: q.url ?? '/' }).end());
    try {
      const { code, details } = await failure(
        waitForHttp01Token(challenge, {
          host: '127.0.0.1',
          port: portOf(loop),
          timeoutMs: 300,
          intervalMs: 50,
        }),
      );
      expect(code).toBe('ERR_ACME_SELF_CHECK_FAILED');
      expect(details.lastSeen).toBe('more than 10 redirects');
    } finally {
      await close(loop);
    }
  });
});
