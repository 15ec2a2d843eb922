import { RevocationError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import {
  children,
  expectSequence,
  isContext,
  readOid,
  readRoot,
  tlvBytes,
  UniversalTag,
} from '../internal/der/index.js';
import { Pkcs7Oid } from '../internal/oids.js';

function malformed(reason: string, cause?: unknown): RevocationError {
  return new RevocationError(
    'ERR_REVOCATION_PKCS7_MALFORMED',
    `Malformed PKCS#7 certificate bundle: ${reason}.`,
    {
      details: { reason },
      ...(cause === undefined ? {} : { cause }),
    },
  );
}

/**
 * Reads the certificates out of a DER PKCS#7 / CMS ContentInfo holding a SignedData (the "certs-only"
 * `application/pkcs7-mime` files CAs publish at AIA caIssuers URLs, `.p7c` / `.p7b`). Returns the DER
 * of each certificate, in order; other CertificateChoices (attribute certificates) are skipped.
 * Signatures inside the SignedData are not checked: certs-only bundles have no signers.
 *
 * @throws RevocationError `ERR_REVOCATION_PKCS7_MALFORMED` when the bytes are not such a structure.
 * @example
 * ```ts
 * import { parsePkcs7Certificates } from 'certkit/x509';
 * import { Certificate } from 'certkit/x509';
 * const certs = parsePkcs7Certificates(p7cBytes).map((der) => Certificate.fromDer(der));
 * ```
 * @see RFC 5652 section 5.1, RFC 5280 section 4.2.2.1 (caIssuers)
 */
export function parsePkcs7Certificates(der: Uint8Array): Uint8Array[] {
  if (!(der instanceof Uint8Array)) throw new TypeError('parsePkcs7Certificates expects a Uint8Array');
  try {
    const [typeTlv, contentTlv] = children(der, expectSequence(readRoot(der), 'ContentInfo'));
    if (typeTlv === undefined || typeTlv.cls !== 0 || typeTlv.tag !== UniversalTag.oid) {
      throw malformed('ContentInfo has no contentType');
    }
    const type = readOid(der, typeTlv);
    if (type !== Pkcs7Oid.signedData) throw malformed(`contentType ${type} is not SignedData`);
    if (contentTlv === undefined || !isContext(contentTlv, 0))
      throw malformed('SignedData content is missing');
    const [signedData] = children(der, contentTlv);
    const fields = children(der, expectSequence(signedData, 'SignedData'));
    const version = fields[0];
    if (version === undefined || version.cls !== 0 || version.tag !== UniversalTag.integer) {
      throw malformed('SignedData has no version');
    }
    const out: Uint8Array[] = [];
    // version, digestAlgorithms, encapContentInfo, then [0] IMPLICIT certificates, [1] crls, signerInfos.
    for (const f of fields.slice(3)) {
      if (!isContext(f, 0)) continue;
      if (!f.constructed) throw malformed('certificates must be constructed');
      for (const c of children(der, f)) {
        if (c.cls === 0 && c.tag === UniversalTag.sequence && c.constructed) out.push(tlvBytes(der, c));
      }
    }
    return out;
  } catch (e) {
    if (e instanceof RevocationError) throw e;
    if (isCertkitError(e)) throw malformed(String(e.details.reason ?? e.message), e);
    throw malformed(e instanceof Error ? e.message : String(e), e);
  }
}
