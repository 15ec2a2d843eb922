/**
 * @internal PEM labels of a PKCS#7 / CMS SignedData, such as a certs-only `.p7b` bundle: `PKCS7` and
 * `CMS` (RFC 7468 section 9) and OpenSSL's older `PKCS #7 SIGNED DATA`.
 */
export const PKCS7_PEM_LABELS: ReadonlySet<string> = new Set(['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA']);
