import type { PublicKey } from '../keys/public-key.js';
import { Certificate } from '../x509/certificate.js';
import type { PeculiarX509 } from './load-peculiar.js';
import type { SigningKey } from './signing-key.js';

/** @internal Everything a certificate is made of. */
export interface CertificateTemplate {
  readonly subject: InstanceType<PeculiarX509['Name']>;
  readonly issuer: InstanceType<PeculiarX509['Name']>;
  readonly publicKey: PublicKey;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: InstanceType<PeculiarX509['Extension']>[];
}

/**
 * @internal Signs a certificate with `@peculiar/x509` and hands it back as a certkit
 * {@link Certificate} (through DER). The subject's SubjectPublicKeyInfo goes in byte for byte.
 */
export async function signCertificate(
  lib: PeculiarX509,
  template: CertificateTemplate,
  signer: SigningKey,
): Promise<Certificate> {
  const made = await lib.X509CertificateGenerator.create(
    {
      subject: template.subject,
      issuer: template.issuer,
      publicKey: new Uint8Array(template.publicKey.spki),
      signingKey: signer.keys.privateKey,
      signingAlgorithm: signer.algorithm,
      serialNumber: template.serialNumber,
      notBefore: template.notBefore,
      notAfter: template.notAfter,
      extensions: template.extensions,
    },
    signer.crypto,
  );
  return Certificate.fromOwnedDer(new Uint8Array(made.rawData));
}
