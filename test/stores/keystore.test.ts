import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RevocationChecker } from '../../src/chain/index.js';
import { isCertkitError } from '../../src/errors/index.js';
import { exportPrivateKey, type PrivateKey } from '../../src/keys/index.js';
import {
  checkKeyEntry,
  checkKeyEntryAsync,
  type KeyEntryFinding,
  Keystore,
  Truststore,
} from '../../src/stores/index.js';
import { parseCertificates } from '../../src/x509/index.js';
import { type Minted, mint, simpleChain } from '../helpers/make-certs.js';
import { crlFor, DAY, privateKeyOf, privateKeyPem } from './store-fixtures.js';

function codes(findings: readonly KeyEntryFinding[], severity?: 'blocking' | 'warning'): string[] {
  return findings.filter((f) => severity === undefined || f.severity === severity).map((f) => f.code);
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

let root: Minted;
let inter: Minted;
let leaf: Minted;
let key: PrivateKey;
let keyPem: string;
let other: Minted;

beforeAll(async () => {
  ({ root, inter, leaf } = await simpleChain('api.example.com'));
  key = await privateKeyOf(leaf);
  keyPem = await privateKeyPem(leaf.keys);
  other = await mint({ subject: 'CN=other.example.com', issuer: inter, san: [{ dns: 'other.example.com' }] });
});

describe('upload checks', () => {
  it('accepts a good entry completed by trust, with no findings', () => {
    const r = checkKeyEntry({ privateKey: key, chain: [leaf.cert, inter.cert] }, { trust: [root.cert] });
    expect(r.ok).toBe(true);
    expect(r.findings).toEqual([]);
    expect(r.chain.map((c) => c.sha256Fingerprint)).toEqual([
      leaf.cert.sha256Fingerprint,
      inter.cert.sha256Fingerprint,
    ]);
  });

  it('accepts PEM text for key and chain', () => {
    const ks = Keystore.empty().withEntry(
      'a',
      { privateKey: keyPem, chain: [leaf.pem, inter.pem, root.pem].join('\n') },
      { trust: [root.cert] },
    );
    expect(ks.entry('a').chain).toHaveLength(3);
    expect(ks.entry('a').privateKey.publicKey.sha256Fingerprint).toBe(leaf.cert.publicKey.sha256Fingerprint);
  });

  it('takes one key + chain PEM file as both key and chain', () => {
    const bundle = [keyPem, leaf.pem, inter.pem, root.pem].join('\n');
    const ks = Keystore.empty().withEntry('a', { privateKey: bundle, chain: bundle }, { trust: [root.cert] });
    expect(ks.entry('a').chain.map((c) => c.sha256Fingerprint)).toEqual(
      [leaf, inter, root].map((m) => m.cert.sha256Fingerprint),
    );
    expect(codes(checkKeyEntry({ privateKey: key, chain: keyPem }).findings)).toEqual([
      'ERR_KEYSTORE_CHAIN_EMPTY',
    ]);
  });

  it('ERR_KEYSTORE_KEY_MISMATCH with both fingerprints', async () => {
    const wrong = await privateKeyOf(other);
    const e = thrown(() =>
      Keystore.empty().withEntry(
        'a',
        { privateKey: wrong, chain: [leaf.cert, inter.cert] },
        { trust: [root.cert] },
      ),
    );
    expect(isCertkitError(e) && e.code).toBe('ERR_KEYSTORE_KEY_MISMATCH');
    const f = (e as { details: { findings: KeyEntryFinding[] } }).details.findings[0]!;
    expect(f.details?.certificatePublicKeySha256).toBe(leaf.cert.publicKey.sha256Fingerprint);
    expect(f.details?.keyPublicKeySha256).toBe(other.cert.publicKey.sha256Fingerprint);
  });

  it('ERR_KEYSTORE_CHAIN_INCOMPLETE without trust; a warning with allowIncompleteChain', () => {
    const r = checkKeyEntry({ privateKey: key, chain: [leaf.cert] });
    expect(codes(r.findings, 'blocking')).toEqual(['ERR_KEYSTORE_CHAIN_INCOMPLETE']);
    expect(r.findings[0]!.details?.issuer).toBe('CN=Test Intermediate');
    const lenient = checkKeyEntry({ privateKey: key, chain: [leaf.cert] }, { allowIncompleteChain: true });
    expect(lenient.ok).toBe(true);
    expect(codes(lenient.findings, 'warning')).toEqual(['ERR_KEYSTORE_CHAIN_INCOMPLETE']);
  });

  it('a root carried inside the chain is never trusted: ERR_KEYSTORE_PRIVATE_CA unless configured or allowed', async () => {
    const input = { privateKey: key, chain: [leaf.cert, inter.cert, root.cert] };
    // Default anchors are Node's public roots: the chain is complete but ends at a private root.
    const byDefault = checkKeyEntry(input);
    expect(codes(byDefault.findings, 'blocking')).toEqual(['ERR_KEYSTORE_PRIVATE_CA']);
    expect(byDefault.findings[0]!.depth).toBe(2);
    expect(byDefault.findings[0]!.details?.rule).toBe('configured-anchors-only');
    // `trust` naming a different root: the root in the upload is still not trusted.
    const otherRoot = await mint({ subject: 'CN=Other Root', ca: true });
    const e = thrown(() => Keystore.empty().withEntry('a', input, { trust: [otherRoot.cert] }));
    expect(isCertkitError(e) && e.code).toBe('ERR_KEYSTORE_PRIVATE_CA');
    // The same root configured as an anchor is trusted; allowPrivateCa accepts it with a warning.
    expect(checkKeyEntry(input, { trust: [root.cert] }).findings).toEqual([]);
    const allowed = checkKeyEntry(input, { allowPrivateCa: true });
    expect(allowed.ok).toBe(true);
    expect(codes(allowed.findings, 'warning')).toEqual(['ERR_KEYSTORE_PRIVATE_CA']);
  });

  it('ERR_KEYSTORE_UNTRUSTED when the chain reaches a configured anchor but does not validate', async () => {
    // The "intermediate" is an end-entity certificate (cA=false): it may not issue (RFC 5280 6.1.4 (k)).
    const notCa = await mint({ subject: 'CN=Not A CA', ca: false, issuer: root });
    const below = await mint({
      subject: 'CN=api.example.com',
      issuer: notCa,
      san: [{ dns: 'api.example.com' }],
    });
    const r = checkKeyEntry(
      { privateKey: await privateKeyOf(below), chain: [below.cert, notCa.cert] },
      { trust: [root.cert] },
    );
    expect(codes(r.findings, 'blocking')).toEqual(['ERR_KEYSTORE_UNTRUSTED']);
    const problems = r.findings[0]!.details?.problems as { code: string }[];
    expect(problems.map((p) => p.code)).toContain('ERR_CHAIN_NOT_CA');
  });

  it('ERR_KEYSTORE_CHAIN_OUT_OF_ORDER: stored ordered (warning), refused with strictOrder', () => {
    const input = { privateKey: key, chain: [inter.cert, leaf.cert] };
    const ks = Keystore.empty().withEntry('a', input, { trust: [root.cert] });
    expect(ks.entry('a').chain[0]!.sha256Fingerprint).toBe(leaf.cert.sha256Fingerprint);
    expect(codes(checkKeyEntry(input, { trust: [root.cert] }).findings, 'warning')).toEqual([
      'ERR_KEYSTORE_CHAIN_OUT_OF_ORDER',
    ]);
    const e = thrown(() => Keystore.empty().withEntry('a', input, { trust: [root.cert], strictOrder: true }));
    expect(isCertkitError(e) && e.code).toBe('ERR_KEYSTORE_CHAIN_OUT_OF_ORDER');
  });

  it('ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE: unrelated and duplicate certificates are left out', () => {
    const unrelated = other.cert; // a leaf: not part of leaf's chain
    const r = checkKeyEntry(
      { privateKey: key, chain: [leaf.cert, inter.cert, inter.cert, unrelated] },
      { trust: [root.cert] },
    );
    expect(r.ok).toBe(true);
    expect(codes(r.findings)).toContain('ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE');
    expect(r.findings.filter((f) => f.code === 'ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE')).toHaveLength(2);
    expect(r.chain).toHaveLength(2);
    const strict = checkKeyEntry(
      { privateKey: key, chain: [leaf.cert, inter.cert, inter.cert] },
      { trust: [root.cert], strictOrder: true },
    );
    expect(codes(strict.findings, 'blocking')).toEqual(['ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE']);
  });

  it('ERR_KEYSTORE_CERT_EXPIRED and ERR_KEYSTORE_CERT_NOT_YET_VALID, by depth, at the given time', () => {
    const later = new Date(leaf.cert.notAfter.getTime() + DAY);
    const expired = checkKeyEntry(
      { privateKey: key, chain: [leaf.cert, inter.cert] },
      { trust: [root.cert], at: later },
    );
    expect(codes(expired.findings, 'blocking')).toEqual([
      'ERR_KEYSTORE_CERT_EXPIRED',
      'ERR_KEYSTORE_CERT_EXPIRED',
    ]);
    expect(expired.findings.map((f) => f.depth)).toEqual([0, 1]);
    const earlier = new Date(leaf.cert.notBefore.getTime() - DAY);
    const early = checkKeyEntry(
      { privateKey: key, chain: [leaf.cert, inter.cert] },
      { trust: [root.cert], at: earlier },
    );
    expect(codes(early.findings, 'blocking')).toContain('ERR_KEYSTORE_CERT_NOT_YET_VALID');
    expect(early.findings[0]!.details?.notBefore).toBe(leaf.cert.notBefore.toISOString());
  });

  it('ERR_KEYSTORE_KEY_ENCRYPTED for encrypted PEM without a password; the password opens it', () => {
    const encrypted = exportPrivateKey(key, { format: 'pkcs8-pem', password: 's3cret-pw', iterations: 1000 });
    const chain = [leaf.cert, inter.cert, root.cert];
    const trust = { trust: [root.cert] };
    const r = checkKeyEntry({ privateKey: encrypted, chain }, trust);
    expect(codes(r.findings, 'blocking')).toEqual(['ERR_KEYSTORE_KEY_ENCRYPTED']);
    expect(checkKeyEntry({ privateKey: encrypted, chain, password: 's3cret-pw' }, trust).ok).toBe(true);
    const bad = checkKeyEntry({ privateKey: encrypted, chain, password: 'wrong' }, trust);
    expect(codes(bad.findings, 'blocking')).toEqual(['ERR_KEYSTORE_KEY_UNREADABLE']);
    expect(bad.findings[0]!.details?.keyError).toBe('ERR_KEY_BAD_PASSWORD');
    // the password never shows up
    const e = thrown(() =>
      Keystore.empty().withEntry('a', { privateKey: encrypted, chain, password: 'wrong' }),
    );
    expect(JSON.stringify(e)).not.toContain('wrong"');
    expect(inspect(e)).not.toMatch(/password: 'wrong'/);
  });

  it('ERR_KEYSTORE_CHAIN_UNREADABLE and ERR_KEYSTORE_CHAIN_EMPTY', () => {
    expect(codes(checkKeyEntry({ privateKey: key, chain: 'not a certificate' }).findings)).toEqual([
      'ERR_KEYSTORE_CHAIN_UNREADABLE',
    ]);
    expect(codes(checkKeyEntry({ privateKey: key, chain: [] }).findings)).toEqual([
      'ERR_KEYSTORE_CHAIN_EMPTY',
    ]);
  });

  it('ERR_KEYSTORE_SELF_SIGNED by default, even when trusted; allowPrivateCa accepts it', async () => {
    const self = await mint({ subject: 'CN=self.example.com', san: [{ dns: 'self.example.com' }] });
    const input = { privateKey: await privateKeyOf(self), chain: [self.cert] };
    const refused = checkKeyEntry(input);
    expect(codes(refused.findings)).toEqual(['ERR_KEYSTORE_SELF_SIGNED']);
    expect(refused.findings[0]!.details?.rule).toBe('self-signed');
    expect(codes(checkKeyEntry(input, { trust: [self.cert] }).findings)).toEqual([
      'ERR_KEYSTORE_SELF_SIGNED',
    ]);
    expect(checkKeyEntry(input, { allowPrivateCa: true }).findings).toEqual([]);
    expect(codes(checkKeyEntry(input, { allowPrivateCa: true, refuseSelfSigned: true }).findings)).toEqual([
      'ERR_KEYSTORE_SELF_SIGNED',
    ]);
  });

  it('ERR_KEYSTORE_UNTRUSTED when the chain does not reach requireTrustedBy', async () => {
    const otherRoot = await mint({ subject: 'CN=Other Root', ca: true });
    const input = { privateKey: key, chain: [leaf.cert, inter.cert] };
    const good = checkKeyEntry(input, { requireTrustedBy: Truststore.fromCertificates([root.cert]) });
    expect(good.ok).toBe(true);
    const r = checkKeyEntry(input, {
      requireTrustedBy: Truststore.fromCertificates([otherRoot.cert]),
      allowIncompleteChain: true,
    });
    expect(codes(r.findings, 'blocking')).toEqual(['ERR_KEYSTORE_UNTRUSTED']);
    const problems = r.findings.find((f) => f.code === 'ERR_KEYSTORE_UNTRUSTED')!.details?.problems as {
      code: string;
    }[];
    expect(problems.map((p) => p.code)).toContain('ERR_CHAIN_NO_ISSUER');
  });

  it('lists every finding at once, and the error carries the first blocking code', async () => {
    const wrong = await privateKeyOf(other);
    const later = new Date(leaf.cert.notAfter.getTime() + DAY);
    const r = checkKeyEntry({ privateKey: wrong, chain: [leaf.cert] }, { at: later });
    expect(new Set(codes(r.findings))).toEqual(
      new Set(['ERR_KEYSTORE_CHAIN_INCOMPLETE', 'ERR_KEYSTORE_CERT_EXPIRED', 'ERR_KEYSTORE_KEY_MISMATCH']),
    );
    const e = thrown(() =>
      Keystore.empty().withEntry('x', { privateKey: wrong, chain: [leaf.cert] }, { at: later }),
    );
    expect(isCertkitError(e) && e.code).toBe(r.findings.find((f) => f.severity === 'blocking')!.code);
    expect((e as { details: { codes: string[] } }).details.codes).toHaveLength(3);
  });

  it('revocation needs the async variant', () => {
    expect(() =>
      checkKeyEntry({ privateKey: key, chain: [leaf.cert] }, { revocation: [] } as unknown as Parameters<
        typeof checkKeyEntry
      >[1]),
    ).toThrow(TypeError);
  });

  it('ERR_KEYSTORE_CERT_REVOKED from a CRL of the issuer', async () => {
    const crl = await crlFor(inter, [leaf]);
    const rootCrl = await crlFor(root, []);
    const input = { privateKey: key, chain: [leaf.cert, inter.cert] };
    const r = await checkKeyEntryAsync(input, { trust: [root.cert], revocation: [crl, rootCrl] });
    expect(codes(r.findings, 'blocking')).toEqual(['ERR_KEYSTORE_CERT_REVOKED']);
    expect(r.findings[0]!.details?.reason).toBe('keyCompromise');
    await expect(
      Keystore.empty().withEntryAsync('a', input, { trust: [root.cert], revocation: [crl, rootCrl] }),
    ).rejects.toMatchObject({ code: 'ERR_KEYSTORE_CERT_REVOKED' });
    const clean = await crlFor(inter, [other]);
    const ok = await checkKeyEntryAsync(input, { trust: [root.cert], revocation: [clean, rootCrl] });
    expect(ok.findings).toEqual([]);
  });

  it('ERR_KEYSTORE_REVOCATION_UNKNOWN: a warning by default, blocking with hard-fail', async () => {
    const input = { privateKey: key, chain: [leaf.cert, inter.cert] };
    const soft = await checkKeyEntryAsync(input, { trust: [root.cert], revocation: [] });
    expect(soft.ok).toBe(true);
    expect(codes(soft.findings, 'warning')).toEqual([
      'ERR_KEYSTORE_REVOCATION_UNKNOWN',
      'ERR_KEYSTORE_REVOCATION_UNKNOWN',
    ]);
    const hard = await checkKeyEntryAsync(input, {
      trust: [root.cert],
      revocation: [],
      revocationPolicy: 'hard-fail',
    });
    expect(hard.ok).toBe(false);
  });

  it('takes any RevocationChecker and asks about every link up to the root', async () => {
    const asked: number[] = [];
    const checker: RevocationChecker = {
      check: (_c, _i, ctx) => {
        asked.push(ctx.depth);
        return { status: 'good', source: 'ocsp' };
      },
    };
    const r = await checkKeyEntryAsync(
      { privateKey: key, chain: [leaf.cert, inter.cert, root.cert] },
      { trust: [root.cert], revocation: checker },
    );
    expect(r.ok).toBe(true);
    expect(asked).toEqual([0, 1]);
  });
});

describe('Keystore value', () => {
  it('is immutable: withEntry returns a new keystore', () => {
    const a = Keystore.empty();
    const b = a.withEntry('s', { privateKey: key, chain: [leaf.cert, inter.cert] }, { trust: [root.cert] });
    expect(a.size).toBe(0);
    expect(b.aliases).toEqual(['s']);
    expect(Object.isFrozen(b)).toBe(true);
    expect(b.withoutEntry('s').size).toBe(0);
  });

  it('ERR_STORE_ALIAS_EXISTS unless replace; ERR_STORE_ALIAS_NOT_FOUND', () => {
    const chain = [leaf.cert, inter.cert, root.cert];
    const ks = Keystore.empty().withEntry('s', { privateKey: key, chain }, { trust: [root.cert] });
    const e = thrown(() => ks.withEntry('s', { privateKey: key, chain }, { trust: [root.cert] }));
    expect(isCertkitError(e) && e.code).toBe('ERR_STORE_ALIAS_EXISTS');
    expect(ks.withEntry('s', { privateKey: key, chain }, { replace: true, trust: [root.cert] }).size).toBe(1);
    const n = thrown(() => ks.entry('nope'));
    expect(isCertkitError(n) && n.code).toBe('ERR_STORE_ALIAS_NOT_FOUND');
    expect((n as { details: { aliases: string[] } }).details.aliases).toEqual(['s']);
  });

  it('misuse is a TypeError', () => {
    expect(() => Keystore.empty().withEntry('', { privateKey: key, chain: [] })).toThrow(TypeError);
    expect(() => Keystore.empty().withEntry('a', { privateKey: 42 as unknown as string, chain: [] })).toThrow(
      TypeError,
    );
    expect(() => Keystore.empty().withEntry('a', { privateKey: key, chain: [{}] as never })).toThrow(
      TypeError,
    );
  });

  it('toJSON and inspect show fingerprints, subjects and expiry, never key material', async () => {
    const ks = Keystore.empty().withEntry(
      's',
      { privateKey: keyPem, chain: [leaf.cert, inter.cert, root.cert] },
      { trust: [root.cert] },
    );
    const json = JSON.stringify(ks);
    const text = inspect(ks, { depth: 10 });
    const pkcs8 = keyPem.split('\n').slice(1, -2).join('');
    const d = (await crypto.subtle.exportKey('jwk', leaf.keys.privateKey)).d!;
    for (const out of [json, text, String(ks), inspect(ks.entry('s')), JSON.stringify(ks.entry('s'))]) {
      expect(out).not.toContain(pkcs8.slice(0, 40));
      expect(out).not.toContain(d);
      expect(out).not.toMatch(/PRIVATE KEY/);
    }
    expect(json).toContain(leaf.cert.sha256Fingerprint);
    expect(json).toContain('CN=api.example.com');
    expect(json).toContain(leaf.cert.notAfter.toISOString());
    expect(text).toContain(key.publicKey.sha256Fingerprint);
  });

  it('equals and diff by fingerprint', async () => {
    const chain = [leaf.cert, inter.cert, root.cert];
    const trust = { trust: [root.cert] };
    const a = Keystore.empty()
      .withEntry('s', { privateKey: key, chain }, trust)
      .withEntry('t', { privateKey: key, chain }, trust);
    const same = Keystore.empty()
      .withEntry('t', { privateKey: keyPem, chain }, trust)
      .withEntry('s', { privateKey: key, chain }, trust);
    expect(a.equals(same)).toBe(true);
    expect(a.diff(same).equal).toBe(true);
    const otherKey = await privateKeyOf(other);
    const b = a
      .withoutEntry('t')
      .withEntry(
        's',
        { privateKey: otherKey, chain: [other.cert, inter.cert, root.cert] },
        { replace: true, ...trust },
      )
      .withEntry('u', { privateKey: key, chain }, trust);
    expect(a.equals(b)).toBe(false);
    const d = a.diff(b);
    expect(d.added).toEqual([{ alias: 'u', sha256Fingerprint: leaf.cert.sha256Fingerprint }]);
    expect(d.removed).toEqual([{ alias: 't', sha256Fingerprint: leaf.cert.sha256Fingerprint }]);
    expect(d.changed).toEqual([
      {
        alias: 's',
        before: leaf.cert.sha256Fingerprint,
        after: other.cert.sha256Fingerprint,
        changes: ['certificate', 'key'],
      },
    ]);
    const shorter = a.withEntry(
      's',
      { privateKey: key, chain: [leaf.cert, inter.cert] },
      { replace: true, trust: [root.cert] },
    );
    expect(a.diff(shorter).changed[0]!.changes).toEqual(['chain']);
  });

  it('check() audits every entry at a future time', () => {
    const ks = Keystore.empty().withEntry(
      's',
      { privateKey: key, chain: [leaf.cert, inter.cert, root.cert] },
      { trust: [root.cert] },
    );
    expect(ks.check({ trust: [root.cert] })).toEqual([]);
    expect(ks.check().map((f) => f.code)).toEqual(['ERR_KEYSTORE_PRIVATE_CA']);
    const audit = ks.check({ at: new Date(leaf.cert.notAfter.getTime() + DAY), trust: [root.cert] });
    expect(audit.map((f) => `${f.alias}:${f.code}`)).toContain('s:ERR_KEYSTORE_CERT_EXPIRED');
  });

  it('fromContents loads entries as they are, and with checks runs the upload checks', async () => {
    const wrong = await privateKeyOf(other);
    const contents = { keys: [{ alias: 'k', privateKey: wrong, chain: [leaf.cert] }] };
    expect(Keystore.fromContents(contents).entry('k').chain).toHaveLength(1);
    const e = thrown(() => Keystore.fromContents(contents, { checks: { allowIncompleteChain: true } }));
    expect(isCertkitError(e) && e.code).toBe('ERR_KEYSTORE_KEY_MISMATCH');
    const empty = thrown(() => Keystore.fromContents({ keys: [{ alias: 'k', privateKey: key, chain: [] }] }));
    expect(isCertkitError(empty) && empty.code).toBe('ERR_KEYSTORE_CHAIN_EMPTY');
  });
});

describe('Truststore value', () => {
  it('builds from certificates with CN aliases, dedupes them, and writes PEM', () => {
    const ts = Truststore.fromCertificates([root.cert, inter.cert, root.cert]);
    expect(ts.aliases).toEqual(['test-root', 'test-intermediate', 'test-root-2']);
    expect(parseCertificates(ts.toPem()).map((c) => c.sha256Fingerprint)).toEqual(
      [root, inter, root].map((m) => m.cert.sha256Fingerprint),
    );
    expect(ts.contains(inter.cert)).toBe(true);
    expect(ts.contains(leaf.cert)).toBe(false);
    expect(ts.anchors.size).toBe(2);
  });

  it('withCertificate takes PEM; bad text is ERR_KEYSTORE_CHAIN_UNREADABLE; duplicates refused', () => {
    const ts = Truststore.empty().withCertificate('r', root.pem);
    expect(ts.certificate('r').sha256Fingerprint).toBe(root.cert.sha256Fingerprint);
    const bad = thrown(() => ts.withCertificate('x', 'garbage'));
    expect(isCertkitError(bad) && bad.code).toBe('ERR_KEYSTORE_CHAIN_UNREADABLE');
    const dup = thrown(() => ts.withCertificate('r', inter.cert));
    expect(isCertkitError(dup) && dup.code).toBe('ERR_STORE_ALIAS_EXISTS');
  });

  it('equals, diff and JSON', () => {
    const a = Truststore.empty().withCertificate('r', root.cert).withCertificate('i', inter.cert);
    const b = Truststore.empty().withCertificate('i', inter.cert).withCertificate('r', root.cert);
    expect(a.equals(b)).toBe(true);
    const c = b.withoutCertificate('i').withCertificate('r', leaf.cert, { replace: true });
    const d = a.diff(c);
    expect(d.removed.map((e) => e.alias)).toEqual(['i']);
    expect(d.changed).toEqual([
      {
        alias: 'r',
        before: root.cert.sha256Fingerprint,
        after: leaf.cert.sha256Fingerprint,
        changes: ['certificate'],
      },
    ]);
    expect(JSON.parse(JSON.stringify(a))).toMatchObject({
      kind: 'truststore',
      entries: [{ alias: 'r', certificate: { subject: 'CN=Test Root' } }, { alias: 'i' }],
    });
    expect(inspect(a)).toContain('CN=Test Intermediate');
  });
});
