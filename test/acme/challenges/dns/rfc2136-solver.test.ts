import { randomInt } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPCODE, RR_CLASS, RR_TYPE } from '../../../../src/acme/challenges/dns/dns-constants.js';
import { encodeMessage } from '../../../../src/acme/challenges/dns/dns-encode.js';
import { exchange } from '../../../../src/acme/challenges/dns/dns-transport.js';
import { Rfc2136Solver } from '../../../../src/acme/challenges/dns/rfc2136-solver.js';
import { isCertkitError } from '../../../../src/errors/index.js';
import { type BindServer, hasBind, startBindServer } from '../../../helpers/bind-server.js';
import { rejectedCode } from '../../../helpers/coded-error.js';
import { run } from '../../../helpers/peer-tools.js';

/** The TXT values at `name` as dig sees them (quotes removed). */
function digTxt(bind: BindServer, name: string): string[] {
  const out = run('dig', ['@127.0.0.1', '-p', String(bind.port), '+short', '+norecurse', name, 'TXT']);
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^"|"$/g, ''))
    .sort();
}

/** The TXT values at `name` through certkit's own DNS client (wire format + transport). */
async function ownTxt(bind: BindServer, name: string): Promise<string[]> {
  const request = encodeMessage({
    id: randomInt(0x10000),
    opcode: OPCODE.QUERY,
    questions: [{ name, type: RR_TYPE.TXT, class: RR_CLASS.IN }],
  });
  const { message } = await exchange(request, {
    server: '127.0.0.1',
    port: bind.port,
    timeoutMs: 2_000,
    attempts: 2,
    operation: 'query',
  });
  return message.answers.flatMap((r) => (r.data?.kind === 'TXT' ? [r.data.strings.join('')] : [])).sort();
}

async function rejection(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; details: Record<string, unknown>; json: string }> {
  try {
    await p;
  } catch (e) {
    if (isCertkitError(e)) {
      return {
        code: e.code,
        message: e.message,
        details: e.details as Record<string, unknown>,
        json: JSON.stringify(e) + inspect(e),
      };
    }
    throw e;
  }
  throw new Error('expected a CertkitError rejection');
}

describe.skipIf(!hasBind())('Rfc2136Solver against BIND 9', () => {
  let bind: BindServer;
  beforeAll(async () => {
    bind = await startBindServer();
  });
  afterAll(async () => {
    await bind?.stop();
  });

  const solver = (extra: Partial<ConstructorParameters<typeof Rfc2136Solver>[0]> = {}): Rfc2136Solver =>
    new Rfc2136Solver({
      server: '127.0.0.1',
      port: bind.port,
      tsig: bind.keys[0]!,
      timeoutMs: 2_000,
      ...extra,
    });

  it.each(['hmac-sha256', 'hmac-sha512', 'hmac-sha1'] as const)(
    'adds then removes a TXT record signed with %s (zone found by SOA query)',
    async (algorithm) => {
      const key = bind.keys.find((k) => k.algorithm === algorithm)!;
      const s = solver({ tsig: key });
      const record = {
        domain: 'a.example.test',
        name: `_acme-challenge.${algorithm}.example.test`,
        value: `v-${algorithm}`,
      };
      await s.present(record);
      expect(digTxt(bind, record.name)).toEqual([record.value]);
      expect(await s.zoneFor(record.name)).toBe('example.test');
      await s.cleanup(record);
      expect(digTxt(bind, record.name)).toEqual([]);
    },
  );

  it('cleaning up one of two values at a name leaves the other (dig and certkit agree)', async () => {
    const s = solver({ zone: 'example.test' });
    const name = '_acme-challenge.both.example.test';
    const apex = { domain: 'both.example.test', name, value: 'apex-value' };
    const wildcard = { domain: 'both.example.test', name, value: 'wildcard-value' };
    await s.present(apex);
    await s.present(wildcard);
    expect(digTxt(bind, name)).toEqual(['apex-value', 'wildcard-value']);
    expect(await ownTxt(bind, name)).toEqual(['apex-value', 'wildcard-value']);
    await s.cleanup(apex);
    expect(digTxt(bind, name)).toEqual(['wildcard-value']);
    expect(await ownTxt(bind, name)).toEqual(['wildcard-value']);
    await s.cleanup(apex); // already gone: still fine
    await s.cleanup(wildcard);
    expect(digTxt(bind, name)).toEqual([]);
    expect(await ownTxt(bind, name)).toEqual([]);
  });

  it('presenting the same value twice keeps one record', async () => {
    const s = solver();
    const record = {
      domain: 'twice.example.test',
      name: '_acme-challenge.twice.example.test',
      value: 'same',
    };
    await s.present(record);
    await s.present(record);
    expect(digTxt(bind, record.name)).toEqual(['same']);
    await s.cleanup(record);
    expect(digTxt(bind, record.name)).toEqual([]);
  });

  it('a wrong TSIG secret is refused with NOTAUTH / BADSIG, and the secret appears nowhere', async () => {
    const secret = Buffer.from('definitely the wrong secret').toString('base64');
    const s = solver({ tsig: { ...bind.keys[0]!, secret }, zone: 'example.test' });
    const e = await rejection(
      s.present({ domain: 'x.example.test', name: '_acme-challenge.x.example.test', value: 'x' }),
    );
    expect(e.code).toBe('ERR_ACME_DNS_UPDATE_REFUSED');
    expect(e.details).toMatchObject({
      rcode: 'NOTAUTH',
      tsigError: 'BADSIG',
      operation: 'add',
      zone: 'example.test',
    });
    expect(e.message).not.toContain(secret);
    expect(e.json).not.toContain(secret);
    expect(inspect(s)).not.toContain(secret);
    expect(JSON.stringify(s)).not.toContain(secret);
    expect(digTxt(bind, '_acme-challenge.x.example.test')).toEqual([]);
  });

  it('a wrong secret is already refused when the zone is looked up', async () => {
    const s = solver({ tsig: { ...bind.keys[0]!, secret: Buffer.from('nope').toString('base64') } });
    const e = await rejection(
      s.present({ domain: 'y.example.test', name: '_acme-challenge.y.example.test', value: 'y' }),
    );
    expect(e.details).toMatchObject({ operation: 'find-zone', rcode: 'NOTAUTH', tsigError: 'BADSIG' });
  });

  it('an unknown key name is refused with NOTAUTH / BADKEY', async () => {
    const s = solver({ tsig: { ...bind.keys[0]!, name: 'no-such-key' }, zone: 'example.test' });
    const e = await rejection(
      s.present({ domain: 'k.example.test', name: '_acme-challenge.k.example.test', value: 'k' }),
    );
    expect(e.code).toBe('ERR_ACME_DNS_UPDATE_REFUSED');
    expect(e.details).toMatchObject({ rcode: 'NOTAUTH', tsigError: 'BADKEY', tsigKeyName: 'no-such-key' });
  });

  it('the right key with another algorithm is refused with a TSIG error', async () => {
    const s = solver({ tsig: { ...bind.keys[0]!, algorithm: 'hmac-sha512' }, zone: 'example.test' });
    const e = await rejection(
      s.present({ domain: 'k.example.test', name: '_acme-challenge.k.example.test', value: 'k' }),
    );
    expect(e.code).toBe('ERR_ACME_DNS_UPDATE_REFUSED');
    expect(['BADKEY', 'BADSIG']).toContain(e.details.tsigError);
  });

  it('a zone the server does not serve is refused (NOTAUTH when given, REFUSED when looked up)', async () => {
    const record = { domain: 'other.test', name: '_acme-challenge.other.test', value: 'o' };
    const given = await rejection(solver({ zone: 'other.test' }).present(record));
    expect(given.code).toBe('ERR_ACME_DNS_UPDATE_REFUSED');
    expect(['NOTAUTH', 'REFUSED']).toContain(given.details.rcode);
    const looked = await rejection(solver().present(record));
    expect(looked.code).toBe('ERR_ACME_DNS_UPDATE_REFUSED');
    expect(looked.details).toMatchObject({ operation: 'find-zone', rcode: 'REFUSED' });
  });

  it('a name outside the given zone is refused with NOTZONE', async () => {
    const e = await rejection(
      solver({ zone: 'example.test' }).present({
        domain: 'other.test',
        name: '_acme-challenge.other.test',
        value: 'o',
      }),
    );
    expect(e.details).toMatchObject({ rcode: 'NOTZONE', zone: 'example.test' });
  });

  it('an update policy that does not grant the type is refused with REFUSED', async () => {
    // The policy grants TXT only; an unsigned solver is not granted anything.
    const s = new Rfc2136Solver({
      server: '127.0.0.1',
      port: bind.port,
      zone: 'example.test',
      timeoutMs: 2_000,
    });
    const e = await rejection(
      s.present({ domain: 'u.example.test', name: '_acme-challenge.u.example.test', value: 'u' }),
    );
    expect(e.details).toMatchObject({ rcode: 'REFUSED' });
  });

  describe('over TCP when the UDP answer is truncated', () => {
    let udp: UdpSocket;
    let tcp: Server;
    let port = 0;
    let udpQueries = 0;
    let tcpConnections = 0;
    beforeAll(async () => {
      // A stand-in on one port: UDP answers every query with an empty truncated (TC) response; TCP is
      // piped byte for byte to the real BIND, which does the update.
      tcp = createServer((client) => {
        tcpConnections++;
        const upstream = connect(bind.port, '127.0.0.1');
        client.pipe(upstream).pipe(client);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      const address = tcp.address();
      port = typeof address === 'object' && address ? address.port : 0;
      udp = createSocket('udp4');
      udp.on('message', (msg, rinfo) => {
        udpQueries++;
        const reply = Buffer.from(msg.subarray(0, 12));
        reply[2] = (msg[2]! | 0x80 | 0x02) & 0xff; // QR + TC, keep opcode
        reply.fill(0, 4, 12);
        udp.send(reply, rinfo.port, rinfo.address);
      });
      await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    });

    it('retries the update over TCP and it lands', async () => {
      const s = new Rfc2136Solver({ server: '127.0.0.1', port, tsig: bind.keys[0]!, timeoutMs: 2_000 });
      const record = {
        domain: 'tcp.example.test',
        name: '_acme-challenge.tcp.example.test',
        value: 'over-tcp',
      };
      await s.present(record);
      expect(digTxt(bind, record.name)).toEqual(['over-tcp']);
      await s.cleanup(record);
      expect(digTxt(bind, record.name)).toEqual([]);
      expect(udpQueries).toBeGreaterThanOrEqual(2);
      expect(tcpConnections).toBeGreaterThanOrEqual(2);
    });
  });
});

describe('Rfc2136Solver without a server', () => {
  it('times out with ERR_ACME_TIMEOUT after the retries when nothing answers', async () => {
    // A bound UDP socket that never answers: it also counts the sends.
    const silent = createSocket('udp4');
    let received = 0;
    silent.on('message', () => received++);
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const port = silent.address().port;
      const s = new Rfc2136Solver({
        server: '127.0.0.1',
        port,
        zone: 'example.test',
        timeoutMs: 150,
        retries: 2,
      });
      const e = await rejection(
        s.present({ domain: 'example.test', name: '_acme-challenge.example.test', value: 'v' }),
      );
      expect(e.code).toBe('ERR_ACME_TIMEOUT');
      expect(e.details).toMatchObject({
        server: '127.0.0.1',
        port,
        timeout: 150,
        attempts: 3,
        transport: 'udp',
      });
      expect(received).toBe(3);
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('times out on a port where nothing listens', async () => {
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const port = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const s = new Rfc2136Solver({ server: '127.0.0.1', port, timeoutMs: 100, retries: 0 });
    expect(
      await rejectedCode(
        s.present({ domain: 'example.test', name: '_acme-challenge.example.test', value: 'v' }),
      ),
    ).toBe('ERR_ACME_TIMEOUT');
  });

  it('rejects invalid options with TypeError', () => {
    expect(() => new Rfc2136Solver({ server: 'dns.example.com' })).toThrow(TypeError);
    expect(() => new Rfc2136Solver({ server: '127.0.0.1', port: 0 })).toThrow(TypeError);
    expect(() => new Rfc2136Solver({ server: '127.0.0.1', zone: 'a..b' })).toThrow(TypeError);
    expect(
      () => new Rfc2136Solver({ server: '127.0.0.1', tsig: { name: 'k', secret: 'not base64!' } }),
    ).toThrow(TypeError);
    expect(
      () =>
        new Rfc2136Solver({
          server: '127.0.0.1',
          tsig: { name: 'k', secret: 'AAAA', algorithm: 'hmac-md5' as 'hmac-sha1' },
        }),
    ).toThrow(TypeError);
  });

  it('shows the key name but never the secret in inspect and JSON', () => {
    const secret = Buffer.from('a very secret tsig key').toString('base64');
    const s = new Rfc2136Solver({ server: '::1', tsig: { name: 'acme-key', secret } });
    expect(inspect(s)).toContain('acme-key');
    expect(inspect(s, { showHidden: true, depth: 10 })).not.toContain(secret);
    expect(JSON.stringify(s)).not.toContain(secret);
    expect(s.name).toBe('rfc2136');
  });
});
