import { PrivateKey } from '../keys/private-key.js';
import type { Certificate } from '../x509/certificate.js';
import { escapeRfc4514 } from '../x509/distinguished-name.js';
import {
  type CertificatePurpose,
  keyIdentifier,
  profileExtensions,
  randomSerial,
  validity,
} from './certificate-profile.js';
import { loadPeculiarX509 } from './load-peculiar.js';
import { type SubjectAltNameOptions, type SubjectInput, subjectName } from './names.js';
import { signCertificate } from './sign-certificate.js';
import { signingKeyOf } from './signing-key.js';

/** Options of {@link createSelfSigned}. */
export interface CreateSelfSignedOptions extends SubjectAltNameOptions {
  /** The certificate's own key: it is both the subject key and the signing key. */
  readonly key: PrivateKey;
  /** The subject (and issuer), RFC 4514 text or a DistinguishedName. Default: `CN=` the first name given. */
  readonly subject?: SubjectInput;
  /**
   * `'ca'` for a root (basicConstraints cA, keyCertSign and cRLSign), or a leaf purpose. Default `'server'`.
   */
  readonly purpose?: CertificatePurpose | 'ca';
  /** Validity in days from `at`. Default 30 for a leaf, 3650 for a CA. */
  readonly days?: number;
  /** The start of the validity (one minute earlier, for clock skew). Default now. */
  readonly at?: Date;
}

/**
 * Makes a self-signed certificate: a throw-away server certificate for tests, or the root of a private
 * PKI (`purpose: 'ca'`). Extensions follow RFC 5280 section 4.2.1: basicConstraints and keyUsage
 * (critical), extendedKeyUsage for leaves, subject and authority key identifiers, and the alternative names.
 * The serial is 16 random bytes.
 *
 * @throws IssueError `ERR_ISSUE_BAD_NAME`, `ERR_ISSUE_KEY_UNSUPPORTED`.
 * @throws TypeError when `key` is not a PrivateKey or `days` is not positive.
 * @example
 * ```ts
 * import { createSelfSigned, generatePrivateKey } from 'certkit/issue';
 * const key = await generatePrivateKey('ec');
 * const cert = await createSelfSigned({ key, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], days: 1 });
 * // cert.pem + exportPrivateKey(key, { format: 'pkcs8-pem' }) for a test server
 * ```
 * @see RFC 5280 sections 4.1 and 4.2.1
 */
export async function createSelfSigned(options: CreateSelfSignedOptions): Promise<Certificate> {
  if (!(options?.key instanceof PrivateKey))
    throw new TypeError('createSelfSigned needs a PrivateKey as `key`');
  const lib = await loadPeculiarX509();
  const purpose = options.purpose ?? 'server';
  const firstName = options.dnsNames?.[0] ?? options.ipAddresses?.[0] ?? options.emails?.[0];
  const subjectText = options.subject ?? (firstName === undefined ? '' : `CN=${escapeRfc4514(firstName)}`);
  const name = subjectName(lib, subjectText);
  const signer = signingKeyOf(options.key);
  const publicKey = options.key.publicKey;
  const { notBefore, notAfter } = validity(
    options.at ?? new Date(),
    options.days ?? (purpose === 'ca' ? 3650 : 30),
  );
  const extensions = profileExtensions(lib, {
    role: purpose === 'ca' ? { kind: 'ca' } : { kind: 'leaf', purpose },
    publicKey,
    authorityKeyId: keyIdentifier(publicKey),
    names: options,
    emptySubject: subjectText === '',
  });
  return signCertificate(
    lib,
    { subject: name, issuer: name, publicKey, serialNumber: randomSerial(), notBefore, notAfter, extensions },
    signer,
  );
}
