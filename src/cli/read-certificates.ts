import type { Certificate } from '../x509/index.js';
import { parseCertificates } from '../x509/index.js';
import type { CliIo } from './cli-io.js';
import { readCliInput } from './input-files.js';
import { isStoreFormat, readStoreFile } from './read-store-file.js';

/** How {@link readCertificateFiles} opens its files. */
export interface ReadCertificateFilesOptions {
  /** Opens keystores (PKCS#12, JKS store password). */
  readonly password?: string | undefined;
  /** A JKS key password that differs from the store password. */
  readonly keyPassword?: string | undefined;
  /** The command, for messages. Default `verify`. */
  readonly command?: string;
  /** Gives `-` (standard input). */
  readonly io?: CliIo;
}

/**
 * Every certificate in each of the files, in order: PEM bundles, DER, or keystores (PKCS#12, JKS:
 * each key entry's chain, then the trusted entries; `password` opens them). `-` is standard input.
 * The second argument is the store password (older form) or {@link ReadCertificateFilesOptions}.
 */
export async function readCertificateFiles(
  paths: readonly string[],
  passwordOrOptions?: string | ReadCertificateFilesOptions,
  command = 'verify',
): Promise<Certificate[]> {
  const options: ReadCertificateFilesOptions =
    typeof passwordOrOptions === 'object' ? passwordOrOptions : { password: passwordOrOptions, command };
  const out: Certificate[] = [];
  for (const path of paths) {
    const bytes = await readCliInput(path, options.io);
    if (isStoreFormat(bytes) === undefined) {
      out.push(...parseCertificates(bytes));
      continue;
    }
    const contents = await readStoreFile(
      path,
      bytes,
      options.password,
      options.command ?? command,
      options.keyPassword,
    );
    for (const key of contents.keys) out.push(...key.chain);
    for (const trusted of contents.trusted) out.push(trusted.certificate);
  }
  return out;
}

/** A certificate's identity in `--json` output. */
export interface CertificateJson {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256Fingerprint: string;
}

/** A certificate's identity for `--json` output. */
export function certificateJson(cert: Certificate): CertificateJson {
  return {
    subject: cert.subject.toString(),
    issuer: cert.issuer.toString(),
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256Fingerprint: cert.sha256Fingerprint,
  };
}
