import { RevocationError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import { children, expectSequence, readRoot, UniversalTag } from '../../internal/der/index.js';
import { decodePem } from '../../pem/decode-pem.js';
import { Certificate } from '../../x509/certificate.js';
import { parsePkcs7Certificates } from '../../x509/pkcs7-certificates.js';

function isPemText(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  return head.includes('-----BEGIN ');
}

/**
 * Reads what an AIA caIssuers URL serves: one DER certificate (`application/pkix-cert`), a DER PKCS#7
 * certs-only bundle (`application/pkcs7-mime`), or PEM text holding CERTIFICATE or PKCS7 blocks.
 *
 * @throws RevocationError `ERR_REVOCATION_PKCS7_MALFORMED` when the bytes are none of these (the `cause`
 *   keeps the underlying error).
 * @example
 * ```ts
 * import { readIssuerFile } from 'certkit/chain';
 * const issuers = readIssuerFile(await (await fetch(url)).bytes());
 * ```
 * @see RFC 5280 section 4.2.2.1
 */
export function readIssuerFile(bytes: Uint8Array): Certificate[] {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readIssuerFile expects a Uint8Array');
  try {
    if (isPemText(bytes)) {
      const out: Certificate[] = [];
      for (const block of decodePem(Buffer.from(bytes).toString('latin1'))) {
        if (block.label === 'CERTIFICATE' || block.label === 'X509 CERTIFICATE') {
          out.push(Certificate.fromDer(block.bytes));
        } else if (block.label === 'PKCS7' || block.label === 'CMS') {
          for (const der of parsePkcs7Certificates(block.bytes)) out.push(Certificate.fromDer(der));
        }
      }
      return out;
    }
    const root = expectSequence(readRoot(bytes), 'issuer file');
    const [first] = children(bytes, root);
    if (first !== undefined && first.cls === 0 && first.tag === UniversalTag.oid) {
      return parsePkcs7Certificates(bytes).map((der) => Certificate.fromDer(der));
    }
    return [Certificate.fromDer(bytes)];
  } catch (e) {
    if (e instanceof RevocationError) throw e;
    const reason = isCertkitError(e) ? e.message : e instanceof Error ? e.message : String(e);
    throw new RevocationError(
      'ERR_REVOCATION_PKCS7_MALFORMED',
      `The issuer file is neither a certificate nor a PKCS#7 bundle: ${reason}`,
      { cause: e, details: { reason } },
    );
  }
}
