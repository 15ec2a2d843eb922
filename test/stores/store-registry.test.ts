import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { Keystore, type StoreChangeEvent, StoreRegistry, Truststore } from '../../src/stores/index.js';
import { EKU, type Minted, type MintOptions, mint } from '../helpers/make-certs.js';
import { DAY, ecCurveKeys, privateKeyOf, privateKeyPem } from './store-fixtures.js';

let root: Minted;
let inter: Minted;
let good: Keystore; // api.example.com + www, P-256, serverAuth+clientAuth
let better: Keystore; // same names, new key
let dropsWww: Keystore; // blocking: hostname dropped
let pems: string[];

async function store(o: Partial<MintOptions>): Promise<Keystore> {
  const leaf = await mint({
    subject: 'CN=api.example.com',
    issuer: inter,
    eku: [EKU.serverAuth, EKU.clientAuth],
    ...o,
  });
  pems.push(await privateKeyPem(leaf.keys));
  return Keystore.empty().withEntry(
    'server',
    { privateKey: await privateKeyOf(leaf), chain: [leaf.cert, inter.cert] },
    { trust: [root.cert] },
  );
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** A clock that advances one minute per call. */
const T0 = Math.floor(Date.now() / 60_000) * 60_000;
function steppingClock(start = T0) {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}

function setup(options: ConstructorParameters<typeof StoreRegistry>[0] = {}) {
  const registry = new StoreRegistry({ clock: steppingClock(), ...options });
  registry.putKeystore('api-2025', good);
  registry.putKeystore('api-2026', better);
  registry.putKeystore('api-bad', dropsWww);
  registry.putTruststore('corp-roots', Truststore.fromCertificates([root.cert]));
  registry.defineReference('ref://api-keystore', 'api-2025', {
    role: 'server',
    trustStore: 'corp-roots',
    actor: 'setup',
  });
  const events: StoreChangeEvent[] = [];
  registry.on('change', (e) => events.push(e));
  return { registry, events };
}

beforeAll(async () => {
  pems = [];
  const tenYears = new Date(Date.now() + 3650 * DAY);
  root = await mint({ subject: 'CN=Registry Root', ca: true, notAfter: tenYears });
  inter = await mint({ subject: 'CN=Registry Intermediate', ca: true, issuer: root, notAfter: tenYears });
  const sans = [{ dns: 'api.example.com' }, { dns: 'www.example.com' }];
  good = await store({ san: sans });
  better = await store({ san: sans, keys: await ecCurveKeys('P-256') });
  dropsWww = await store({ san: [{ dns: 'api.example.com' }] });
});

describe('naming stores', () => {
  it('by reference, by direct name, and by a per-request variable', () => {
    const { registry } = setup();
    expect(registry.resolve('ref://api-keystore')).toBe(good);
    expect(registry.resolve('api-2026')).toBe(better);
    const perTenant: Record<string, string> = { 'request.keystore': 'ref://api-keystore' };
    expect(registry.resolve('{request.keystore}', { resolveVariable: (v) => perTenant[v] })).toBe(good);
    expect(registry.resolve({ variable: 'tls.keystore' }, { resolveVariable: () => 'api-2026' })).toBe(
      better,
    );
    expect(registry.resolveKeystore('ref://api-keystore')).toBe(good);
    expect(registry.resolveTruststore('corp-roots').size).toBe(1);
    expect(registry.resolveName('ref://api-keystore')).toBe('api-2025');
  });

  it('coded failures: unknown store, unknown reference, bad syntax, unresolved variable, wrong kind', () => {
    const { registry } = setup();
    const code = (fn: () => unknown) => {
      const e = thrown(fn);
      return isCertkitError(e) ? e.code : e;
    };
    expect(code(() => registry.resolve('nope'))).toBe('ERR_STORE_NOT_FOUND');
    expect(code(() => registry.resolve('ref://nope'))).toBe('ERR_STORE_REFERENCE_NOT_FOUND');
    expect(code(() => registry.resolve('has space'))).toBe('ERR_STORE_REFERENCE_INVALID');
    expect(code(() => registry.resolve('{unclosed'))).toBe('ERR_STORE_REFERENCE_INVALID');
    expect(code(() => registry.resolve('ref://'))).toBe('ERR_STORE_REFERENCE_INVALID');
    expect(code(() => registry.resolve('{tls.keystore}'))).toBe('ERR_STORE_VARIABLE_UNRESOLVED');
    expect(code(() => registry.resolve('{tls.keystore}', { resolveVariable: () => undefined }))).toBe(
      'ERR_STORE_VARIABLE_UNRESOLVED',
    );
    expect(code(() => registry.resolve('{a}', { resolveVariable: () => '{b}' }))).toBe(
      'ERR_STORE_VARIABLE_UNRESOLVED',
    );
    expect(code(() => registry.resolveTruststore('ref://api-keystore'))).toBe('ERR_STORE_KIND_MISMATCH');
    expect(code(() => registry.putKeystore('corp-roots', good))).toBe('ERR_STORE_KIND_MISMATCH');
    expect(code(() => registry.defineReference('api-keystore', 'api-2026'))).toBe(
      'ERR_STORE_REFERENCE_EXISTS',
    );
    expect(code(() => registry.defineReference('ref://x', 'missing'))).toBe('ERR_STORE_NOT_FOUND');
    expect(() => registry.resolve(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('repoint', () => {
  it('re-points after a clean check, records history, emits one event', () => {
    const { registry, events } = setup();
    const r = registry.repoint('ref://api-keystore', 'api-2026', { actor: 'alice', reason: 'CHG-1' });
    expect(r).toMatchObject({
      reference: 'ref://api-keystore',
      from: 'api-2025',
      to: 'api-2026',
      changed: true,
      forced: false,
    });
    expect(r.report.ok).toBe(true);
    expect(registry.resolve('ref://api-keystore')).toBe(better);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      type: 'repoint',
      reference: 'ref://api-keystore',
      from: 'api-2025',
      to: 'api-2026',
      store: better,
      actor: 'alice',
      reason: 'CHG-1',
      at: new Date(T0 + 2 * 60_000), // clock reads: define, check, repoint
      forced: false,
    });
    const h = registry.history('ref://api-keystore');
    expect(h.map((x) => [x.action, x.from, x.to, x.actor])).toEqual([
      ['define', undefined, 'api-2025', 'setup'],
      ['repoint', 'api-2025', 'api-2026', 'alice'],
    ]);
    expect(h[0]!.at.getTime()).toBe(T0);
    expect(h[1]!.at.getTime()).toBe(T0 + 2 * 60_000);
    expect(registry.history()).toHaveLength(2);
  });

  it('is atomic: a blocked candidate changes nothing (target, history, events)', () => {
    const { registry, events } = setup();
    const before = registry.history('ref://api-keystore');
    const e = thrown(() => registry.repoint('ref://api-keystore', 'api-bad', { actor: 'bob' }));
    expect(isCertkitError(e) && e.code).toBe('ERR_ROTATION_BLOCKED');
    const details = (
      e as { details: { codes: string[]; findings: { code: string; details: { dropped: string[] } }[] } }
    ).details;
    expect(details.codes).toEqual(['ERR_ROTATION_HOSTNAME_DROPPED']);
    expect(details.findings[0]!.details.dropped).toEqual(['www.example.com']);
    expect(registry.target('ref://api-keystore')).toBe('api-2025');
    expect(registry.history('ref://api-keystore')).toEqual(before);
    expect(events).toHaveLength(0);
    expect(thrown(() => registry.rollback('ref://api-keystore'))).toMatchObject({
      code: 'ERR_STORE_NO_ROLLBACK',
    });
  });

  it('checkRotation uses the reference usage and changes nothing', () => {
    const { registry, events } = setup();
    const report = registry.checkRotation('ref://api-keystore', 'api-bad');
    expect(report).toMatchObject({
      ok: false,
      reference: 'ref://api-keystore',
      from: 'api-2025',
      to: 'api-bad',
    });
    // the truststore of the reference was used: no TRUST_NOT_CHECKED warning
    expect(report.findings.map((f) => f.code)).toEqual(['ERR_ROTATION_HOSTNAME_DROPPED']);
    expect(registry.target('ref://api-keystore')).toBe('api-2025');
    expect(events).toHaveLength(0);
    // an override per call
    const other = registry.checkRotation('ref://api-keystore', 'api-2026', {
      trustStore: Truststore.empty(),
    });
    expect(other.findings.map((f) => f.code)).toEqual(['ERR_ROTATION_UNTRUSTED']);
  });

  it('force: true re-points despite blocking findings and records that it was forced', () => {
    const { registry, events } = setup();
    const r = registry.repoint('ref://api-keystore', 'api-bad', {
      force: true,
      actor: 'carol',
      reason: 'incident',
    });
    expect(r.forced).toBe(true);
    expect(registry.target('api-keystore')).toBe('api-bad');
    const last = registry.history('ref://api-keystore').at(-1)!;
    expect(last).toMatchObject({ action: 'repoint', forced: true, actor: 'carol', reason: 'incident' });
    expect(last.findings).toEqual(['ERR_ROTATION_HOSTNAME_DROPPED']);
    expect(events.map((e) => [e.type, e.forced])).toEqual([['repoint', true]]);
  });

  it('rollback walks back one step at a time, with history and events', () => {
    const { registry, events } = setup();
    registry.repoint('ref://api-keystore', 'api-2026');
    registry.repoint('ref://api-keystore', 'api-bad', { force: true });
    const back = registry.rollback('ref://api-keystore', { actor: 'oncall', reason: 'clients fail' });
    expect(back).toMatchObject({ action: 'rollback', from: 'api-bad', to: 'api-2026', actor: 'oncall' });
    expect(registry.resolve('ref://api-keystore')).toBe(better);
    registry.rollback('ref://api-keystore');
    expect(registry.target('ref://api-keystore')).toBe('api-2025');
    expect(thrown(() => registry.rollback('ref://api-keystore'))).toMatchObject({
      code: 'ERR_STORE_NO_ROLLBACK',
    });
    expect(events.map((e) => `${e.type}:${e.from}->${e.to}`)).toEqual([
      'repoint:api-2025->api-2026',
      'repoint:api-2026->api-bad',
      'rollback:api-bad->api-2026',
      'rollback:api-2026->api-2025',
    ]);
    expect(registry.history('ref://api-keystore').map((h) => h.action)).toEqual([
      'define',
      'repoint',
      'repoint',
      'rollback',
      'rollback',
    ]);
  });

  it('the injected clock is the time of the rotation check', () => {
    const { registry } = setup({ clock: steppingClock(T0 + 2 * 365 * DAY) });
    const e = thrown(() => registry.repoint('ref://api-keystore', 'api-2026'));
    expect((e as { details: { codes: string[] } }).details.codes).toContain('ERR_ROTATION_EXPIRED');
    expect(registry.checkRotation('ref://api-keystore', 'api-2026', { at: new Date() }).ok).toBe(true);
  });

  it('re-pointing to the current target is a no-op', () => {
    const { registry, events } = setup();
    expect(registry.repoint('ref://api-keystore', 'api-2025').changed).toBe(false);
    expect(events).toHaveLength(0);
    expect(registry.history('ref://api-keystore')).toHaveLength(1);
  });

  it('refuses a candidate of the other kind', () => {
    const { registry } = setup();
    expect(thrown(() => registry.repoint('ref://api-keystore', 'corp-roots'))).toMatchObject({
      code: 'ERR_STORE_KIND_MISMATCH',
    });
  });

  it('uses the role of the reference: an mTLS client store needs clientAuth', async () => {
    const { registry } = setup();
    const serverOnly = await store({ san: [{ dns: 'api.example.com' }], eku: [EKU.serverAuth] });
    const clientCert = await store({ san: [{ dns: 'api.example.com' }], eku: [EKU.clientAuth] });
    registry.putKeystore('client-old', clientCert);
    registry.putKeystore('client-new', serverOnly);
    registry.defineReference('ref://partner-mtls', 'client-old', {
      role: 'client',
      trustStore: 'corp-roots',
    });
    const e = thrown(() => registry.repoint('ref://partner-mtls', 'client-new'));
    const codes = (e as { details: { codes: string[] } }).details.codes;
    expect(codes).toContain('ERR_ROTATION_CLIENT_AUTH_MISSING');
    expect(codes).toContain('ERR_ROTATION_EKU_LOST');
  });

  it('a truststore rotation that drops the root peers chain to is blocked (ANCHOR_REMOVED) unless forced', async () => {
    const { registry, events } = setup();
    const newRoot = await mint({ subject: 'CN=New Root', ca: true });
    registry.putTruststore('roots-2027', Truststore.fromCertificates([newRoot.cert]));
    registry.defineReference('ref://client-trust', 'corp-roots');
    const e = thrown(() => registry.repoint('ref://client-trust', 'roots-2027'));
    expect(isCertkitError(e) && e.code).toBe('ERR_ROTATION_BLOCKED');
    expect((e as { details: { codes: string[] } }).details.codes).toEqual(['ERR_ROTATION_ANCHOR_REMOVED']);
    expect(events).toHaveLength(0);
    const r = registry.repoint('ref://client-trust', 'roots-2027', {
      force: true,
      actor: 'ops',
      reason: 'root retired',
    });
    expect(r.report.kind).toBe('truststore');
    expect(r.forced).toBe(true);
    expect(r.report.findings.map((f) => f.code)).toEqual(['ERR_ROTATION_ANCHOR_REMOVED']);
    expect(events).toHaveLength(1);
  });
});

describe('store replacement and deletion', () => {
  it('putKeystore over a used store emits one store-replaced event per reference', () => {
    const { registry, events } = setup();
    registry.defineReference('ref://api-keystore-b', 'api-2025');
    registry.defineReference('ref://unrelated', 'api-2026');
    registry.putKeystore('api-2025', better, { actor: 'renewer' });
    expect(events.map((e) => [e.type, e.reference, e.from, e.to, e.actor])).toEqual([
      ['store-replaced', 'ref://api-keystore', 'api-2025', 'api-2025', 'renewer'],
      ['store-replaced', 'ref://api-keystore-b', 'api-2025', 'api-2025', 'renewer'],
    ]);
    expect(events[0]!.store).toBe(better);
    expect(registry.resolve('ref://api-keystore')).toBe(better);
    registry.putKeystore('brand-new', good);
    expect(events).toHaveLength(2);
  });

  it('ERR_STORE_IN_USE names the references (targets and truststore users)', () => {
    const { registry } = setup();
    const e = thrown(() => registry.deleteStore('api-2025'));
    expect(isCertkitError(e) && e.code).toBe('ERR_STORE_IN_USE');
    expect((e as { details: { references: string[] } }).details.references).toEqual(['ref://api-keystore']);
    const t = thrown(() => registry.deleteStore('corp-roots'));
    expect((t as { details: { references: string[] } }).details.references).toEqual(['ref://api-keystore']);
    registry.repoint('ref://api-keystore', 'api-2026');
    registry.deleteStore('api-2025');
    expect(registry.hasStore('api-2025')).toBe(false);
    expect(registry.storeNames()).toEqual(['api-2026', 'api-bad', 'corp-roots']);
    // the earlier target is gone: rollback says so and changes nothing
    expect(thrown(() => registry.rollback('ref://api-keystore'))).toMatchObject({
      code: 'ERR_STORE_NOT_FOUND',
    });
    expect(registry.target('ref://api-keystore')).toBe('api-2026');
  });
});

describe('references as truststores', () => {
  it('a reference used as another reference’s truststore cannot be deleted', () => {
    const { registry } = setup();
    registry.defineReference('ref://trust', 'corp-roots');
    registry.defineReference('ref://mtls', 'api-2025', { role: 'client', trustStore: 'ref://trust' });
    expect(registry.checkRotation('ref://mtls', 'api-2026').findings).toEqual([]);
    expect(thrown(() => registry.deleteReference('ref://trust'))).toMatchObject({
      code: 'ERR_STORE_IN_USE',
      details: { references: ['ref://mtls'] },
    });
    registry.deleteReference('ref://mtls');
    registry.deleteReference('trust');
    expect(registry.references().map((r) => r.reference)).toEqual(['ref://api-keystore']);
  });
});

describe('listeners', () => {
  it('on() returns an unsubscribe function', () => {
    const { registry, events } = setup();
    const seen: string[] = [];
    const stop = registry.on('change', (e) => seen.push(e.to));
    registry.repoint('ref://api-keystore', 'api-2026');
    stop();
    registry.rollback('ref://api-keystore');
    expect(seen).toEqual(['api-2026']);
    expect(events).toHaveLength(2);
  });

  it('a throwing listener does not stop the others; the change stands; ERR_STORE_LISTENER_FAILED', () => {
    const { registry, events } = setup();
    registry.on('change', () => {
      throw new Error('reload failed');
    });
    const after: string[] = [];
    registry.on('change', (e) => after.push(e.to));
    const e = thrown(() => registry.repoint('ref://api-keystore', 'api-2026'));
    expect(isCertkitError(e) && e.code).toBe('ERR_STORE_LISTENER_FAILED');
    expect((e as Error).cause).toBeInstanceOf(Error);
    expect(registry.target('ref://api-keystore')).toBe('api-2026');
    expect(events).toHaveLength(1);
    expect(after).toEqual(['api-2026']);
  });

  it('onListenerError receives listener failures instead', () => {
    const failures: unknown[] = [];
    const registry = new StoreRegistry({ onListenerError: (err) => failures.push(err) });
    registry.putKeystore('a', good);
    registry.putKeystore('b', better);
    registry.defineReference('r', 'a');
    registry.on('change', () => {
      throw new Error('x');
    });
    registry.repoint('ref://r', 'b', {
      keyAlias: 'server',
      trustStore: Truststore.fromCertificates([root.cert]),
    });
    expect(failures).toHaveLength(1);
  });
});

describe('redaction', () => {
  it('errors, reports, events and history carry no key material', () => {
    const { registry, events } = setup();
    const blocked = thrown(() => registry.repoint('ref://api-keystore', 'api-bad'));
    registry.repoint('ref://api-keystore', 'api-bad', { force: true });
    const outputs = [
      JSON.stringify(blocked),
      inspect(blocked, { depth: 10 }),
      JSON.stringify(events),
      inspect(events, { depth: 10 }),
      JSON.stringify(registry.history()),
      JSON.stringify(registry.checkRotation('ref://api-keystore', 'api-2026')),
      inspect(registry.resolve('ref://api-keystore'), { depth: 10 }),
    ];
    for (const pem of pems) {
      const body = pem.split('\n')[2]!; // a line from the middle of the base64
      for (const out of outputs) expect(out).not.toContain(body);
    }
    for (const out of outputs) expect(out).not.toMatch(/PRIVATE KEY/);
  });
});
