import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Certificate,
  type CertificateRevocationList,
  parseCertificate,
  parseCrl,
} from '../../../src/x509/index.js';

/** test/fixtures/revocation, made by scripts/fixtures/make-revocation.sh with the real openssl. */
export const FIXTURES = fileURLToPath(new URL('../../fixtures/revocation/', import.meta.url));

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export function cert(name: string): Certificate {
  return parseCertificate(readFileSync(join(FIXTURES, `${name}.pem`), 'utf8'));
}

/** A live `openssl ocsp` responder on a free port (it prints the port it bound: `ACCEPT [::]:PORT`). */
export interface LiveResponder {
  readonly url: string;
  stop(): void;
}

export function startOpensslResponder(args: readonly string[]): Promise<LiveResponder> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('openssl', ['ocsp', '-port', '0', ...args], {
      cwd: FIXTURES,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /ACCEPT .*:(\d+)/.exec(out);
      if (m) {
        resolve({
          url: `http://127.0.0.1:${m[1]}/`,
          stop: () => {
            child.kill();
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`openssl ocsp exited ${code}: ${out}`)));
  });
}

export function crl(name: string): CertificateRevocationList {
  return parseCrl(readFileSync(join(FIXTURES, `${name}.pem`), 'utf8'));
}

/** Halfway between the CRL's thisUpdate and nextUpdate: inside its validity. */
export function during(c: CertificateRevocationList): Date {
  return new Date((c.thisUpdate.getTime() + c.nextUpdate!.getTime()) / 2);
}
