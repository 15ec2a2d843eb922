import { defineCodes } from './entry.js';

/** Codes for making things: CSRs, self-signed certificates and the private CA. */
export const ISSUE_CODES = defineCodes({
  ERR_ISSUE_BAD_NAME: {
    summary: 'A subject name or a subject alternative name cannot be put in a certificate or CSR.',
    cause:
      'A distinguished name that is not RFC 4514 text (`CN=api,O=Example`), an attribute type that is not known, or a DNS name, IP address, email address or URI that is not well formed; `what` and `value` name it.',
    action:
      'Fix the value; DNS names are LDH labels (a leading `*.` is allowed), IP addresses IPv4 or IPv6 text.',
  },
  ERR_ISSUE_KEY_UNSUPPORTED: {
    summary: 'The key cannot sign a certificate, CSR or CRL.',
    cause:
      "A key type the generators do not handle (only RSA, RSA-PSS, EC P-256/P-384/P-521, Ed25519 and Ed448 sign), or Node's crypto refused to sign with it.",
    action: 'Use one of the supported key types; `details.algorithm` names the key given.',
  },
  ERR_ISSUE_CSR_REFUSED: {
    summary: 'The CA refused a certificate request.',
    cause:
      'The CSR signature does not verify with its own public key (no proof of possession, RFC 2986 section 3), or it asks for nothing the CA can issue (no subject and no alternative name).',
    action: 'Make the CSR again with the private key it names (`certkit csr`), and give a subject or a name.',
  },
  ERR_ISSUE_CA_NOT_FOUND: {
    summary: 'There is no certificate authority in this storage.',
    cause:
      'The storage (a `--dir`) has no CA state under this name: `ca init` was not run, or another directory or name was given.',
    action:
      'Create the CA first (`CertificateAuthority.create`, `certkit ca init`), or point at the right storage.',
  },
  ERR_ISSUE_CA_EXISTS: {
    summary: 'A certificate authority already exists in this storage under this name.',
    cause: 'Creating a CA where one was made before; certkit never overwrites a CA key.',
    action: 'Open the existing CA (`CertificateAuthority.open`), or use another name or directory.',
  },
  ERR_ISSUE_CA_KEY_UNAVAILABLE: {
    summary: "The CA's private key cannot be opened.",
    cause:
      'The stored key is sealed with a passphrase and none, or another one, was given; or the stored key is missing or damaged (`reason`).',
    action:
      'Pass the passphrase the CA was created with (`passphrase` option, `--password-env` on the command line).',
  },
  ERR_ISSUE_SERIAL_UNKNOWN: {
    summary: 'This CA never issued a certificate with that serial number.',
    cause:
      'A typo in the serial, or a serial of another CA; serials are hex as `openssl x509 -serial` prints them.',
    action:
      'Take the serial from the certificate (`certkit inspect CERT`), and revoke it at the CA that issued it.',
  },
  ERR_ISSUE_OUTLIVES_CA: {
    summary: 'The certificate asked for would outlive the CA certificate that signs it.',
    cause:
      "The validity in days goes past the issuing CA's notAfter; a validator would reject the certificate from then on (RFC 5280 section 6.1.3).",
    action: 'Ask for fewer days, or create a new CA with a longer validity.',
  },
});
