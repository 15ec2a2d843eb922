import { rootCertificates } from 'node:tls';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import type { Certificate } from '../../x509/certificate.js';
import { parseCertificates } from '../../x509/parse-certificate.js';

let roots: readonly Certificate[] | undefined;

/**
 * @internal The public CA roots Node ships (`tls.rootCertificates`, Mozilla's store), parsed once on
 * first use: the trust anchors of the upload checks when the caller configured none. A root certkit
 * cannot read is left out (it could not anchor a chain anyway).
 */
export function publicRoots(): readonly Certificate[] {
  if (roots !== undefined) return roots;
  const out: Certificate[] = [];
  for (const pem of rootCertificates) {
    try {
      out.push(...parseCertificates(pem));
    } catch (e) {
      if (!isCertkitError(e)) throw e;
    }
  }
  roots = out;
  return roots;
}
