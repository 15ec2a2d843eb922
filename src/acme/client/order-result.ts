import { isIP } from 'node:net';
import { AcmeError } from '../../errors/area-errors.js';
import { keyMatchesCertificate } from '../../keys/key-match.js';
import type { PrivateKey } from '../../keys/private-key.js';
import type { PublicKey } from '../../keys/public-key.js';
import { KeystoreEntry } from '../../stores/keystore-entry.js';
import type { Certificate } from '../../x509/certificate.js';
import { parseCertificates } from '../../x509/parse-certificate.js';

/**
 * A finished order: the certificate with its chain and, when certkit holds the key, a keystore entry
 * ready for the stores layer.
 *
 * @example
 * ```ts
 * import { AcmeOrderClient } from 'certkit/acme';
 * const { entry, certificate, pem } = await client.order({ domains: ['api.example.com'] });
 * keystore = keystore.withEntry(entry);
 * ```
 */
export interface AcmeOrderResult {
  /** The order's URL at the CA. */
  readonly orderUrl: string;
  /** Alias, key and chain; undefined only when a CSR was given without its private key. */
  readonly entry: KeystoreEntry | undefined;
  /** The issued leaf certificate. */
  readonly certificate: Certificate;
  /** Leaf first, as the CA sent it. */
  readonly chain: readonly Certificate[];
  /** The chain as PEM, as the CA sent it. */
  readonly pem: string;
  /** Whether an order left by an earlier run was continued (no new order was opened). */
  readonly resumed: boolean;
}

function covers(certificate: Certificate, name: string): boolean {
  const type = isIP(name) !== 0 ? 'ip' : 'dns';
  return certificate.subjectAltNames.some(
    (san) => san.type === type && String(san.value).toLowerCase() === name,
  );
}

/**
 * Parses the chain the CA sent and checks it fits the order (key and every name) before anything is
 * stored: `ERR_ACME_CERTIFICATE_MISMATCH` otherwise, `ERR_ACME_BAD_RESPONSE` when it is not PEM.
 */
export function checkIssuedChain(
  pem: string,
  domains: readonly string[],
  publicKey: PublicKey | PrivateKey,
  orderUrl: string,
): { certificate: Certificate; chain: Certificate[] } {
  let chain: Certificate[];
  try {
    chain = parseCertificates(pem);
  } catch (cause) {
    throw new AcmeError('ERR_ACME_BAD_RESPONSE', 'The certificate the CA sent cannot be parsed.', {
      cause,
      details: { url: orderUrl },
    });
  }
  const certificate = chain[0];
  if (!certificate) {
    throw new AcmeError('ERR_ACME_BAD_RESPONSE', 'The CA sent an empty certificate chain.', {
      details: { url: orderUrl },
    });
  }
  const match = keyMatchesCertificate(publicKey, certificate);
  if (!match.matches) {
    throw new AcmeError(
      'ERR_ACME_CERTIFICATE_MISMATCH',
      "The certificate the CA sent is not for the order's key.",
      {
        details: { url: orderUrl, reason: match.reason },
      },
    );
  }
  const missing = domains.filter((d) => !covers(certificate, d));
  if (missing.length > 0) {
    throw new AcmeError(
      'ERR_ACME_CERTIFICATE_MISMATCH',
      `The certificate the CA sent lacks ${missing.join(', ')}.`,
      {
        details: { url: orderUrl, missing },
      },
    );
  }
  return { certificate, chain };
}

/** The keystore entry for an issued chain. */
export function entryFor(alias: string, key: PrivateKey, chain: readonly Certificate[]): KeystoreEntry {
  return new KeystoreEntry(alias, key, chain);
}
