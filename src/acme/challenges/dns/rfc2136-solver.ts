import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { inspect } from 'node:util';
import { AcmeError } from '../../../errors/area-errors.js';
import type { Dns01Record, Dns01Solver } from '../dns-01-solver.js';
import { OPCODE, RR_CLASS, RR_TYPE, rcodeName, tsigErrorName } from './dns-constants.js';
import { encodeMessage, txtRdata } from './dns-encode.js';
import { dnsBadResponse } from './dns-errors.js';
import type { DnsRecord } from './dns-message.js';
import { encodeName, isSubdomain, normalizeName } from './dns-name.js';
import { type DnsExchangeResult, exchange } from './dns-transport.js';
import { isTsigAlgorithm, signMessage, type TsigAlgorithm, type TsigKey, verifyResponse } from './tsig.js';

/** Options of {@link Rfc2136Solver}. */
export interface Rfc2136SolverOptions {
  /** The primary DNS server that accepts updates: an IPv4 or IPv6 literal. */
  readonly server: string;
  /** Its port (UDP and TCP). Default 53. */
  readonly port?: number;
  /**
   * The zone to update, e.g. `example.com`. Default: found by asking `server` for the SOA of the
   * record name (the owner of the SOA in the answer or authority section), once per name.
   */
  readonly zone?: string;
  /**
   * The TSIG key the server expects (RFC 8945). `secret` is the base64 key as in BIND's `key` clause;
   * it never appears in errors, `toJSON()` or `util.inspect`. Default algorithm `hmac-sha256`.
   * Without `tsig` updates are sent unsigned (only for servers that allow updates by address).
   */
  readonly tsig?: {
    readonly name: string;
    readonly algorithm?: TsigAlgorithm;
    readonly secret: string;
  };
  /** TTL of the TXT record, in seconds. Default 60. */
  readonly ttl?: number;
  /** Milliseconds to wait for each answer (per UDP attempt, or the whole TCP exchange). Default 5_000. */
  readonly timeoutMs?: number;
  /** UDP resends after a timeout, before giving up. Default 2 (three sends in all). */
  readonly retries?: number;
}

type Operation = 'add' | 'delete';

function checkInteger(value: unknown, field: string, min: number, max: number): void {
  if (
    value !== undefined &&
    (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
  ) {
    throw new TypeError(`Rfc2136SolverOptions.${field} must be an integer from ${min} to ${max}`);
  }
}

function decodeKey(tsig: NonNullable<Rfc2136SolverOptions['tsig']>): TsigKey {
  if (typeof tsig !== 'object' || tsig === null)
    throw new TypeError('Rfc2136SolverOptions.tsig must be an object');
  if (typeof tsig.name !== 'string' || tsig.name === '') {
    throw new TypeError('Rfc2136SolverOptions.tsig.name must be the key name');
  }
  encodeName(tsig.name);
  const algorithm = tsig.algorithm ?? 'hmac-sha256';
  if (!isTsigAlgorithm(algorithm)) {
    throw new TypeError('Rfc2136SolverOptions.tsig.algorithm must be hmac-sha256, hmac-sha512 or hmac-sha1');
  }
  if (typeof tsig.secret !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(tsig.secret.replace(/\s+/g, ''))) {
    throw new TypeError('Rfc2136SolverOptions.tsig.secret must be the base64 key (as in a BIND key clause)');
  }
  return { name: tsig.name, algorithm, secret: new Uint8Array(Buffer.from(tsig.secret, 'base64')) };
}

/**
 * A DNS-01 solver that publishes TXT records by RFC 2136 dynamic update, signed with TSIG, to a
 * primary server (BIND, Knot, PowerDNS, Windows DNS …). `present` adds one TXT record; `cleanup`
 * deletes exactly that record (class NONE), so another value at the same name (apex and wildcard in
 * one order) stays. Answers are checked: same ID, opcode, and a valid TSIG on success.
 *
 * @example
 * ```ts
 * import { Rfc2136Solver } from 'certkit/acme';
 * const dns01 = new Rfc2136Solver({
 *   server: '192.0.2.53',
 *   tsig: { name: 'acme-key', algorithm: 'hmac-sha256', secret: process.env.TSIG_SECRET! },
 * });
 * await dns01.present({ domain: 'example.com', name: '_acme-challenge.example.com', value: 'abc…' });
 * ```
 * @see RFC 2136 section 2.5, RFC 8945
 */
export class Rfc2136Solver implements Dns01Solver {
  /** `rfc2136`, for events and errors. */
  readonly name = 'rfc2136';
  /** The server updates go to. */
  readonly server: string;
  /** Its port. */
  readonly port: number;
  readonly #zone: string | undefined;
  readonly #key: TsigKey | undefined;
  readonly #ttl: number;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #zones = new Map<string, Promise<string>>();

  /**
   * @throws TypeError when an option has the wrong type or range (server not an IP literal, bad
   *   base64 secret, unknown algorithm).
   */
  constructor(options: Rfc2136SolverOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('Rfc2136SolverOptions required');
    if (typeof options.server !== 'string' || isIP(options.server) === 0) {
      throw new TypeError('Rfc2136SolverOptions.server must be an IPv4 or IPv6 literal');
    }
    checkInteger(options.port, 'port', 1, 65535);
    checkInteger(options.ttl, 'ttl', 0, 2 ** 31 - 1);
    checkInteger(options.timeoutMs, 'timeoutMs', 1, 2 ** 31 - 1);
    checkInteger(options.retries, 'retries', 0, 100);
    if (options.zone !== undefined) {
      if (typeof options.zone !== 'string') throw new TypeError('Rfc2136SolverOptions.zone must be a string');
      encodeName(options.zone);
    }
    this.server = options.server;
    this.port = options.port ?? 53;
    this.#zone = options.zone === undefined ? undefined : normalizeName(options.zone);
    this.#key = options.tsig === undefined ? undefined : decodeKey(options.tsig);
    this.#ttl = options.ttl ?? 60;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#retries = options.retries ?? 2;
  }

  /**
   * Adds the TXT record `record.value` at `record.name` (other values there stay).
   *
   * @throws ERR_ACME_DNS_UPDATE_REFUSED (`details.rcode`, `details.tsigError`), ERR_ACME_TIMEOUT,
   *   ERR_ACME_DNS_BAD_RESPONSE.
   * @example
   * ```ts
   * import { Rfc2136Solver } from 'certkit/acme';
   * await new Rfc2136Solver({ server: '192.0.2.53' }).present({ domain: 'example.com', name: '_acme-challenge.example.com', value: 'v' });
   * ```
   * @see RFC 2136 section 2.5.1
   */
  present(record: Dns01Record): Promise<void> {
    return this.#update(record, 'add');
  }

  /**
   * Deletes exactly the TXT record `record.value` at `record.name` (an RR delete with class NONE);
   * other values at the name stay. Deleting a value that is not there succeeds.
   *
   * @throws ERR_ACME_DNS_UPDATE_REFUSED, ERR_ACME_TIMEOUT, ERR_ACME_DNS_BAD_RESPONSE.
   * @example
   * ```ts
   * import { Rfc2136Solver } from 'certkit/acme';
   * await new Rfc2136Solver({ server: '192.0.2.53' }).cleanup({ domain: 'example.com', name: '_acme-challenge.example.com', value: 'v' });
   * ```
   * @see RFC 2136 section 2.5.4
   */
  cleanup(record: Dns01Record): Promise<void> {
    return this.#update(record, 'delete');
  }

  /** A redacted view: server, port, zone and key name, never the secret. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      server: this.server,
      port: this.port,
      zone: this.#zone,
      tsigKeyName: this.#key?.name,
      tsigAlgorithm: this.#key?.algorithm,
    };
  }

  /** `util.inspect` shows the same redacted view as `toJSON()`. */
  [inspect.custom](): string {
    return `Rfc2136Solver ${inspect(this.toJSON())}`;
  }

  /**
   * The zone `name` is updated in: the configured zone, or the owner of the SOA the server returns
   * for `name` (cached per name).
   *
   * @throws ERR_ACME_DNS_UPDATE_REFUSED (`details.operation: 'find-zone'`) when the server does not
   *   serve a zone for the name, ERR_ACME_TIMEOUT, ERR_ACME_DNS_BAD_RESPONSE.
   */
  zoneFor(name: string): Promise<string> {
    if (this.#zone !== undefined) return Promise.resolve(this.#zone);
    const key = normalizeName(name).toLowerCase();
    let found = this.#zones.get(key);
    if (found === undefined) {
      found = this.#findZone(name);
      this.#zones.set(key, found);
      found.catch(() => this.#zones.delete(key));
    }
    return found;
  }

  async #findZone(name: string): Promise<string> {
    const request = encodeMessage({
      id: randomInt(0x10000),
      opcode: OPCODE.QUERY,
      questions: [{ name, type: RR_TYPE.SOA, class: RR_CLASS.IN }],
    });
    const answer = await this.#send(request, 'find-zone', { name });
    const { header } = answer.message;
    const soa = (records: readonly DnsRecord[]): DnsRecord | undefined =>
      records.find((r) => r.type === RR_TYPE.SOA && isSubdomain(name, r.name));
    const record = soa(answer.message.answers) ?? soa(answer.message.authorities);
    if ((header.rcode === 0 || header.rcode === 3) && record !== undefined) return normalizeName(record.name);
    const rcode = rcodeName(header.rcode);
    throw new AcmeError(
      'ERR_ACME_DNS_UPDATE_REFUSED',
      `DNS server ${this.server} port ${this.port} does not serve a zone for ${name} (${rcode}${header.rcode === 0 ? ', no SOA' : ''}); pass the zone option`,
      { details: { server: this.server, port: this.port, operation: 'find-zone', name, rcode } },
    );
  }

  async #update(record: Dns01Record, operation: Operation): Promise<void> {
    if (typeof record !== 'object' || record === null || typeof record.name !== 'string') {
      throw new TypeError('Dns01Record with name and value required');
    }
    if (typeof record.value !== 'string') throw new TypeError('Dns01Record.value must be a string');
    const name = normalizeName(record.name);
    encodeName(name);
    const zone = await this.zoneFor(name);
    const rr =
      operation === 'add'
        ? { name, type: RR_TYPE.TXT, class: RR_CLASS.IN, ttl: this.#ttl, rdata: txtRdata(record.value) }
        : { name, type: RR_TYPE.TXT, class: RR_CLASS.NONE, ttl: 0, rdata: txtRdata(record.value) };
    const request = encodeMessage({
      id: randomInt(0x10000),
      opcode: OPCODE.UPDATE,
      questions: [{ name: zone, type: RR_TYPE.SOA, class: RR_CLASS.IN }],
      authorities: [rr],
    });
    const answer = await this.#send(request, operation, { zone, name });
    const { rcode } = answer.message.header;
    if (rcode !== 0) {
      throw new AcmeError(
        'ERR_ACME_DNS_UPDATE_REFUSED',
        `DNS server ${this.server} port ${this.port} refused to ${operation} the TXT record at ${name} in zone ${zone}: ${rcodeName(rcode)}`,
        {
          details: { server: this.server, port: this.port, operation, zone, name, rcode: rcodeName(rcode) },
        },
      );
    }
  }

  /** Signs (with a key), sends, and checks the TSIG of the answer; TSIG errors become refusals. */
  async #send(
    request: Uint8Array,
    operation: string,
    context: Record<string, string>,
  ): Promise<DnsExchangeResult> {
    const key = this.#key;
    const signed = key === undefined ? undefined : signMessage(request, key);
    const answer = await exchange(signed?.bytes ?? request, {
      server: this.server,
      port: this.port,
      timeoutMs: this.#timeoutMs,
      attempts: this.#retries + 1,
      operation,
    });
    if (key === undefined || signed === undefined) return answer;
    const where = { server: this.server, port: this.port, operation, ...context, tsigKeyName: key.name };
    const check = verifyResponse(answer.bytes, answer.message, key, signed.mac);
    if (check.ok) return answer;
    const rcode = rcodeName(answer.message.header.rcode);
    if (check.reason === 'tsig-error') {
      const tsigError = tsigErrorName(check.error);
      throw new AcmeError(
        'ERR_ACME_DNS_UPDATE_REFUSED',
        `DNS server ${this.server} port ${this.port} rejected the TSIG signature of the ${operation} with key ${key.name}: ${rcode} (TSIG ${tsigError})`,
        { details: { ...where, rcode, tsigError } },
      );
    }
    // An unsigned error answer (BIND answers an unknown key with NOTAUTH and no TSIG) is still a refusal;
    // only a success must be signed, or a forger could fake one.
    if (answer.message.header.rcode !== 0) {
      throw new AcmeError(
        'ERR_ACME_DNS_UPDATE_REFUSED',
        `DNS server ${this.server} port ${this.port} refused the ${operation}: ${rcode} (answer not verifiable: ${check.detail})`,
        { details: { ...where, rcode } },
      );
    }
    throw dnsBadResponse(
      check.reason,
      `DNS server ${this.server} port ${this.port} answered the ${operation} without a valid TSIG signature: ${check.detail}`,
      where,
    );
  }
}
