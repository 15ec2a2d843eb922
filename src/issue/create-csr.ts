import { PrivateKey } from '../keys/private-key.js';
import { CertificateRequest } from '../x509/certificate-request.js';
import { loadPeculiarX509 } from './load-peculiar.js';
import { altNames, type SubjectAltNameOptions, type SubjectInput, subjectName } from './names.js';
import { signingKeyOf } from './signing-key.js';

/** Options of {@link createCsr}. */
export interface CreateCsrOptions extends SubjectAltNameOptions {
  /** The key the CSR is for; it signs the request (proof of possession). Any key certkit reads. */
  readonly key: PrivateKey;
  /** The subject, RFC 4514 text (`CN=api.internal,O=Example`) or a DistinguishedName. Default: empty. */
  readonly subject?: SubjectInput;
}

/**
 * Makes a PKCS#10 certificate signing request for a key: the subject, and the alternative names in an
 * extensionRequest attribute (RFC 2985 section 5.4.2), signed with the key (SHA-256 for RSA, the
 * curve's hash for ECDSA, the key's own parameters for RSA-PSS, pure EdDSA for Ed25519 and Ed448).
 * The result is a certkit {@link CertificateRequest}: `.pem` and `.der` are the two output forms.
 *
 * @throws IssueError `ERR_ISSUE_BAD_NAME` for a subject or name that cannot be encoded,
 *   `ERR_ISSUE_KEY_UNSUPPORTED` for a key that cannot sign.
 * @throws TypeError when `key` is not a PrivateKey.
 * @example
 * ```ts
 * import { createCsr, generatePrivateKey } from 'certkit/issue';
 * const key = await generatePrivateKey('ec');
 * const csr = await createCsr({ key, subject: 'CN=api.internal', dnsNames: ['api.internal'] });
 * await writeFile('api.csr', csr.pem);
 * ```
 * @see RFC 2986, RFC 5280 section 4.2.1.6
 */
export async function createCsr(options: CreateCsrOptions): Promise<CertificateRequest> {
  if (!(options?.key instanceof PrivateKey)) throw new TypeError('createCsr needs a PrivateKey as `key`');
  const lib = await loadPeculiarX509();
  const name = subjectName(lib, options.subject ?? '');
  const names = altNames(options);
  const signer = signingKeyOf(options.key);
  const extensions =
    names.length === 0
      ? []
      : [
          new lib.SubjectAlternativeNameExtension(
            names,
            options.subject === undefined || options.subject === '',
          ),
        ];
  const made = await lib.Pkcs10CertificateRequestGenerator.create(
    { name, extensions, keys: signer.keys, signingAlgorithm: signer.algorithm },
    signer.crypto,
  );
  return CertificateRequest.fromDer(new Uint8Array(made.rawData));
}
