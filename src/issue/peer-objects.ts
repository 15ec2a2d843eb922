import { Certificate } from '../x509/certificate.js';
import { CertificateRequest } from '../x509/certificate-request.js';
import { loadPeculiarX509, type PeculiarX509 } from './load-peculiar.js';

/**
 * Anything that carries its DER as `rawData`: `@peculiar/x509`'s `X509Certificate` and
 * `Pkcs10CertificateRequest`. (For a pkijs object pass `new Uint8Array(obj.toSchema().toBER())` to
 * `Certificate.fromDer` / `CertificateRequest.fromDer`.)
 */
export interface HasRawData {
  readonly rawData: ArrayBuffer;
}

/**
 * A certkit {@link Certificate} from a `@peculiar/x509` `X509Certificate` (through its DER).
 *
 * @throws X509Error / DerError when the bytes are not a certificate.
 * @throws TypeError when the object carries no `rawData`.
 * @example
 * ```ts
 * import { certificateFromPeculiar } from 'certkit/issue';
 * const cert = certificateFromPeculiar(peculiarCert);
 * console.log(cert.subject.toString());
 * ```
 */
export function certificateFromPeculiar(peer: HasRawData): Certificate {
  return Certificate.fromDer(rawOf(peer));
}

/**
 * A certkit {@link CertificateRequest} from a `@peculiar/x509` `Pkcs10CertificateRequest` (through its DER).
 *
 * @throws X509Error / DerError when the bytes are not a CSR.
 * @throws TypeError when the object carries no `rawData`.
 * @example
 * ```ts
 * import { csrFromPeculiar } from 'certkit/issue';
 * const csr = csrFromPeculiar(peculiarCsr);
 * ```
 */
export function csrFromPeculiar(peer: HasRawData): CertificateRequest {
  return CertificateRequest.fromDer(rawOf(peer));
}

/**
 * The `@peculiar/x509` `X509Certificate` of a certkit certificate (loads `@peculiar/x509` on first use).
 *
 * @throws TypeError when the argument is not a Certificate.
 * @example
 * ```ts
 * import { certificateToPeculiar } from 'certkit/issue';
 * const x = await certificateToPeculiar(cert); // x.getExtension(...), x.toTextObject() ...
 * ```
 */
export async function certificateToPeculiar(
  certificate: Certificate,
): Promise<InstanceType<PeculiarX509['X509Certificate']>> {
  if (!(certificate instanceof Certificate))
    throw new TypeError('certificateToPeculiar expects a Certificate');
  const lib = await loadPeculiarX509();
  return new lib.X509Certificate(new Uint8Array(certificate.der));
}

/**
 * The `@peculiar/x509` `Pkcs10CertificateRequest` of a certkit CSR (loads `@peculiar/x509` on first use).
 *
 * @throws TypeError when the argument is not a CertificateRequest.
 * @example
 * ```ts
 * import { csrToPeculiar } from 'certkit/issue';
 * const req = await csrToPeculiar(csr);
 * ```
 */
export async function csrToPeculiar(
  csr: CertificateRequest,
): Promise<InstanceType<PeculiarX509['Pkcs10CertificateRequest']>> {
  if (!(csr instanceof CertificateRequest)) throw new TypeError('csrToPeculiar expects a CertificateRequest');
  const lib = await loadPeculiarX509();
  return new lib.Pkcs10CertificateRequest(new Uint8Array(csr.der));
}

function rawOf(peer: HasRawData): Uint8Array {
  if (!(peer?.rawData instanceof ArrayBuffer))
    throw new TypeError('expected an object with rawData (an ArrayBuffer)');
  return new Uint8Array(peer.rawData);
}
