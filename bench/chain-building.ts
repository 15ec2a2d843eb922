/**
 * Chain building + validation for a fresh leaf per chain (EC P-256: root → intermediate → leaf), fed as
 * users feed it: the leaf is PEM text (or the bytes of a PEM file) parsed inside the timed call, as a
 * gateway receives a client certificate; trust is the system CA bundle (parsed once from its PEM file)
 * plus the bench root; the intermediates pool holds the bench intermediate and 0, 9,999 or 99,999
 * unrelated RSA-2048 intermediates (minted fast and cached under bench/.cache/, see fast-certificates.ts).
 * Side by side: certkit `buildChain` (full RFC 5280 / web PKI validation and host name; with no
 * signature cache, the cold row, and with the shared cache), the same loop a user writes over Node's
 * native `X509Certificate` (parse from PEM, host name, dates, subject index, `checkIssued` + `verify`:
 * the same two ECDSA verifications), `@peculiar/x509` `X509ChainBuilder` (builds, validates nothing) and
 * `pkijs` `CertificateChainValidationEngine` (pool of 1 only: with 10 unrelated intermediates it did
 * not finish within minutes). Also the memory of a pool, per certificate, at 10,000 and 100,000.
 */
import 'reflect-metadata';
import { generateKeyPairSync, X509Certificate as NodeX509, webcrypto } from 'node:crypto';
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
import { Certificate, parseCertificate, parseCertificates, parseCrl } from '../src/x509/index.js';
import {
  cachedCertificateSet,
  cnName,
  DAY,
  ext,
  keyId,
  mintCertificate,
  name,
  spkiOf,
} from './fast-certificates.js';
import { compare, printComparison } from './harness.js';

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const SIZES = [1, 10_000, 100_000] as const;
/** Contenders too slow or too memory-hungry to build a pool of 100,000 for run up to this size. */
const PEER_MAX = 10_000;
const PKIJS_MAX = 1; // with 10 unrelated intermediates (issuer absent) pkijs did not finish in minutes
const LEAVES = 64;
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

interface Fixture {
  readonly root: Uint8Array;
  readonly inter: Uint8Array;
  /** Distinct leaves (same issuer, host name, key usage), as PEM text. */
  readonly leafPems: string[];
  /** The same leaves as the bytes of a PEM file. */
  readonly leafFiles: Uint8Array[];
  readonly unrelated: Uint8Array[];
  /** The system CA bundle parsed once from its PEM file, by certkit and by Node. */
  readonly system: Certificate[];
  readonly systemNative: NodeX509[];
  /** Current CRLs of the intermediate and of the root (nothing revoked). */
  readonly crls: Uint8Array[];
}

/**
 * Unrelated intermediates as a large CA pool holds them: distinct subjects, RSA-2048 keys, SKI and AKI,
 * under one unrelated root. The subject key is shared and the signature is ECDSA (minting 100,000
 * RSA signatures would take minutes); path building never verifies them (their subject is not the
 * leaf's issuer), so only their size and indexing matter.
 */
function mintUnrelated(count: number) {
  return cachedCertificateSet('chain-unrelated-intermediates', count, (created) => {
    const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = spkiOf(rsa.publicKey);
    const aki = keyId(spkiOf(rootKey.publicKey));
    const issuer = cnName('Unrelated Root');
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const ski = keyId(Buffer.from(`unrelated intermediate ${i}`));
      out.push(
        mintCertificate({
          serial: 0x100000 + i,
          subject: name(['2.5.4.10', 'Unrelated'], ['2.5.4.3', `Unrelated Intermediate ${i}`]),
          issuer,
          spki,
          notBefore: created - DAY,
          notAfter: created + 20 * 365 * DAY,
          extensions: [
            ext.basicConstraints(true),
            ext.keyUsage(true),
            ext.subjectKeyIdentifier(ski),
            ext.authorityKeyIdentifier(aki),
          ],
          signer: rootKey.privateKey,
        }),
      );
    }
    return out;
  });
}

export async function makeFixture(maxUnrelated: number): Promise<Fixture & { mintNote: string }> {
  peculiar.cryptoProvider.set(webcrypto as unknown as Parameters<typeof peculiar.cryptoProvider.set>[0]);
  const key = () =>
    webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
  const [rootKeys, interKeys, leafKeys] = await Promise.all([key(), key(), key()]);
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
  const leafPems: string[] = [];
  for (let i = 0; i < LEAVES; i++) {
    const der = await mk(
      'CN=bench.example',
      'CN=Bench Intermediate',
      leafKeys,
      interKeys,
      false,
      1000 + i,
      'bench.example',
    );
    leafPems.push(Certificate.fromDer(der).pem);
  }
  const leafFiles = leafPems.map((p) => new Uint8Array(Buffer.from(p, 'latin1')));
  // One cached set of the largest size; smaller pools take its first certificates.
  const set = mintUnrelated(Math.max(maxUnrelated, SIZES[SIZES.length - 1] - 1));
  const unrelated = set.ders.slice(0, maxUnrelated);
  const mintNote = `${unrelated.length} unrelated intermediates ${set.fromCache ? 'read from bench/.cache' : 'minted and cached'} in ${set.ms.toFixed(0)} ms`;
  const bundle = existsSync(BUNDLE) ? readFileSync(BUNDLE, 'utf8') : '';
  const system = bundle ? parseCertificates(bundle) : [];
  const systemNative = system.map((c) => new NodeX509(c.pem));
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
  return { root, inter, leafPems, leafFiles, unrelated, system, systemNative, crls, mintNote };
}

/** The trust store as a gateway loads it: the system CA bundle (PEM text) plus the bench root. */
function trustOf(f: Fixture): TrustAnchors {
  return new TrustAnchors([...f.system, Certificate.fromDer(f.root)]);
}

function poolOf(f: Fixture, n: number): CertificatePool {
  return new CertificatePool([
    Certificate.fromDer(f.inter),
    ...f.unrelated.slice(0, n - 1).map((d) => Certificate.fromDer(d)),
  ]);
}

/** Trust and intermediates, built once per pool size and shared by the certkit rows. */
interface Built {
  readonly trust: TrustAnchors;
  readonly pool: CertificatePool;
}

/** A fresh leaf per chain, from the set, in turn (a gateway sees one client certificate after another). */
function leafSource<T>(leaves: readonly T[]): () => T {
  let i = 0;
  return () => leaves[i++ % leaves.length]!;
}

interface NativeEntry {
  readonly cert: NodeX509;
  readonly notBefore: number;
  readonly notAfter: number;
}

/**
 * The native contender doing the same work as certkit's cold row, as a user would write it with
 * `X509Certificate`: parse the leaf from PEM, check the host name and the leaf's validity dates, then
 * per link find the issuer in a subject index, `checkIssued` + `verify(issuer.publicKey)` (the same two
 * ECDSA verifications certkit does) and the issuer's validity dates, until a trust anchor.
 */
export function nativeIndexed(f: Fixture, n: number, leafParsedOnce = false) {
  const bySubject = new Map<string, NativeEntry[]>();
  const add = (c: NodeX509): NativeEntry => {
    const e = { cert: c, notBefore: Date.parse(c.validFrom), notAfter: Date.parse(c.validTo) };
    const list = bySubject.get(c.subject);
    if (list) list.push(e);
    else bySubject.set(c.subject, [e]);
    return e;
  };
  const trusted = new Set<NodeX509>();
  for (const c of [...f.systemNative, new NodeX509(f.root)]) trusted.add(add(c).cert);
  add(new NodeX509(f.inter));
  for (const d of f.unrelated.slice(0, n - 1)) add(new NodeX509(d));
  const next = leafSource(f.leafPems);
  const once = new NodeX509(f.leafPems[0]!);
  return () => {
    const now = Date.now();
    const leaf = leafParsedOnce ? once : new NodeX509(next());
    if (leaf.checkHost('bench.example') === undefined) throw new Error('native: host name');
    if (!(Date.parse(leaf.validFrom) <= now && now <= Date.parse(leaf.validTo)))
      throw new Error('native: leaf dates');
    let cur = leaf;
    const chain = [cur];
    for (let depth = 0; depth < 8; depth++) {
      const issuer = (bySubject.get(cur.issuer) ?? []).find(
        (c) =>
          c.notBefore <= now && now <= c.notAfter && cur.checkIssued(c.cert) && cur.verify(c.cert.publicKey),
      );
      if (!issuer) throw new Error('native: no issuer');
      chain.push(issuer.cert);
      if (trusted.has(issuer.cert)) return chain;
      cur = issuer.cert;
    }
    throw new Error('native: too deep');
  };
}

/**
 * certkit `buildChain` as a gateway calls it for a client certificate: the leaf parsed from PEM text
 * (or from the bytes of a PEM file) inside the call, trust and intermediates built once.
 */
export function certkitContender(
  f: Fixture & Built,
  _n: number,
  options: { cache: boolean; input?: 'text' | 'buffer' },
) {
  const { trust, pool } = f;
  const next = leafSource<string | Uint8Array>(options.input === 'buffer' ? f.leafFiles : f.leafPems);
  return () => {
    const r = buildChain(parseCertificate(next()), {
      trust,
      intermediates: pool,
      hostname: 'bench.example',
      ...(options.cache ? {} : { signatureCache: false as const }),
    });
    if (!r.ok) throw new Error(`certkit: ${JSON.stringify(r.problems)}`);
    return r;
  };
}

/**
 * certkit `verifyChain` with revocation checked against CRLs already held in memory (as a checker's
 * cache holds a fetched CRL until its nextUpdate): the cost revocation adds once the CRL is cached.
 */
export function certkitCachedCrlContender(f: Fixture & Built, _n: number) {
  const { trust, pool } = f;
  const next = leafSource(f.leafPems);
  const revocation = createCrlChecker({ crls: f.crls.map((d) => parseCrl(d)), fetcher: false });
  return async () => {
    const r = await verifyChain(parseCertificate(next()), {
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
  const certificates = [...f.system.map((c) => c.der), f.root, f.inter, ...f.unrelated.slice(0, n - 1)].map(
    (d) => new peculiar.X509Certificate(d),
  );
  const builder = new peculiar.X509ChainBuilder({ certificates });
  const next = leafSource(f.leafPems);
  return async () => {
    const chain = await builder.build(new peculiar.X509Certificate(next()));
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
  const trustedCerts = [...f.system.map((c) => c.der), f.root].map(parse);
  const certs = [parse(f.inter), ...f.unrelated.slice(0, n - 1).map(parse)];
  const next = leafSource(f.leafPems);
  return async () => {
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts,
      certs: [parse(parseCertificate(next()).der), ...certs],
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
  const line = `| ${label} | ${pool.size} | ${(derBytes / 1e6).toFixed(2)} | ${(used / 1e6).toFixed(2)} | ${(used / pool.size).toFixed(0)} | ${(used / derBytes).toFixed(2)}× |`;
  if (pool.size < 0) console.log(pool); // keep the pool alive until measured
  return line;
}

const ROW = {
  cold: 'certkit buildChain, leaf from PEM text, no signature cache',
  native: 'native X509Certificate from PEM, indexed checkIssued/verify + dates + host',
  nativeOnce: 'native loop with the leaf parsed once outside (reference: no leaf parsing)',
  coldBuffer: 'certkit buildChain, leaf from PEM file bytes, no signature cache',
  cached: 'certkit buildChain, leaf from PEM text, signature cache',
  crl: 'certkit verifyChain, cached CRL (revocation), signature cache',
  peculiar: '@peculiar/x509 X509ChainBuilder (no validation)',
  pkijs: 'pkijs CertificateChainValidationEngine',
} as const;

/** Runs the chain-building benchmark and prints one table per pool size, then memory. */
export async function run(): Promise<void> {
  const fixture = await makeFixture(SIZES[SIZES.length - 1]! - 1);
  console.log(
    `\ntrust: ${fixture.system.length} system CA certificates (parsed once from ${BUNDLE}) + the bench root; ${LEAVES} distinct leaves, each chain takes the next one as PEM and parses it inside the call; leaf and CAs EC P-256; ${fixture.mintNote}`,
  );
  const perSize: Array<{ n: number; ms: Map<string, number>; cpu: Map<string, number> }> = [];
  const scaling: { name: string; fn: () => unknown }[] = [];
  for (const n of SIZES) {
    const trust = trustOf(fixture);
    const pool = poolOf(fixture, n);
    const withPool = { ...fixture, trust, pool };
    const contenders = [
      { name: ROW.cold, fn: certkitContender(withPool, n, { cache: false }) },
      { name: ROW.native, fn: nativeIndexed(fixture, n) },
      { name: ROW.nativeOnce, fn: nativeIndexed(fixture, n, true) },
      { name: ROW.coldBuffer, fn: certkitContender(withPool, n, { cache: false, input: 'buffer' }) },
      { name: ROW.cached, fn: certkitContender(withPool, n, { cache: true }) },
      ...(n <= PEER_MAX
        ? [
            { name: ROW.crl, fn: certkitCachedCrlContender(withPool, n) },
            { name: ROW.peculiar, fn: peculiarContender(fixture, n) },
          ]
        : []),
      ...(n <= PKIJS_MAX ? [{ name: ROW.pkijs, fn: pkijsContender(fixture, n) }] : []),
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
      ms: new Map(results.map((r) => [r.name, r.msPerUnit])),
      cpu: new Map(results.map((r) => [r.name, r.cpuMsPerUnit])),
    });
    if (n >= 10_000) {
      scaling.push({ name: `certkit cold, pool of ${n}`, fn: contenders[0]!.fn as () => unknown });
      scaling.push({ name: `native from PEM, pool of ${n}`, fn: contenders[1]!.fn as () => unknown });
    }
  }
  // The pools of 10,000 and 100,000 side by side in one interleaved comparison: machine noise then hits
  // both alike, and a cost per chain that grows with the pool shows as a ratio above 1.
  const scaled = await compare(
    [...scaling].sort((a, b) => a.name.localeCompare(b.name)),
    { rounds: 9, roundMs: 200 },
  );
  printComparison('Chain building: pool of 10,000 against 100,000, interleaved (ms per chain)', scaled);
  const sc = (name: string) => scaled.find((r) => r.name === name)!;
  const growth = (who: string, m: 'msPerUnit' | 'cpuMsPerUnit') =>
    (sc(`${who}, pool of 100000`)[m] / sc(`${who}, pool of 10000`)[m]).toFixed(2);
  const at = (n: number) => perSize.find((p) => p.n === n)!;
  const ratio = (n: number, a: string, b: string, m: 'ms' | 'cpu' = 'ms') =>
    (at(n)[m].get(a)! / at(n)[m].get(b)!).toFixed(2);
  const grow = (row: string, m: 'ms' | 'cpu' = 'ms') =>
    (at(100_000)[m].get(row)! / at(10_000)[m].get(row)!).toFixed(2);
  console.log('\n## Chain building: targets\n');
  console.log(
    `- certkit cold (no cache, leaf from PEM) / native loop at 10,000: ${ratio(10_000, ROW.cold, ROW.native)}× wall, ${ratio(10_000, ROW.cold, ROW.native, 'cpu')}× CPU; target ≤ 1.3×`,
  );
  console.log(
    `- certkit cold / native loop with its leaf parsed once (reference, the issue's old row) at 10,000: ${ratio(10_000, ROW.cold, ROW.nativeOnce)}× wall, ${ratio(10_000, ROW.cold, ROW.nativeOnce, 'cpu')}× CPU`,
  );
  console.log(
    `- the same at 100,000: ${ratio(100_000, ROW.cold, ROW.native)}× wall, ${ratio(100_000, ROW.cold, ROW.native, 'cpu')}× CPU`,
  );
  console.log(
    `- ms per chain at 100,000 / at 10,000, interleaved: certkit cold ${growth('certkit cold', 'msPerUnit')}× wall, ${growth('certkit cold', 'cpuMsPerUnit')}× CPU; native ${growth('native from PEM', 'msPerUnit')}× wall, ${growth('native from PEM', 'cpuMsPerUnit')}× CPU; target: no growth (1.00 within the spread). From the separate tables: cold ${grow(ROW.cold)}×, cached ${grow(ROW.cached)}×`,
  );
  console.log(
    `- certkit cached / cold at 10,000: ${ratio(10_000, ROW.cached, ROW.cold)}×; PEM file bytes / PEM text (cold): ${ratio(10_000, ROW.coldBuffer, ROW.cold)}×`,
  );
  console.log(
    `- @peculiar/x509 / certkit cold at 10,000: ${ratio(10_000, ROW.peculiar, ROW.cold)}×; revocation with a cached CRL / without (cached): ${ratio(10_000, ROW.crl, ROW.cached)}×`,
  );
  console.log(
    `- pkijs measured at ${SIZES.filter((s) => s <= PKIJS_MAX).join(' and ')} only: with 10 or more unrelated intermediates it did not finish within minutes.`,
  );
  console.log('\n## Memory of a CertificatePool (heap + array buffers after GC, DER included)\n');
  console.log(
    '| certificates | count | DER MB | pool MB | bytes per certificate | pool / DER |\n| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const lazy of [false, true]) {
    const how = lazy ? '`CertificatePool.fromDer` (lazy)' : '`new CertificatePool(certificates)`';
    for (const n of [10_000, 100_000])
      console.log(measureMemory(`${how}: generated RSA intermediates`, fixture.unrelated.slice(0, n), lazy));
    if (fixture.system.length > 0)
      console.log(
        measureMemory(
          `${how}: system CA bundle`,
          fixture.system.map((c) => c.der),
          lazy,
        ),
      );
  }
}
