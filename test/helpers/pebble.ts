import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcmeOrderClientOptions, Dns01Record, Dns01Solver } from '../../src/acme/index.js';
import type { Storage } from '../../src/inventory/index.js';
import { freePort } from './free-port.js';
import { hasPeerTool, run } from './peer-tools.js';

/** Whether pebble and pebble-challtestsrv are installed (fails under CI=true when not). */
export function hasPebble(): boolean {
  return (
    hasPeerTool('pebble', 'pebble', ['-version']) && hasPeerTool('pebble-challtestsrv', 'pebble', ['-h'])
  );
}

/** Options of {@link startPebble}. */
export interface PebbleOptions {
  /** PEBBLE_WFE_NONCEREJECT: percentage of good nonces refused (Pebble's default 5; we default 0). */
  readonly nonceRejectPercent?: number;
  /** EAB keys (kid -> base64url HMAC key); when given, EAB is required. */
  readonly externalAccountKeys?: Readonly<Record<string, string>>;
  /** Port Pebble's VA connects to for HTTP-01 (where the test's responder listens). Default: a free port. */
  readonly httpPort?: number;
  /** DNS server Pebble's VA asks; default the challtestsrv started here. */
  readonly dnsServer?: string;
  /** PEBBLE_AUTHZREUSE percentage (default 0 so every order has fresh challenges). */
  readonly authzReusePercent?: number;
  /** PEBBLE_ALTERNATE_ROOTS: extra roots, each with its own chain offered by Link rel="alternate". */
  readonly alternateRoots?: number;
}

/** A running Pebble with its challenge test server. */
export interface Pebble {
  readonly directoryUrl: string;
  /** PEM of the CA that signed Pebble's own HTTPS certificate (pass as `caCertificates`). */
  readonly caCertificates: string;
  /** Base URL of Pebble's management interface (roots, intermediates, cert status). */
  readonly managementUrl: string;
  /** The port Pebble's VA uses for HTTP-01. */
  readonly httpPort: number;
  /** host:port of the challtestsrv DNS (also the resolver for self-checks). */
  readonly dnsServer: string;
  /** Base URL of pebble-challtestsrv's management API. */
  readonly challtestsrvUrl: string;
  /** A DNS-01 solver that publishes TXT values in challtestsrv (per value: others at the name stay). */
  readonly dns01: ChallTestSrvSolver;
  /**
   * The options of an `AcmeOrderClient` for this Pebble: its directory and HTTPS root, terms agreed,
   * DNS-01 through challtestsrv with the self-check asking challtestsrv, 100 ms polls.
   */
  clientOptions(storage: Storage): AcmeOrderClientOptions;
  /** GET on the management interface, parsed as JSON when it is. */
  management(path: string): Promise<{ status: number; body: string }>;
  /** How many orders Pebble has created so far (counted from its log: "Added order … to the db"). */
  ordersCreated(): number;
  stop(): Promise<void>;
}

/** GET/POST over HTTPS trusting `ca`. */
export function httpsCall(
  url: string,
  ca: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`timeout ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function httpPost(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`challtestsrv ${url}: HTTP ${res.status}`);
}

/**
 * DNS-01 through pebble-challtestsrv's management API. challtestsrv's clear-txt removes every value at a
 * name, so this solver keeps the values it published and re-adds the others after a clear.
 */
export class ChallTestSrvSolver implements Dns01Solver {
  readonly name = 'challtestsrv';
  /** Every present/cleanup call, in order (for assertions). */
  readonly calls: Array<{ op: 'present' | 'cleanup'; record: Dns01Record }> = [];
  private readonly values = new Map<string, string[]>();
  constructor(private readonly managementUrl: string) {}

  async present(record: Dns01Record): Promise<void> {
    this.calls.push({ op: 'present', record });
    const list = this.values.get(record.name) ?? [];
    list.push(record.value);
    this.values.set(record.name, list);
    await httpPost(`${this.managementUrl}/set-txt`, { host: `${record.name}.`, value: record.value });
  }

  async cleanup(record: Dns01Record): Promise<void> {
    this.calls.push({ op: 'cleanup', record });
    const list = this.values.get(record.name) ?? [];
    const at = list.indexOf(record.value);
    if (at >= 0) list.splice(at, 1);
    await httpPost(`${this.managementUrl}/clear-txt`, { host: `${record.name}.` });
    for (const value of list)
      await httpPost(`${this.managementUrl}/set-txt`, { host: `${record.name}.`, value });
  }

  /** Values currently published, per name. */
  published(): Map<string, readonly string[]> {
    return new Map([...this.values].filter(([, v]) => v.length > 0));
  }
}

function makeTlsMaterial(dir: string): { ca: string; cert: string; key: string } {
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.pem');
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caCert,
    '-days',
    '30',
    '-subj',
    '/CN=certkit test Pebble CA',
  ]);
  const key = join(dir, 'pebble.key');
  const csr = join(dir, 'pebble.csr');
  const cert = join(dir, 'pebble.pem');
  run('openssl', [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    '/CN=localhost',
  ]);
  writeFileSync(
    join(dir, 'ext.cnf'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caCert,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '30',
    '-extfile',
    join(dir, 'ext.cnf'),
  ]);
  return { ca: caCert, cert, key };
}

function startProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; log: () => string } {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  return { child, log: () => log };
}

async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  log: () => string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start:\n${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/**
 * Starts pebble-challtestsrv (DNS on a free port, answering every A query with 127.0.0.1) and Pebble (its
 * own HTTPS certificate made with openssl, PEBBLE_VA_NOSLEEP=1) on 127.0.0.1. Call `stop()` in afterAll.
 */
export async function startPebble(options: PebbleOptions = {}): Promise<Pebble> {
  const dir = mkdtempSync(join(tmpdir(), 'certkit-pebble-'));
  const tls = makeTlsMaterial(dir);
  const [acmePort, mgmtPort, dnsPort, cmgmtPort, tlsPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const httpPort = options.httpPort ?? (await freePort());
  const challMgmt = `http://127.0.0.1:${cmgmtPort}`;
  const chall = startProcess(
    'pebble-challtestsrv',
    [
      '-dns01',
      `127.0.0.1:${dnsPort}`,
      '-http01',
      '',
      '-https01',
      '',
      '-tlsalpn01',
      '',
      '-management',
      `127.0.0.1:${cmgmtPort}`,
      '-defaultIPv4',
      '127.0.0.1',
      '-defaultIPv6',
      '',
    ],
    {},
  );
  const processes = [chall.child];
  try {
    await waitUntil(
      'pebble-challtestsrv',
      async () =>
        (
          await fetch(`${challMgmt}/clear-txt`, {
            method: 'POST',
            body: JSON.stringify({ host: 'probe.test.' }),
          })
        ).ok,
      chall.log,
    );
    const config = {
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: tls.cert,
        privateKey: tls.key,
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: options.externalAccountKeys !== undefined,
        ...(options.externalAccountKeys ? { externalAccountMACKeys: options.externalAccountKeys } : {}),
      },
    };
    writeFileSync(join(dir, 'pebble.json'), JSON.stringify(config));
    const dnsServer = options.dnsServer ?? `127.0.0.1:${dnsPort}`;
    const pebble = startProcess(
      'pebble',
      ['-config', join(dir, 'pebble.json'), '-dnsserver', dnsServer, '-strict=false'],
      {
        PEBBLE_VA_NOSLEEP: '1',
        PEBBLE_WFE_NONCEREJECT: String(options.nonceRejectPercent ?? 0),
        PEBBLE_AUTHZREUSE: String(options.authzReusePercent ?? 0),
        ...(options.alternateRoots ? { PEBBLE_ALTERNATE_ROOTS: String(options.alternateRoots) } : {}),
      },
    );
    processes.push(pebble.child);
    const ca = (await import('node:fs')).readFileSync(tls.ca, 'utf8');
    const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
    await waitUntil('pebble', async () => (await httpsCall(directoryUrl, ca)).status === 200, pebble.log);
    const managementUrl = `https://127.0.0.1:${mgmtPort}`;
    const dns01 = new ChallTestSrvSolver(challMgmt);
    return {
      directoryUrl,
      caCertificates: ca,
      managementUrl,
      httpPort,
      dnsServer: `127.0.0.1:${dnsPort}`,
      challtestsrvUrl: challMgmt,
      dns01,
      management: (path) => httpsCall(`${managementUrl}${path}`, ca),
      ordersCreated: () => (pebble.log().match(/Added order "[^"]+" to the db/g) ?? []).length,
      clientOptions: (storage) => ({
        directoryUrl,
        caCertificates: ca,
        storage,
        account: { termsOfServiceAgreed: true },
        dns01,
        selfCheck: { dns: { resolvers: [`127.0.0.1:${dnsPort}`], intervalMs: 100, timeoutMs: 10_000 } },
        pollIntervalMs: 100,
      }),
      async stop() {
        await Promise.all(processes.map(stopChild));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(processes.map(stopChild));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
