import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasPeerTool } from './peer-tools.js';

/** Debian installs named in /usr/sbin, which is not on a normal user's PATH. */
const NAMED = existsSync('/usr/sbin/named') ? '/usr/sbin/named' : 'named';

/**
 * Whether BIND's `named` (Debian `bind9`) and `dig` (Debian `bind9-dnsutils`) are installed; under
 * `CI=true` a missing one throws, elsewhere a visible line names the package. For `describe.skipIf`.
 */
export function hasBind(): boolean {
  return hasPeerTool(NAMED, 'bind9', ['-V']) && hasPeerTool('dig', 'bind9-dnsutils', ['-v']);
}

/** A TSIG key configured in the test BIND (the secret is test-only). */
export interface BindKey {
  readonly name: string;
  readonly algorithm: 'hmac-sha256' | 'hmac-sha512' | 'hmac-sha1';
  readonly secret: string;
}

/** A running BIND 9 `named` on 127.0.0.1, authoritative for `zone`, accepting TSIG-signed TXT updates. */
export interface BindServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The zone it serves, e.g. `example.test`. */
  readonly zone: string;
  /** The keys allowed to update TXT records anywhere in the zone. */
  readonly keys: readonly BindKey[];
  /** Everything named wrote on stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** The keys the test server trusts: one per algorithm the solver supports. */
export const BIND_TEST_KEYS: readonly BindKey[] = [
  {
    name: 'certkit-sha256',
    algorithm: 'hmac-sha256',
    secret: Buffer.from('certkit test key sha256 0123456789').toString('base64'),
  },
  {
    name: 'certkit-sha512',
    algorithm: 'hmac-sha512',
    secret: Buffer.from('certkit test key sha512 0123456789abcdef0123456789abcdef').toString('base64'),
  },
  {
    name: 'certkit-sha1',
    algorithm: 'hmac-sha1',
    secret: Buffer.from('certkit test key sha1').toString('base64'),
  },
];

/** A port free on 127.0.0.1 for both TCP and UDP (BIND listens on both). */
async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const address = srv.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        srv.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const sock = createSocket('udp4');
      sock.once('error', () => resolve(false));
      sock.bind(port, '127.0.0.1', () => sock.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port for BIND on 127.0.0.1');
}

/**
 * Starts BIND 9 (`named` from the Debian package `bind9`) in the foreground (`-g`) on
 * 127.0.0.1 and a free port, with a temporary directory holding `named.conf` and the zone file.
 * `-g` keeps named in the foreground and logging to stderr; without `-u` it keeps the user it was
 * started as, so the same setup works as root and as a normal user (the port is unprivileged).
 * Call `stop()` in `afterAll`.
 */
export async function startBindServer(zone = 'example.test'): Promise<BindServer> {
  const dir = mkdtempSync(join(tmpdir(), 'certkit-bind-'));
  const port = await freePort();
  const keyBlocks = BIND_TEST_KEYS.map(
    (k) => `key "${k.name}" { algorithm ${k.algorithm}; secret "${k.secret}"; };`,
  ).join('\n');
  const grants = BIND_TEST_KEYS.map((k) => `grant ${k.name} zonesub TXT;`).join(' ');
  writeFileSync(
    join(dir, 'named.conf'),
    `options {
  directory "${dir}";
  pid-file "${join(dir, 'named.pid')}";
  session-keyfile "${join(dir, 'session.key')}";
  managed-keys-directory "${dir}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
};
controls { };
${keyBlocks}
zone "${zone}" {
  type primary;
  file "${join(dir, `${zone}.zone`)}";
  update-policy { ${grants} };
};
`,
  );
  writeFileSync(
    join(dir, `${zone}.zone`),
    `$TTL 60
@ IN SOA ns1.${zone}. hostmaster.${zone}. 1 3600 600 86400 60
@ IN NS ns1.${zone}.
ns1 IN A 127.0.0.1
`,
  );
  const child: ChildProcess = spawn(
    '/usr/sbin/named',
    ['-g', '-4', '-n', '1', '-c', join(dir, 'named.conf')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr?.setEncoding('utf8');
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`named did not start within 20 s:\n${log}`)), 20_000);
    child.stderr?.on('data', (chunk: string) => {
      log += chunk;
      if (/^\S+ \S+ running$/m.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`named exited with ${code} before it was ready:\n${log}`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test process ends without afterAll (a crash, a killed worker), do not leave named behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (e) {
    await stop();
    throw e;
  }
  return { host: '127.0.0.1', port, zone, keys: BIND_TEST_KEYS, log: () => log, stop };
}
