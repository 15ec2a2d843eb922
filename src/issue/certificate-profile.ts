import { createHash, randomBytes } from 'node:crypto';
import type { PublicKey } from '../keys/public-key.js';
import type { PeculiarX509 } from './load-peculiar.js';
import { altNames, type SubjectAltNameOptions } from './names.js';

/** What a leaf certificate is for: TLS server, TLS client, or both (RFC 5280 section 4.2.1.12). */
export type CertificatePurpose = 'server' | 'client' | 'both';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

type Extension = InstanceType<PeculiarX509['Extension']>;

/**
 * @internal A serial number: 16 bytes from the CSPRNG, the top bit cleared so the INTEGER stays
 * positive in 16 bytes, and the first byte non-zero so its encoding is minimal (RFC 5280 section
 * 4.1.2.2: positive, at most 20 octets; CA/B BR 7.1: at least 64 bits of CSPRNG output).
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** @internal The key identifier of RFC 5280 section 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKey: PublicKey): string {
  return createHash('sha1').update(publicKey.keyBytes).digest('hex');
}

/** @internal What a certificate is, for the extensions it gets. */
export type CertificateRole =
  | { readonly kind: 'ca'; readonly pathLength?: number }
  | { readonly kind: 'leaf'; readonly purpose: CertificatePurpose };

/** @internal Inputs of {@link profileExtensions}. */
export interface ProfileInput {
  readonly role: CertificateRole;
  readonly publicKey: PublicKey;
  /** The issuer's key identifier (the subject's own for a self-signed certificate). */
  readonly authorityKeyId: string;
  readonly names: SubjectAltNameOptions;
  /** The subject is empty: the SAN extension is then critical (RFC 5280 section 4.2.1.6). */
  readonly emptySubject: boolean;
}

/**
 * @internal The extensions certkit puts in a certificate (RFC 5280 section 4.2.1; CA/B BR 7.1.2):
 * basicConstraints (critical), keyUsage (critical) by role and key type, extendedKeyUsage by purpose for
 * leaves, subjectKeyIdentifier, authorityKeyIdentifier, and subjectAltName when there are names.
 */
export function profileExtensions(lib: PeculiarX509, input: ProfileInput): Extension[] {
  const { role, publicKey } = input;
  const F = lib.KeyUsageFlags;
  const out: Extension[] = [];
  if (role.kind === 'ca') {
    out.push(new lib.BasicConstraintsExtension(true, role.pathLength, true));
    out.push(new lib.KeyUsagesExtension(F.keyCertSign | F.cRLSign | F.digitalSignature, true));
  } else {
    out.push(new lib.BasicConstraintsExtension(false, undefined, true));
    // keyEncipherment only where the key can encrypt (RSA key transport in TLS 1.2; RFC 8446 section
    // 4.4.2.2 needs digitalSignature only).
    const usage = publicKey.algorithm === 'rsa' ? F.digitalSignature | F.keyEncipherment : F.digitalSignature;
    out.push(new lib.KeyUsagesExtension(usage, true));
    const eku =
      role.purpose === 'server'
        ? [SERVER_AUTH]
        : role.purpose === 'client'
          ? [CLIENT_AUTH]
          : [SERVER_AUTH, CLIENT_AUTH];
    out.push(new lib.ExtendedKeyUsageExtension(eku, false));
  }
  out.push(new lib.SubjectKeyIdentifierExtension(keyIdentifier(publicKey)));
  out.push(new lib.AuthorityKeyIdentifierExtension(input.authorityKeyId));
  const names = altNames(input.names);
  if (names.length > 0) out.push(new lib.SubjectAlternativeNameExtension(names, input.emptySubject));
  return out;
}

/** @internal A validity of `days` from `at`, the start set one minute back for clocks that run behind. */
export function validity(at: Date, days: number): { notBefore: Date; notAfter: Date } {
  if (!Number.isFinite(days) || days <= 0) throw new TypeError('days must be a positive number');
  const notBefore = new Date(Math.floor(at.getTime() / 1000) * 1000 - 60_000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * 86_400_000) };
}
