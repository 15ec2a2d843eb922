import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as acme from 'acme-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACME_CLIENT_CONTRACT,
  ACME_CLIENT_TESTED_VERSION,
  checkAcmeClientContract,
} from '../../../src/acme/client/acme-client-contract.js';
import { AcmeOrderClient } from '../../../src/acme/index.js';
import { isCertkitError } from '../../../src/errors/index.js';
import { MemoryStorage } from '../../../src/storage/index.js';
import { freePort } from '../../helpers/free-port.js';

const require = createRequire(import.meta.url);

/** A real acme-client Client, typed with the internals this test reaches. */
function realClient(): acme.Client & { http: object; api: object } {
  return new acme.Client({
    directoryUrl: 'https://127.0.0.1:1/dir',
    accountKey: 'not used',
  }) as acme.Client & {
    http: object;
    api: object;
  };
}

/** The object that holds `path`'s last segment, and that segment. */
function owner(root: object, path: string): { holder: Record<string, unknown>; name: string } {
  const parts = path.split('.');
  const name = parts.pop() as string;
  let holder = root as Record<string, unknown>;
  for (const part of parts) holder = holder[part] as Record<string, unknown>;
  return { holder, name };
}

function contractError(fn: () => void): { message: string; members: Array<Record<string, unknown>> } {
  try {
    fn();
  } catch (error) {
    if (isCertkitError(error, 'ERR_ACME_CLIENT_INCOMPATIBLE')) {
      return { message: error.message, members: error.details.members as Array<Record<string, unknown>> };
    }
    throw error;
  }
  throw new Error('the contract check passed');
}

describe('the acme-client contract', () => {
  const restore: Array<() => void> = [];
  afterEach(() => {
    for (const undo of restore.splice(0)) undo();
  });

  it('package.json pins acme-client to exactly the installed version, the one the contract names', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const installed = (require('acme-client/package.json') as { version: string }).version;
    expect(pkg.dependencies['acme-client']).toBe(ACME_CLIENT_TESTED_VERSION);
    expect(installed).toBe(ACME_CLIENT_TESTED_VERSION);
  });

  it('the installed acme-client has every member certkit relies on', () => {
    expect(() => checkAcmeClientContract(realClient())).not.toThrow();
  });

  it('names the private members the transport, rollover, revocation and polling reach', () => {
    const privateOnes = ACME_CLIENT_CONTRACT.filter((m) => m.access === 'private').map((m) => m.path);
    for (const path of [
      'http.request',
      'http.signedRequest',
      'http.createSignedBody',
      'http.getJwk',
      'http.getResourceUrl',
      'api.apiResourceRequest',
      'api.getOrder',
      'api.getAuthorization',
    ]) {
      expect(privateOnes).toContain(path);
    }
  });

  // Each relied-on member removed in turn (a stub of a release that renamed it): the check names it.
  for (const member of ACME_CLIENT_CONTRACT) {
    it(`fails clearly when ${member.path} is gone`, () => {
      const client = realClient();
      const { holder, name } = owner(client, member.path);
      // shadow an own or inherited member with undefined on this instance only
      Object.defineProperty(holder, name, { value: undefined, configurable: true, writable: true });
      const error = contractError(() => checkAcmeClientContract(client));
      expect(error.members.map((m) => m.path)).toEqual([member.path]);
      expect(error.members[0]).toMatchObject({ expected: member.type, found: 'undefined' });
      expect(error.message).toContain(member.path);
      expect(error.message).toContain(`acme-client ${ACME_CLIENT_TESTED_VERSION}`);
    });
  }

  it('a member that changed type is reported with what was found', () => {
    const client = realClient();
    Object.defineProperty(client.api, 'getOrder', { value: 'renamed', configurable: true });
    const error = contractError(() => checkAcmeClientContract(client));
    expect(error.members[0]).toMatchObject({ path: 'api.getOrder', expected: 'function', found: 'string' });
  });

  it('AcmeOrderClient runs the check before its first request: a coded error, not a TypeError', async () => {
    // Simulate a release without HttpClient#signedRequest, for every client made from now on.
    const httpProto = Object.getPrototypeOf(realClient().http) as Record<string, unknown>;
    const original = httpProto.signedRequest;
    delete httpProto.signedRequest;
    restore.push(() => {
      httpProto.signedRequest = original;
    });
    const port = await freePort(); // nothing listens: the check must fail before any request
    const client = new AcmeOrderClient({
      directoryUrl: `http://127.0.0.1:${port}/dir`,
      storage: new MemoryStorage(),
      account: { termsOfServiceAgreed: true },
      maxAttempts: 1,
    });
    const failure = await client.account().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isCertkitError(failure, 'ERR_ACME_CLIENT_INCOMPATIBLE')).toBe(true);
    expect((failure as Error).message).toContain('http.signedRequest');
  });
});
