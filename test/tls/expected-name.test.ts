/**
 * A gateway profile's `<CommonName wildcardMatch>`: the name the server's certificate must carry,
 * checked instead of the host connected to, over real sockets.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { connectTls, createTlsServer, type TlsProfile } from '../../src/tls/index.js';
import { carriesExpectedName } from '../../src/tls/node/expected-name.js';
import { mint } from '../helpers/make-certs.js';
import { closeServer, listen, readAll } from './socket-helpers.js';
import { makeTlsPki, type TlsPki } from './tls-pki.js';

let pki: TlsPki;
const servers: import('node:net').Server[] = [];
beforeAll(async () => {
  pki = await makeTlsPki();
}, 60_000);
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});

async function connectWith(commonName: TlsProfile['commonName'], keyStore: string): Promise<string> {
  const server = createTlsServer({ enabled: true, keyStore }, pki.registry, {}, (s) => s.end('ok\n'));
  servers.push(server);
  const port = await listen(server);
  const profile: TlsProfile = { enabled: true, trustStore: 'roots', ...(commonName ? { commonName } : {}) };
  try {
    const socket = await connectTls(profile, pki.registry, { host: '127.0.0.1', port, crls: pki.crls });
    return (await readAll(socket)).data;
  } catch (error) {
    if (!isCertkitError(error)) throw error;
    const codes = (error.details as { codes?: string[] }).codes ?? [];
    return `${error.code} ${codes.join(',')}`;
  }
}

describe('connectTls checks the profile commonName instead of the host', () => {
  it('accepts a server whose certificate carries the expected name though the host is an address', async () => {
    // srv-a is issued for a.test only; the connection goes to 127.0.0.1
    expect(await connectWith({ value: 'a.test', wildcardMatch: false }, 'srv-a')).toBe('ok\n');
  });

  it('refuses a certificate without the expected name, never ignorable', async () => {
    expect(await connectWith({ value: 'b.test', wildcardMatch: true }, 'srv-a')).toBe(
      'ERR_TLS_PEER_REJECTED ERR_CHAIN_HOSTNAME_MISMATCH',
    );
  });

  it('without commonName the host is checked as before', async () => {
    expect(await connectWith(undefined, 'srv-good')).toBe('ok\n');
    expect(await connectWith(undefined, 'srv-a')).toBe('ERR_TLS_PEER_REJECTED ERR_CHAIN_IP_MISMATCH');
  });
});

describe('carriesExpectedName', () => {
  let wildcard: Awaited<ReturnType<typeof mint>>;
  let exact: Awaited<ReturnType<typeof mint>>;
  let cnOnly: Awaited<ReturnType<typeof mint>>;
  beforeAll(async () => {
    wildcard = await mint({ subject: 'CN=*.partner.example', san: [{ dns: '*.partner.example' }] });
    exact = await mint({ subject: 'CN=api.partner.example', san: [{ dns: 'api.partner.example' }] });
    cnOnly = await mint({ subject: 'CN=legacy.partner.example' });
  }, 30_000);

  it('a wildcard certificate covers the expected host only with wildcardMatch', () => {
    expect(carriesExpectedName(wildcard.cert, { value: 'api.partner.example', wildcardMatch: true })).toBe(
      true,
    );
    expect(carriesExpectedName(wildcard.cert, { value: 'api.partner.example', wildcardMatch: false })).toBe(
      false,
    );
    expect(carriesExpectedName(wildcard.cert, { value: 'a.b.partner.example', wildcardMatch: true })).toBe(
      false,
    );
  });

  it('an expected wildcard name matches itself, and with wildcardMatch the hosts it covers', () => {
    expect(carriesExpectedName(wildcard.cert, { value: '*.PARTNER.example', wildcardMatch: false })).toBe(
      true,
    );
    expect(carriesExpectedName(exact.cert, { value: '*.partner.example', wildcardMatch: true })).toBe(true);
    expect(carriesExpectedName(exact.cert, { value: '*.partner.example', wildcardMatch: false })).toBe(false);
  });

  it('falls back to the subject common name only when there is no dNSName', () => {
    expect(carriesExpectedName(cnOnly.cert, { value: 'legacy.partner.example', wildcardMatch: false })).toBe(
      true,
    );
    expect(carriesExpectedName(exact.cert, { value: 'legacy.partner.example', wildcardMatch: true })).toBe(
      false,
    );
  });
});
