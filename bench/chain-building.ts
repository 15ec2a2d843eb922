/**
 * Chain building + validation for one leaf (EC P-256: root → intermediate → leaf) with pools of 1, 100,
 * 1,000 and 10,000 unrelated (RSA-2048) intermediates and the system CA bundle plus the test root as trust, side
 * by side: certkit `buildChain` (full RFC 5280 / web PKI validation, host name, with the shared signature
 * cache and with no cache), `@peculiar/x509` `X509ChainBuilder` (builds, validates nothing), `pkijs`
 * `CertificateChainValidationEngine` (pool of 1 only: with 10 unrelated intermediates it did not finish within minutes), and a loop over Node's native
 * `X509Certificate.checkIssued` / `verify` with a subject index. Also the memory of a 10,000 pool.
 */
import 'reflect-metadata';
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as peculiar from '@peculiar/x509';
import * as pkijs from 'pkijs';
import {
  buildChain,
  CertificatePool,
  createCrlChecker,
  TrustAnchors,
  verifyChain,
} from '../src/chain/index.js';
import { Certificate, parseCertificates, parseCrl } from '../src/x509/index.js';
import { compare, printComparison } from './harness.js';

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const SIZES = [1, 100, 1_000, 10_000] as const;
const PKIJS_MAX = 1; // with 10 unrelated intermediates (issuer absent) pkijs did not finish in minutes
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

interface Fixture {
  readonly root: Uint8Array;
  readonly inter: Uint8Array;
  readonly leaf: Uint8Array;
  readonly unrelated: Uint8Array[];
  readonly system: Uint8Array[];
  /** Current CRLs of the intermediate and of the root (nothing revoked). */
  readonly crls: Uint8Array[];
}

export async function makeFixture(maxUnrelated: number): Promise<Fixture> {
  peculiar.cryptoProvider.set(webcrypto as unknown as Parameters<typeof peculiar.cryptoProvider.set>[0]);
  const key = () =>
    webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
  const [rootKeys, interKeys, leafKeys] = await Promise.all([key(), key(), key()]);
  // Unrelated intermediates: RSA-2048 like most real CAs, so their size (~900 bytes) is realistic.
  const otherKeys = (await webcrypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const mk = async (
    subject: string,
    issuer: string,
    keys: webcrypto.CryptoKeyPair,
    signer: webcrypto.CryptoKeyPair,
    ca: boolean,
    serial: number,
    san?: string,
  ) => {
    const exts: peculiar.Extension[] = [
      new peculiar.BasicConstraintsExtension(ca, undefined, true),
      new peculiar.KeyUsagesExtension(
        ca
          ? peculiar.KeyUsageFlags.keyCertSign | peculiar.KeyUsageFlags.cRLSign
          : peculiar.KeyUsageFlags.digitalSignature,
        true,
      ),
      await peculiar.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ];
    if (subject !== issuer)
      exts.push(await peculiar.AuthorityKeyIdentifierExtension.create(signer.publicKey));
    if (!ca) exts.push(new peculiar.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']));
    if (san) exts.push(new peculiar.SubjectAlternativeNameExtension([{ type: 'dns', value: san }]));
    const c = await peculiar.X509CertificateGenerator.create({
      serialNumber: (0x100000 + serial).toString(16),
      subject,
      issuer,
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 365 * 86_400_000),
      signingAlgorithm:
        signer.privateKey.algorithm.name === 'ECDSA' ? alg : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      publicKey: keys.publicKey,
      signingKey: signer.privateKey,
      extensions: exts,
    });
    return new Uint8Array(c.rawData);
  };
  const root = await mk('CN=Bench Root', 'CN=Bench Root', rootKeys, rootKeys, true, 1);
  const inter = await mk('CN=Bench Intermediate', 'CN=Bench Root', interKeys, rootKeys, true, 2);
  const leaf = await mk(
    'CN=bench.example',
    'CN=Bench Intermediate',
    leafKeys,
    interKeys,
    false,
    3,
    'bench.example',
  );
  const unrelated: Uint8Array[] = [];
  for (let i = 0; i < maxUnrelated; i++) {
    unrelated.push(
      await mk(
        `O=Unrelated, CN=Unrelated Intermediate ${i}`,
        'CN=Unrelated Root',
        otherKeys,
        otherKeys,
        true,
        10 + i,
      ),
    );
  }
  const system = existsSync(BUNDLE) ? parseCertificates(readFileSync(BUNDLE)).map((c) => c.der) : [];
  const crl = async (issuer: string, signer: webcrypto.CryptoKeyPair) =>
    new Uint8Array(
      (
        await peculiar.X509CrlGenerator.create({
          issuer,
          thisUpdate: new Date(now - 86_400_000),
          nextUpdate: new Date(now + 7 * 86_400_000),
          signingAlgorithm: alg,
          signingKey: signer.privateKey,
          extensions: [
            await peculiar.AuthorityKeyIdentifierExtension.create(signer.publicKey),
            // cRLNumber 1 (RFC 5280 5.2.3: a CRL without one is not used).
            new peculiar.Extension('2.5.29.20', false, Uint8Array.of(0x02, 0x01, 0x01)),
          ],
        })
      ).rawData,
    );
  const crls = [await crl('CN=Bench Intermediate', interKeys), await crl('CN=Bench Root', rootKeys)];
  return { root, inter, leaf, unrelated, system, crls };
}

export function nativeIndexed(f: Fixture, n: number) {
  const bySubject = new Map<string, NodeX509[]>();
  const add = (c: NodeX509) => {
    const list = bySubject.get(c.subject);
    if (list) list.push(c);
    else bySubject.set(c.subject, [c]);
  };
  const trusted = new Set<string>();
  for (const d of [...f.system, f.root]) {
    const c = new NodeX509(d);
    trusted.add(c.fingerprint256);
    add(c);
  }
  add(new NodeX509(f.inter));
  for (const d of f.unrelated.slice(0, n - 1)) add(new NodeX509(d));
  const leaf = new NodeX509(f.leaf);
  return () => {
    let cur = leaf;
    const chain = [cur];
    for (let depth = 0; depth < 8; depth++) {
      const next = (bySubject.get(cur.issuer) ?? []).find(
        (c) => cur.checkIssued(c) && cur.verify(c.publicKey),
      );
      if (!next) throw new Error('native: no issuer');
      chain.push(next);
      if (trusted.has(next.fingerprint256)) return chain;
      cur = next;
    }
    throw new Error('native: too deep');
  };
}

export function certkitContender(f: Fixture, n: number, cache: boolean) {
  const trust = new TrustAnchors([...f.system, f.root].map((d) => Certificate.fromDer(d)));
  const pool = new CertificatePool([
    Certificate.fromDer(f.inter),
    ...f.unrelated.slice(0, n - 1).map((d) => Certificate.fromDer(d)),
  ]);
  const leaf = Certificate.fromDer(f.leaf);
  return () => {
    // A fresh leaf object each time, as when a new connection presents its certificate.
    const r = buildChain(cache ? leaf : Certificate.fromDer(leaf.der), {
      trust,
      intermediates: pool,
      hostname: 'bench.example',
      ...(cache ? {} : { signatureCache: false as const }),
    });
    if (!r.ok) throw new Error(`certkit: ${JSON.stringify(r.problems)}`);
    return r;
  };
}

/**
 * certkit `verifyChain` with revocation checked against CRLs already held in memory (as a checker's
 * cache holds a fetched CRL until its nextUpdate): the cost revocation adds once the CRL is cached.
 */
export function certkitCachedCrlContender(f: Fixture, n: number) {
  const trust = new TrustAnchors([...f.system, f.root].map((d) => Certificate.fromDer(d)));
  const pool = new CertificatePool([
    Certificate.fromDer(f.inter),
    ...f.unrelated.slice(0, n - 1).map((d) => Certificate.fromDer(d)),
  ]);
  const leaf = Certificate.fromDer(f.leaf);
  const revocation = createCrlChecker({ crls: f.crls.map((d) => parseCrl(d)), fetcher: false });
  return async () => {
    const r = await verifyChain(leaf, {
      trust,
      intermediates: pool,
      hostname: 'bench.example',
      revocation,
      revocationPolicy: 'hard-fail',
    });
    if (!r.ok) throw new Error(`certkit (CRL): ${JSON.stringify(r.problems)}`);
    return r;
  };
}

export function peculiarContender(f: Fixture, n: number) {
  const certificates = [...f.system, f.root, f.inter, ...f.unrelated.slice(0, n - 1)].map(
    (d) => new peculiar.X509Certificate(d),
  );
  const builder = new peculiar.X509ChainBuilder({ certificates });
  const leaf = new peculiar.X509Certificate(f.leaf);
  return async () => {
    const chain = await builder.build(leaf);
    if (chain.length !== 3) throw new Error(`peculiar: chain of ${chain.length}`);
  };
}

export function pkijsContender(f: Fixture, n: number) {
  pkijs.setEngine(
    'node',
    new pkijs.CryptoEngine({
      name: 'node',
      crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'],
    }),
  );
  const parse = (d: Uint8Array) => pkijs.Certificate.fromBER(d);
  const trustedCerts = [...f.system, f.root].map(parse);
  const certs = [parse(f.inter), ...f.unrelated.slice(0, n - 1).map(parse)];
  const leaf = parse(f.leaf);
  return async () => {
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts,
      certs: [leaf, ...certs],
      checkDate: new Date(),
    });
    const r = await engine.verify();
    if (!r.result) throw new Error(`pkijs: ${r.resultMessage}`);
  };
}

function heapNow(gc: () => void): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function measureMemory(label: string, ders: readonly Uint8Array[], lazy: boolean): string {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const derBytes = ders.reduce((sum, d) => sum + d.length, 0);
  const before = heapNow(gc);
  // Certificate.fromDer copies the bytes, so the delta counts the DER held by the pool as well.
  const pool = lazy
    ? CertificatePool.fromDer(ders.map((d) => Uint8Array.prototype.slice.call(d)))
    : new CertificatePool(ders.map((d) => Certificate.fromDer(d)));
  const after = heapNow(gc);
  const used = after - before;
  const line = `| ${label} | ${pool.size} | ${(derBytes / 1e6).toFixed(2)} | ${(used / 1e6).toFixed(2)} | ${(used / derBytes).toFixed(2)}× |`;
  if (pool.size < 0) console.log(pool); // keep the pool alive until measured
  return line;
}

/** Runs the chain-building benchmark and prints one table per pool size, then memory. */
export async function run(): Promise<void> {
  const fixture = await makeFixture(SIZES[SIZES.length - 1]! - 1);
  console.log(
    `\ntrust: ${fixture.system.length} system CA certificates + the bench root; leaf and CAs EC P-256`,
  );
  const perSize: Array<{
    n: number;
    certkit: number;
    cold: number;
    crl: number;
    native: number;
    peculiar: number;
  }> = [];
  for (const n of SIZES) {
    const contenders = [
      {
        name: 'certkit buildChain (full validation, signature cache)',
        fn: certkitContender(fixture, n, true),
      },
      { name: 'certkit buildChain (full validation, no cache)', fn: certkitContender(fixture, n, false) },
      {
        name: 'certkit verifyChain (full validation, revocation with a cached CRL)',
        fn: certkitCachedCrlContender(fixture, n),
      },
      { name: 'native X509Certificate checkIssued/verify, indexed', fn: nativeIndexed(fixture, n) },
      { name: '@peculiar/x509 X509ChainBuilder (no validation)', fn: peculiarContender(fixture, n) },
      ...(n <= PKIJS_MAX
        ? [{ name: 'pkijs CertificateChainValidationEngine', fn: pkijsContender(fixture, n) }]
        : []),
    ];
    // Warm every contender for ~300 ms first: the harness's single warm-up call leaves the first pool
    // size measuring the JIT rather than the pool.
    for (const c of contenders) {
      const until = performance.now() + 300;
      while (performance.now() < until) await c.fn();
    }
    const results = await compare(contenders, { rounds: 7, roundMs: 200 });
    printComparison(`Chain building, pool of ${n} intermediate${n === 1 ? '' : 's'} (ms per chain)`, results);
    perSize.push({
      n,
      certkit: results[0]!.msPerUnit,
      cold: results[1]!.msPerUnit,
      crl: results[2]!.msPerUnit,
      native: results[3]!.msPerUnit,
      peculiar: results[4]!.msPerUnit,
    });
  }
  const first = perSize[0]!;
  const last = perSize[perSize.length - 1]!;
  console.log('\n## Chain building: targets\n');
  console.log(
    `- certkit at 10,000 / at 1: ${(last.certkit / first.certkit).toFixed(2)}× (cached), ${(last.cold / first.cold).toFixed(2)}× (no cache); target ≤ 1.3×`,
  );
  console.log(
    `- @peculiar/x509 / certkit at 10,000: ${(last.peculiar / last.certkit).toFixed(1)}× (cached), ${(last.peculiar / last.cold).toFixed(1)}× (no cache); target ≥ 10×`,
  );
  console.log(
    `- certkit / native indexed loop at 10,000: ${(last.certkit / last.native).toFixed(2)}× (cached), ${(last.cold / last.native).toFixed(2)}× (no cache); target ≤ 2×`,
  );
  console.log(
    `- revocation with a cached CRL / revocation off (buildChain, cached) at 1 and 10,000: ${(first.crl / first.certkit).toFixed(2)}×, ${(last.crl / last.certkit).toFixed(2)}×`,
  );
  console.log(
    `- pkijs measured at ${SIZES.filter((s) => s <= PKIJS_MAX).join(' and ')} only: with 10 or more unrelated intermediates it did not finish within minutes.`,
  );
  console.log('\n## Memory of a CertificatePool (heap + array buffers after GC, DER included)\n');
  console.log(
    '| certificates | count | DER MB | pool MB | pool / DER |\n| --- | ---: | ---: | ---: | ---: |',
  );
  for (const lazy of [false, true]) {
    const how = lazy ? '`CertificatePool.fromDer` (lazy)' : '`new CertificatePool(certificates)`';
    console.log(measureMemory(`${how}: generated RSA intermediates`, fixture.unrelated, lazy));
    if (fixture.system.length > 0)
      console.log(measureMemory(`${how}: system CA bundle`, fixture.system, lazy));
  }
}
