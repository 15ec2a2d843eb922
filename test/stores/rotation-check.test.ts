import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkKeystoreRotation,
  checkTruststoreRotation,
  Keystore,
  type RotationReport,
  Truststore,
} from '../../src/stores/index.js';
import { EKU, KU, type Minted, type MintOptions, mint, rsaKeys } from '../helpers/make-certs.js';
import { DAY, ecCurveKeys, privateKeyOf } from './store-fixtures.js';

let root: Minted;
let inter: Minted;
let trust: Truststore;
let current: Keystore;

const SANS = [{ dns: 'api.example.com' }, { dns: 'www.example.com' }, { ip: '10.0.0.1' }];

/** A keystore (loaded as is, no upload checks) holding a new leaf under `alias`. */
async function store(o: Partial<MintOptions> & { issuer?: Minted; chain?: Minted[] }, alias = 'server') {
  const leaf = await mint({ subject: 'CN=api.example.com', issuer: o.issuer ?? inter, ...o });
  const ks = Keystore.fromContents({
    keys: [
      {
        alias,
        privateKey: await privateKeyOf(leaf),
        chain: [leaf.cert, ...(o.chain ?? [inter]).map((m) => m.cert)],
      },
    ],
  });
  return { leaf, ks };
}

function codes(r: RotationReport, severity?: 'blocking' | 'warning'): string[] {
  return r.findings.filter((f) => severity === undefined || f.severity === severity).map((f) => f.code);
}

beforeAll(async () => {
  // CAs outlive the leaves (minted later with the default one-year validity).
  const tenYears = new Date(Date.now() + 3650 * DAY);
  root = await mint({ subject: 'CN=Rotation Root', ca: true, notAfter: tenYears });
  inter = await mint({ subject: 'CN=Rotation Intermediate', ca: true, issuer: root, notAfter: tenYears });
  trust = Truststore.fromCertificates([root.cert]);
  const keys = await ecCurveKeys('P-384');
  current = (
    await store({
      keys,
      san: SANS,
      eku: [EKU.serverAuth, EKU.clientAuth],
      keyUsage: KU.digitalSignature | KU.nonRepudiation,
    })
  ).ks;
});

describe('checkKeystoreRotation', () => {
  it('a like-for-like candidate has no findings', async () => {
    const { ks } = await store({
      keys: await ecCurveKeys('P-384'),
      san: [...SANS, { dns: 'new.example.com' }],
      eku: [EKU.serverAuth, EKU.clientAuth],
      keyUsage: KU.digitalSignature | KU.nonRepudiation,
    });
    const r = checkKeystoreRotation(current, ks, { role: 'server', trustStore: trust });
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.keyAlias).toBe('server');
  });

  it('ERR_ROTATION_HOSTNAME_DROPPED lists DNS names and IPs no longer covered', async () => {
    const { ks } = await store({
      keys: await ecCurveKeys('P-384'),
      san: [{ dns: 'api.example.com' }],
      eku: [EKU.serverAuth, EKU.clientAuth],
      keyUsage: KU.digitalSignature | KU.nonRepudiation,
    });
    const r = checkKeystoreRotation(current, ks, { trustStore: trust });
    expect(codes(r)).toEqual(['ERR_ROTATION_HOSTNAME_DROPPED']);
    expect(r.findings[0]!.details?.dropped).toEqual(['www.example.com', '10.0.0.1']);
    expect(r.ok).toBe(false);
  });

  it('a wildcard covers the names it matches; dropping the wildcard itself is reported', async () => {
    const wild = (await store({ san: [{ dns: '*.example.com' }] })).ks;
    const exact = (await store({ san: [{ dns: 'api.example.com' }] })).ks;
    expect(codes(checkKeystoreRotation(exact, wild, { trustStore: trust }))).toEqual([]);
    const r = checkKeystoreRotation(wild, exact, { trustStore: trust });
    expect(r.findings[0]!.details?.dropped).toEqual(['*.example.com']);
  });

  it('ERR_ROTATION_KEY_DOWNGRADE: P-384 → P-256', async () => {
    const { ks } = await store({
      san: SANS,
      eku: [EKU.serverAuth, EKU.clientAuth],
      keyUsage: KU.digitalSignature | KU.nonRepudiation,
    });
    const r = checkKeystoreRotation(current, ks, { trustStore: trust });
    expect(codes(r)).toEqual(['ERR_ROTATION_KEY_DOWNGRADE']);
    expect(r.findings[0]!.details).toMatchObject({
      before: { label: 'EC P-384' },
      after: { label: 'EC P-256' },
    });
  });

  it('RSA 3072 → 2048 is a downgrade; RSA 3072 → EC P-256 (equal strength) and P-256 → RSA 3072 are not', async () => {
    const [k3072, k2048] = await Promise.all([rsaKeys(3072), rsaKeys(2048)]);
    const rsa3072 = (
      await store({ keys: k3072, san: SANS, keyUsage: KU.digitalSignature | KU.keyEncipherment })
    ).ks;
    const rsa2048 = (
      await store({ keys: k2048, san: SANS, keyUsage: KU.digitalSignature | KU.keyEncipherment })
    ).ks;
    const ec256 = (await store({ san: SANS, keyUsage: KU.digitalSignature })).ks;
    const down = checkKeystoreRotation(rsa3072, rsa2048, { trustStore: trust });
    expect(codes(down)).toEqual(['ERR_ROTATION_KEY_DOWNGRADE']);
    expect(down.findings[0]!.message).toContain('RSA 3072');
    // keyEncipherment does not apply to an EC key: not "lost"
    expect(codes(checkKeystoreRotation(rsa3072, ec256, { trustStore: trust }))).toEqual([]);
    expect(codes(checkKeystoreRotation(ec256, rsa3072, { trustStore: trust }))).toEqual([]);
    expect(codes(checkKeystoreRotation(ec256, rsa2048, { trustStore: trust }))).toEqual([
      'ERR_ROTATION_KEY_DOWNGRADE',
    ]);
  }, 60_000);

  it('ERR_ROTATION_EKU_LOST and ERR_ROTATION_KEY_USAGE_LOST', async () => {
    const { ks } = await store({
      keys: await ecCurveKeys('P-384'),
      san: SANS,
      eku: [EKU.serverAuth],
      keyUsage: KU.digitalSignature,
    });
    const r = checkKeystoreRotation(current, ks, { trustStore: trust });
    expect(codes(r, 'blocking')).toEqual(['ERR_ROTATION_KEY_USAGE_LOST', 'ERR_ROTATION_EKU_LOST']);
    expect(r.findings.find((f) => f.code === 'ERR_ROTATION_EKU_LOST')!.details?.lost).toEqual(['clientAuth']);
    expect(r.findings.find((f) => f.code === 'ERR_ROTATION_KEY_USAGE_LOST')!.details?.lost).toEqual([
      'nonRepudiation',
    ]);
  });

  it('ERR_ROTATION_EKU_LOST is a warning when the current certificate had no EKU', async () => {
    const noEku = (await store({ san: SANS, eku: 'omit' })).ks;
    const withEku = (await store({ san: SANS, eku: [EKU.serverAuth] })).ks;
    const r = checkKeystoreRotation(noEku, withEku, { trustStore: trust });
    expect(codes(r, 'warning')).toEqual(['ERR_ROTATION_EKU_LOST']);
    expect(r.ok).toBe(true);
  });

  it('ERR_ROTATION_CLIENT_AUTH_MISSING for an mTLS client store; a warning without any EKU', async () => {
    const serverOnly = (await store({ san: SANS, eku: [EKU.serverAuth] })).ks;
    const r = checkKeystoreRotation(undefined, serverOnly, { role: 'client', trustStore: trust });
    expect(codes(r, 'blocking')).toEqual(['ERR_ROTATION_CLIENT_AUTH_MISSING']);
    const noEku = (await store({ san: SANS, eku: 'omit' })).ks;
    const w = checkKeystoreRotation(undefined, noEku, { role: 'client', trustStore: trust });
    expect(codes(w, 'warning')).toEqual(['ERR_ROTATION_CLIENT_AUTH_MISSING']);
    const client = (await store({ eku: [EKU.clientAuth] })).ks;
    expect(checkKeystoreRotation(undefined, client, { role: 'client', trustStore: trust }).findings).toEqual(
      [],
    );
  });

  it('ERR_ROTATION_SERVER_AUTH_MISSING for a server store whose EKU lacks serverAuth', async () => {
    const clientOnly = (await store({ eku: [EKU.clientAuth] })).ks;
    expect(
      codes(checkKeystoreRotation(undefined, clientOnly, { role: 'server', trustStore: trust })),
    ).toEqual(['ERR_ROTATION_SERVER_AUTH_MISSING']);
  });

  it('ERR_ROTATION_INTERMEDIATE_EXPIRES_FIRST (a warning)', async () => {
    const shortInter = await mint({
      subject: 'CN=Short Intermediate',
      ca: true,
      issuer: root,
      notAfter: new Date(Date.now() + 100 * DAY),
    });
    const { ks } = await store({
      issuer: shortInter,
      chain: [shortInter],
      notAfter: new Date(Date.now() + 300 * DAY),
    });
    const r = checkKeystoreRotation(undefined, ks, { trustStore: trust });
    expect(codes(r)).toEqual(['ERR_ROTATION_INTERMEDIATE_EXPIRES_FIRST']);
    expect(r.ok).toBe(true);
    expect(r.findings[0]).toMatchObject({ depth: 1, subject: 'CN=Short Intermediate' });
    expect(r.findings[0]!.details?.daysBeforeLeaf).toBeGreaterThanOrEqual(199);
  });

  it('ERR_ROTATION_UNTRUSTED when the chain does not reach the profile truststore; ERR_ROTATION_TRUST_NOT_CHECKED without one', async () => {
    const otherRoot = await mint({ subject: 'CN=Other Root', ca: true });
    const { ks } = await store({});
    const r = checkKeystoreRotation(undefined, ks, {
      trustStore: Truststore.fromCertificates([otherRoot.cert]),
    });
    expect(codes(r)).toEqual(['ERR_ROTATION_UNTRUSTED']);
    const problems = r.findings[0]!.details?.problems as { code: string }[];
    expect(problems.map((p) => p.code)).toContain('ERR_CHAIN_NO_ISSUER');
    const missingInter = Keystore.fromContents({
      keys: [{ ...ks.entry('server'), chain: [ks.entry('server').leaf] }],
    });
    expect(codes(checkKeystoreRotation(undefined, missingInter, { trustStore: trust }))).toEqual([
      'ERR_ROTATION_UNTRUSTED',
    ]);
    const unchecked = checkKeystoreRotation(undefined, ks, {});
    expect(codes(unchecked, 'warning')).toEqual(['ERR_ROTATION_TRUST_NOT_CHECKED']);
  });

  it('ERR_ROTATION_ALIAS_MISSING and ERR_ROTATION_ALIAS_AMBIGUOUS', async () => {
    const { ks } = await store({}, 'other-alias');
    const r = checkKeystoreRotation(current, ks, { keyAlias: 'server', trustStore: trust });
    expect(codes(r)).toEqual(['ERR_ROTATION_ALIAS_MISSING']);
    expect(r.findings[0]!.details?.aliases).toEqual(['other-alias']);
    const two = Keystore.fromContents({
      keys: [...ks.entries(), { ...ks.entry('other-alias'), alias: 'second' }],
    });
    expect(codes(checkKeystoreRotation(current, two, { trustStore: trust }))).toEqual([
      'ERR_ROTATION_ALIAS_AMBIGUOUS',
    ]);
    expect(checkKeystoreRotation(undefined, two, { keyAlias: 'second', trustStore: trust }).ok).toBe(true);
  });

  it('ERR_ROTATION_KEY_MISMATCH', async () => {
    const a = await store({});
    const b = await store({});
    const mixed = Keystore.fromContents({
      keys: [
        { alias: 'server', privateKey: a.ks.entry('server').privateKey, chain: b.ks.entry('server').chain },
      ],
    });
    expect(codes(checkKeystoreRotation(undefined, mixed, { trustStore: trust }))).toEqual([
      'ERR_ROTATION_KEY_MISMATCH',
    ]);
  });

  it('ERR_ROTATION_EXPIRED, ERR_ROTATION_NOT_YET_VALID, ERR_ROTATION_EXPIRING (threshold configurable)', async () => {
    const { ks, leaf } = await store({ notAfter: new Date(Date.now() + 10 * DAY) });
    const soon = checkKeystoreRotation(undefined, ks, { trustStore: trust });
    expect(codes(soon, 'warning')).toEqual(['ERR_ROTATION_EXPIRING']);
    expect(soon.findings[0]!.details?.daysRemaining).toBe(9);
    expect(
      checkKeystoreRotation(undefined, ks, { trustStore: trust, expiringWithinDays: 5 }).findings,
    ).toEqual([]);
    const after = new Date(leaf.cert.notAfter.getTime() + DAY);
    expect(codes(checkKeystoreRotation(undefined, ks, { trustStore: trust, at: after }), 'blocking')).toEqual(
      ['ERR_ROTATION_EXPIRED'],
    );
    const future = (await store({ notBefore: new Date(Date.now() + 2 * DAY) })).ks;
    expect(codes(checkKeystoreRotation(undefined, future, { trustStore: trust }), 'blocking')).toEqual([
      'ERR_ROTATION_NOT_YET_VALID',
    ]);
  });

  it('misuse is a TypeError', () => {
    expect(() => checkKeystoreRotation(undefined, current, { role: 'peer' as 'server' })).toThrow(TypeError);
    expect(() => checkKeystoreRotation(undefined, current, { expiringWithinDays: -1 })).toThrow(TypeError);
  });
});

describe('checkTruststoreRotation', () => {
  it('ERR_ROTATION_ANCHOR_REMOVED (blocking) for each certificate dropped', async () => {
    const newRoot = await mint({ subject: 'CN=New Root', ca: true });
    const r = checkTruststoreRotation(
      Truststore.fromCertificates([root.cert, inter.cert]),
      Truststore.fromCertificates([newRoot.cert, inter.cert]),
    );
    expect(codes(r)).toEqual(['ERR_ROTATION_ANCHOR_REMOVED']);
    expect(r.findings[0]!.subject).toBe('CN=Rotation Root');
    expect(r.findings[0]!.severity).toBe('blocking');
    expect(r.ok).toBe(false);
    // Adding a root only is fine.
    expect(
      checkTruststoreRotation(
        Truststore.fromCertificates([root.cert]),
        Truststore.fromCertificates([root.cert, newRoot.cert]),
      ).ok,
    ).toBe(true);
  });
});
