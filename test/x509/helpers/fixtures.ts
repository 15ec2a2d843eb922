import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from '../../helpers/peer-tools.js';

/** Absolute path of the x509 fixture directory. */
export const FIXTURES = fileURLToPath(new URL('../../fixtures/x509/', import.meta.url));

/** Absolute path of one fixture. */
export const fixture = (name: string): string => FIXTURES + name;

/** The bytes of one fixture. */
export const readFixture = (name: string): Buffer => readFileSync(fixture(name));

/** Every single-certificate PEM fixture (bundles excluded). */
export const CERT_FIXTURES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.pem') && !f.startsWith('bundle') && f !== 'chain.pem')
  .sort();

/** Runs `openssl` and returns stdout. */
export const openssl = (...args: string[]): string => run('openssl', args);

/** `openssl x509 -noout <args>` on a fixture, stdout trimmed. */
export const x509 = (file: string, ...args: string[]): string =>
  openssl('x509', '-in', fixture(file), '-noout', ...args).trim();

/** What `openssl x509 -noout -ext NAME` prints: whether it said critical, and the body lines (trimmed). */
export function opensslExtension(
  file: string,
  name: string,
): { critical: boolean; lines: string[] } | undefined {
  const out = x509(file, '-ext', name);
  if (out === '' || out.startsWith('No extensions')) return undefined;
  const [header, ...body] = out.split('\n');
  return { critical: /critical/.test(header!), lines: body.map((l) => l.trim()).filter((l) => l !== '') };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses OpenSSL's `Jan  1 00:00:00 2020 GMT` date form. */
export function parseOpensslDate(text: string): Date {
  const m = /^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d)(?:\.\d+)? (\d{4}) GMT$/.exec(text.trim());
  if (!m) throw new Error(`not an openssl date: ${text}`);
  return new Date(Date.UTC(+m[6]!, MONTHS.indexOf(m[1]!), +m[2]!, +m[3]!, +m[4]!, +m[5]!));
}

/** Runs `openssl` and returns stdout as bytes (for DER output). */
export function opensslBytes(args: readonly string[], input?: string | Uint8Array): Buffer {
  const r = spawnSync('openssl', args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
