import { readInputFile } from '../pem/index.js';
import type { Certificate } from '../x509/index.js';
import { parseCertificates } from '../x509/index.js';

/** Every certificate in each of the files, in order (PEM bundles or DER). */
export async function readCertificateFiles(paths: readonly string[]): Promise<Certificate[]> {
  const out: Certificate[] = [];
  for (const path of paths) out.push(...parseCertificates(await readInputFile(path)));
  return out;
}

/** A certificate's identity for `--json` output. */
export function certificateJson(cert: Certificate): Record<string, string> {
  return {
    subject: cert.subject.toString(),
    issuer: cert.issuer.toString(),
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256Fingerprint: cert.sha256Fingerprint,
  };
}
