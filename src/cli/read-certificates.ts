import { readInputFile } from '../pem/index.js';
import type { Certificate } from '../x509/index.js';
import { parseCertificates } from '../x509/index.js';
import { isStoreFormat, readStoreFile } from './read-store-file.js';

/**
 * Every certificate in each of the files, in order: PEM bundles, DER, or keystores (PKCS#12, JKS:
 * each key entry's chain, then the trusted entries; `password` opens them).
 */
export async function readCertificateFiles(
  paths: readonly string[],
  password?: string,
  command = 'verify',
): Promise<Certificate[]> {
  const out: Certificate[] = [];
  for (const path of paths) {
    const bytes = await readInputFile(path);
    if (isStoreFormat(bytes) === undefined) {
      out.push(...parseCertificates(bytes));
      continue;
    }
    const contents = readStoreFile(path, bytes, password, command);
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
