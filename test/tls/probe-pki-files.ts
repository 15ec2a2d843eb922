/** The TLS test PKI written to files for openssl s_server and the probe command. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTlsPki, type TlsPki } from './tls-pki.js';

export interface ProbePkiFiles {
  readonly pki: TlsPki;
  readonly dir: string;
  /** `root.pem`, `other-root.pem`, `inter.pem`, and per keystore `NAME.crt` (leaf), `NAME-chain.crt`, `NAME.key`. */
  path(name: string): string;
  remove(): void;
}

export async function writeProbePki(names: readonly string[]): Promise<ProbePkiFiles> {
  const pki = await makeTlsPki();
  const dir = mkdtempSync(join(tmpdir(), 'certkit-probe-'));
  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text, { mode: 0o600 });
  write('root.pem', pki.root.pem);
  write('other-root.pem', pki.otherRoot.pem);
  write('inter.pem', pki.inter.pem);
  for (const name of names) {
    const { key, chain } = await pki.pemOf(name);
    write(`${name}.key`, key);
    write(`${name}.crt`, chain.split(/(?<=-----END CERTIFICATE-----\n)/)[0]!);
    write(`${name}-chain.crt`, chain);
  }
  return {
    pki,
    dir,
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `s_server` arguments serving a keystore's leaf and chain. */
export function serve(files: ProbePkiFiles, name: string, version: 'tls1_2' | 'tls1_3'): string[] {
  return [
    '-cert',
    files.path(`${name}.crt`),
    '-key',
    files.path(`${name}.key`),
    '-cert_chain',
    files.path('inter.pem'),
    `-${version}`,
  ];
}
