import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPCODE, RR_CLASS, RR_TYPE } from '../../../../src/acme/challenges/dns/dns-constants.js';
import { encodeMessage } from '../../../../src/acme/challenges/dns/dns-encode.js';
import { decodeMessage } from '../../../../src/acme/challenges/dns/dns-message.js';
import { exchange } from '../../../../src/acme/challenges/dns/dns-transport.js';
import { signMessage, type TsigKey, verifyResponse } from '../../../../src/acme/challenges/dns/tsig.js';
import { type BindServer, hasBind, startBindServer } from '../../../helpers/bind-server.js';

function soaQuery(): Uint8Array {
  return encodeMessage({
    id: randomInt(0x10000),
    opcode: OPCODE.QUERY,
    questions: [{ name: 'example.test', type: RR_TYPE.SOA, class: RR_CLASS.IN }],
  });
}

describe('signMessage', () => {
  it('appends one TSIG record to the additional section, keeping the message before it intact', () => {
    const key: TsigKey = { name: 'K.Example', algorithm: 'hmac-sha256', secret: new Uint8Array(32).fill(7) };
    const query = soaQuery();
    const signed = signMessage(query, key, new Date('2026-01-01T00:00:00Z'));
    const m = decodeMessage(signed.bytes);
    expect(m.additionals).toHaveLength(1);
    const tsig = m.additionals[0]!;
    expect(tsig).toMatchObject({ name: 'k.example', type: RR_TYPE.TSIG, class: RR_CLASS.ANY, ttl: 0 });
    expect(tsig.data).toMatchObject({
      kind: 'TSIG',
      algorithm: 'hmac-sha256',
      timeSigned: Date.parse('2026-01-01T00:00:00Z') / 1000,
      fudge: 300,
      originalId: m.header.id,
      error: 0,
    });
    expect(signed.mac).toHaveLength(32);
    expect(signed.bytes.subarray(12, query.length)).toEqual(query.subarray(12));
  });
});

describe.skipIf(!hasBind())('verifyResponse against BIND 9 answers', () => {
  let bind: BindServer;
  beforeAll(async () => {
    bind = await startBindServer();
  });
  afterAll(async () => {
    await bind?.stop();
  });

  async function signedAnswer(key: TsigKey) {
    const signed = signMessage(soaQuery(), key);
    const answer = await exchange(signed.bytes, {
      server: '127.0.0.1',
      port: bind.port,
      timeoutMs: 2_000,
      attempts: 2,
      operation: 'query',
    });
    return { signed, answer };
  }

  const keyOf = (i: number): TsigKey => {
    const k = bind.keys[i]!;
    return { name: k.name, algorithm: k.algorithm, secret: new Uint8Array(Buffer.from(k.secret, 'base64')) };
  };

  it.each([0, 1, 2])('accepts the signed answer of key %i and rejects it once tampered with', async (i) => {
    const key = keyOf(i);
    const { signed, answer } = await signedAnswer(key);
    expect(answer.message.header.rcode).toBe(0);
    expect(verifyResponse(answer.bytes, answer.message, key, signed.mac)).toEqual({ ok: true });

    // One bit flipped in the SOA answer (before the TSIG record) must break the MAC.
    const tampered = answer.bytes.slice();
    const soaOffset = answer.message.answers[0]!.offset;
    tampered[soaOffset + 20] = tampered[soaOffset + 20]! ^ 1;
    const check = verifyResponse(tampered, decodeMessage(tampered), key, signed.mac);
    expect(check).toMatchObject({ ok: false, reason: 'bad-signature' });

    // The MAC chains to the request MAC: another request's MAC does not verify.
    const other = verifyResponse(answer.bytes, answer.message, key, new Uint8Array(signed.mac.length));
    expect(other).toMatchObject({ ok: false, reason: 'bad-signature' });

    // Checked an hour later, the time is outside the fudge.
    const late = verifyResponse(
      answer.bytes,
      answer.message,
      key,
      signed.mac,
      new Date(Date.now() + 3_600_000),
    );
    expect(late).toMatchObject({ ok: false, reason: 'bad-time' });
  });

  it('calls an unsigned answer unsigned, and one signed with another key bad', async () => {
    const plain = soaQuery();
    const answer = await exchange(plain, {
      server: '127.0.0.1',
      port: bind.port,
      timeoutMs: 2_000,
      attempts: 2,
      operation: 'query',
    });
    const key = keyOf(0);
    expect(verifyResponse(answer.bytes, answer.message, key, new Uint8Array(32))).toMatchObject({
      ok: false,
      reason: 'unsigned',
    });
    const { signed, answer: bySha512 } = await signedAnswer(keyOf(1));
    expect(verifyResponse(bySha512.bytes, bySha512.message, key, signed.mac)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('reports the TSIG error field BIND sets for a wrong secret (BADSIG = 16)', async () => {
    const key = { ...keyOf(0), secret: new Uint8Array(32).fill(1) };
    const { signed, answer } = await signedAnswer(key);
    expect(answer.message.header.rcode).toBe(9); // NOTAUTH
    expect(verifyResponse(answer.bytes, answer.message, key, signed.mac)).toEqual({
      ok: false,
      reason: 'tsig-error',
      error: 16,
    });
  });
});
