import { IssueError } from '../errors/area-errors.js';
import type { PrivateKey } from '../keys/private-key.js';
import type { PublicKey } from '../keys/public-key.js';
import type { Certificate } from '../x509/certificate.js';
import { CertificateRequest, parseCsr } from '../x509/certificate-request.js';
import { escapeRfc4514 } from '../x509/distinguished-name.js';
import type { IssueCertificateOptions } from './ca-options.js';
import { keyIdentifier, profileExtensions, randomSerial, validity } from './certificate-profile.js';
import { generatePrivateKey } from './generate-key.js';
import type { PeculiarX509 } from './load-peculiar.js';
import { type SubjectAltNameOptions, type SubjectInput, subjectName } from './names.js';
import { signCertificate } from './sign-certificate.js';
import type { SigningKey } from './signing-key.js';

/** @internal The issuing side of a leaf. */
export interface Issuer {
  readonly certificate: Certificate;
  readonly signer: SigningKey;
}

const ISSUER_NAMES = new WeakMap<Certificate, InstanceType<PeculiarX509['Name']>>();

/** @internal The issuer's subject as `@peculiar/x509` takes it, decoded once per CA certificate. */
export function issuerNameOf(
  lib: PeculiarX509,
  certificate: Certificate,
): InstanceType<PeculiarX509['Name']> {
  let name = ISSUER_NAMES.get(certificate);
  if (name === undefined) {
    name = new lib.Name(new Uint8Array(certificate.subject.der));
    ISSUER_NAMES.set(certificate, name);
  }
  return name;
}

function refused(why: string, details: Record<string, unknown>): IssueError {
  return new IssueError('ERR_ISSUE_CSR_REFUSED', `The CA refused the request: ${why}.`, { details });
}

/** The names of a CSR's subjectAltName, in the option form. */
function csrNames(csr: CertificateRequest): SubjectAltNameOptions {
  const pick = (type: string) =>
    csr.subjectAltNames.filter((n) => n.type === type).map((n) => String(n.value));
  return { dnsNames: pick('dns'), ipAddresses: pick('ip'), emails: pick('email'), uris: pick('uri') };
}

function hasNames(n: SubjectAltNameOptions): boolean {
  return [n.dnsNames, n.ipAddresses, n.emails, n.uris].some((l) => (l?.length ?? 0) > 0);
}

/** Where the key to certify comes from: a CSR (checked), a public key, or a fresh key. */
async function subjectKey(
  options: IssueCertificateOptions,
): Promise<{ publicKey: PublicKey; privateKey?: PrivateKey; csr?: CertificateRequest }> {
  if (options.csr !== undefined) {
    const csr = options.csr instanceof CertificateRequest ? options.csr : parseCsr(options.csr);
    const check = csr.verifySignature();
    if (!check.ok) {
      throw refused('the CSR signature does not verify with its own key (no proof of possession)', {
        reason: 'signature',
        subject: csr.subject.toString(),
      });
    }
    return { publicKey: csr.publicKey, csr };
  }
  if (options.publicKey !== undefined) return { publicKey: options.publicKey };
  const privateKey = await generatePrivateKey(options.keyType ?? 'ec');
  return { publicKey: privateKey.publicKey, privateKey };
}

/**
 * @internal Issues a leaf certificate: subject and names from the options, else from the CSR; the
 * profile of {@link profileExtensions}; a validity that must end before the issuer's.
 */
export async function issueLeaf(
  lib: PeculiarX509,
  issuer: Issuer,
  options: IssueCertificateOptions,
): Promise<{ certificate: Certificate; privateKey: PrivateKey | undefined }> {
  const { publicKey, privateKey, csr } = await subjectKey(options);
  const names = hasNames(options) ? options : csr === undefined ? {} : csrNames(csr);
  const first = names.dnsNames?.[0] ?? names.ipAddresses?.[0] ?? names.emails?.[0] ?? names.uris?.[0];
  const subject: SubjectInput =
    options.subject ??
    (csr !== undefined && !csr.subject.isEmpty
      ? csr.subject
      : first === undefined
        ? ''
        : `CN=${escapeRfc4514(first)}`);
  if (subject === '' && !hasNames(names)) {
    throw new IssueError(
      'ERR_ISSUE_BAD_NAME',
      'A certificate needs a subject or at least one alternative name.',
      {
        details: { what: 'subject', value: '' },
      },
    );
  }
  const { notBefore, notAfter } = validity(options.at ?? new Date(), options.days ?? 30);
  if (notAfter > issuer.certificate.notAfter) {
    throw new IssueError(
      'ERR_ISSUE_OUTLIVES_CA',
      `A certificate valid until ${notAfter.toISOString()} would outlive its CA (until ${issuer.certificate.notAfter.toISOString()}).`,
      {
        details: { notAfter: notAfter.toISOString(), caNotAfter: issuer.certificate.notAfter.toISOString() },
      },
    );
  }
  const extensions = profileExtensions(lib, {
    role: { kind: 'leaf', purpose: options.purpose ?? 'server' },
    publicKey,
    authorityKeyId: issuer.certificate.subjectKeyIdentifier ?? keyIdentifier(issuer.certificate.publicKey),
    names,
    emptySubject: subject === '',
  });
  const certificate = await signCertificate(
    lib,
    {
      subject: subjectName(lib, subject),
      issuer: issuerNameOf(lib, issuer.certificate),
      publicKey,
      serialNumber: randomSerial(),
      notBefore,
      notAfter,
      extensions,
    },
    issuer.signer,
  );
  return { certificate, privateKey };
}
