import { createHmac, timingSafeEqual } from 'node:crypto';
import { RR_CLASS, RR_TYPE } from './dns-constants.js';
import { ByteWriter } from './dns-encode.js';
import type { DnsMessage, TsigRdata } from './dns-message.js';
import { canonicalName, encodeName, namesEqual } from './dns-name.js';

/** The TSIG algorithms certkit signs with (RFC 8945 section 6). */
export type TsigAlgorithm = 'hmac-sha256' | 'hmac-sha512' | 'hmac-sha1';

/** The HMAC of each algorithm; the algorithm's DNS name is the same text. */
const HASH: Readonly<Record<TsigAlgorithm, string>> = {
  'hmac-sha256': 'sha256',
  'hmac-sha512': 'sha512',
  'hmac-sha1': 'sha1',
};
const MAC_LENGTH: Readonly<Record<TsigAlgorithm, number>> = {
  'hmac-sha256': 32,
  'hmac-sha512': 64,
  'hmac-sha1': 20,
};

/** Whether `s` names an algorithm certkit supports. */
export function isTsigAlgorithm(s: unknown): s is TsigAlgorithm {
  return typeof s === 'string' && Object.hasOwn(HASH, s);
}

/** A decoded TSIG key. Internal: the secret never leaves this module's callers' private fields. */
export interface TsigKey {
  readonly name: string;
  readonly algorithm: TsigAlgorithm;
  readonly secret: Uint8Array;
}

/** The fudge (allowed clock skew, seconds) certkit signs with; BIND and RFC 8945 recommend 300. */
export const TSIG_FUDGE = 300;

interface TsigVariables {
  readonly keyName: string;
  readonly algorithm: string;
  readonly timeSigned: number;
  readonly fudge: number;
  readonly error: number;
  readonly otherData: Uint8Array;
}

/** The TSIG variables in digest form (RFC 8945 section 4.3.3): names canonical, class ANY, TTL 0. */
function variables(v: TsigVariables): Uint8Array {
  return new ByteWriter()
    .bytes(canonicalName(v.keyName))
    .u16(RR_CLASS.ANY)
    .u32(0)
    .bytes(canonicalName(v.algorithm))
    .u48(v.timeSigned)
    .u16(v.fudge)
    .u16(v.error)
    .u16(v.otherData.length)
    .bytes(v.otherData)
    .finish();
}

function hmac(key: TsigKey, ...parts: Uint8Array[]): Uint8Array {
  const h = createHmac(HASH[key.algorithm], key.secret);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** A request with its TSIG record appended, and the MAC the response's MAC will chain to. */
export interface SignedRequest {
  readonly bytes: Uint8Array;
  readonly mac: Uint8Array;
}

/**
 * Signs an encoded message: computes the MAC over the message and the TSIG variables and appends the
 * TSIG record to the additional section (ARCOUNT + 1).
 *
 * @see RFC 8945 section 5.1
 */
export function signMessage(message: Uint8Array, key: TsigKey, at: Date = new Date()): SignedRequest {
  const timeSigned = Math.floor(at.getTime() / 1000);
  const vars = { keyName: key.name, algorithm: key.algorithm, timeSigned, fudge: TSIG_FUDGE, error: 0 };
  const mac = hmac(key, message, variables({ ...vars, otherData: new Uint8Array(0) }));
  const id = (message[0]! << 8) | message[1]!;
  const rdata = new ByteWriter()
    .bytes(encodeName(key.algorithm))
    .u48(timeSigned)
    .u16(TSIG_FUDGE)
    .u16(mac.length)
    .bytes(mac)
    .u16(id)
    .u16(0)
    .u16(0)
    .finish();
  const tsigRecord = new ByteWriter()
    .bytes(canonicalName(key.name))
    .u16(RR_TYPE.TSIG)
    .u16(RR_CLASS.ANY)
    .u32(0)
    .u16(rdata.length)
    .bytes(rdata)
    .finish();
  const out = new Uint8Array(message.length + tsigRecord.length);
  out.set(message, 0);
  out.set(tsigRecord, message.length);
  const arcount = ((message[10]! << 8) | message[11]!) + 1;
  out[10] = arcount >> 8;
  out[11] = arcount & 0xff;
  return { bytes: out, mac };
}

/** The outcome of checking a response's TSIG. */
export type TsigCheck =
  | { readonly ok: true }
  /** The server reported a TSIG error (BADSIG, BADKEY, BADTIME …) in the TSIG error field. */
  | { readonly ok: false; readonly reason: 'tsig-error'; readonly error: number }
  | {
      readonly ok: false;
      readonly reason: 'unsigned' | 'bad-signature' | 'bad-time';
      readonly detail: string;
    };

/**
 * Verifies the TSIG of a response to a signed request: the last additional record must be TSIG with
 * our key and algorithm, its MAC must be the HMAC of (request MAC, the response without its TSIG and
 * with the original ID, the TSIG variables), and its time within the fudge of `at`.
 *
 * @see RFC 8945 sections 5.3 and 5.4
 */
export function verifyResponse(
  bytes: Uint8Array,
  message: DnsMessage,
  key: TsigKey,
  requestMac: Uint8Array,
  at: Date = new Date(),
): TsigCheck {
  const last = message.additionals[message.additionals.length - 1];
  if (last === undefined || last.type !== RR_TYPE.TSIG || last.data?.kind !== 'TSIG') {
    return { ok: false, reason: 'unsigned', detail: 'the response carries no TSIG record' };
  }
  const t: TsigRdata = last.data;
  if (!namesEqual(last.name, key.name) || !namesEqual(t.algorithm, key.algorithm)) {
    return {
      ok: false,
      reason: 'bad-signature',
      detail: 'the response is signed with another key or algorithm',
    };
  }
  if (t.error !== 0) return { ok: false, reason: 'tsig-error', error: t.error };
  const stripped = bytes.slice(0, last.offset);
  stripped[0] = t.originalId >> 8;
  stripped[1] = t.originalId & 0xff;
  const arcount = message.additionals.length - 1;
  stripped[10] = arcount >> 8;
  stripped[11] = arcount & 0xff;
  const prefix = new ByteWriter().u16(requestMac.length).bytes(requestMac).finish();
  const expected = hmac(
    key,
    prefix,
    stripped,
    variables({
      keyName: last.name,
      algorithm: t.algorithm,
      timeSigned: t.timeSigned,
      fudge: t.fudge,
      error: t.error,
      otherData: t.otherData,
    }),
  );
  const full = MAC_LENGTH[key.algorithm];
  // RFC 8945 section 5.2.2.1: a truncated MAC must keep at least half the hash and 10 octets.
  if (t.mac.length > full || t.mac.length < Math.max(10, full / 2)) {
    return { ok: false, reason: 'bad-signature', detail: `MAC of ${t.mac.length} octets` };
  }
  if (!timingSafeEqual(t.mac, expected.subarray(0, t.mac.length))) {
    return { ok: false, reason: 'bad-signature', detail: 'the response MAC does not verify' };
  }
  const now = Math.floor(at.getTime() / 1000);
  if (Math.abs(now - t.timeSigned) > t.fudge) {
    return {
      ok: false,
      reason: 'bad-time',
      detail: `signed at ${t.timeSigned}, now ${now}, fudge ${t.fudge}`,
    };
  }
  return { ok: true };
}
