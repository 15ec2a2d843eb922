import type { DistinguishedName, GeneralName } from '../../../src/x509/index.js';

/** OpenSSL's `X509_NAME_oneline` form: `/C=DE/O=Org/CN=Name` (encoded order). */
export function slashName(dn: DistinguishedName): string {
  return dn.rdns.map((rdn) => rdn.map((a) => `/${a.shortName}=${a.value}`).join('+')).join('');
}

function ipv6Full(b: Uint8Array, at: number): string {
  const g: string[] = [];
  for (let i = 0; i < 8; i++) g.push(((b[at + 2 * i]! << 8) | b[at + 2 * i + 1]!).toString(16).toUpperCase());
  return g.join(':');
}

function ipv4(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** The IP text OpenSSL prints for iPAddress bytes (IPv6 uncompressed upper-case; constraints addr/mask). */
export function opensslIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return ipv4(bytes, 0);
  if (bytes.length === 16) return ipv6Full(bytes, 0);
  if (bytes.length === 8) return `${ipv4(bytes, 0)}/${ipv4(bytes, 4)}`;
  return `${ipv6Full(bytes, 0)}/${ipv6Full(bytes, 16)}`;
}

const OTHER_NAME_LABEL: Record<string, string> = { '1.3.6.1.4.1.311.20.2.3': 'UPN' };

/** A GeneralName the way `openssl x509 -text` prints it inside subjectAltName. */
export function opensslGeneralName(n: GeneralName, context: 'san' | 'constraints' = 'san'): string {
  switch (n.type) {
    case 'dns':
      return `DNS:${n.value}`;
    case 'ip':
      return `${context === 'san' ? 'IP Address' : 'IP'}:${opensslIp(n.bytes)}`;
    case 'email':
      return `email:${n.value}`;
    case 'uri':
      return `URI:${n.value}`;
    case 'directory':
      return context === 'san' ? `DirName:${slashName(n.value)}` : `DirName:${n.value.toOpenSslString()}`;
    case 'registeredId':
      return `Registered ID:${n.value}`;
    case 'other': {
      // The value is the DER of the [0]-wrapped content: skip its tag and one-byte length.
      const text = Buffer.from(n.value.subarray(2)).toString('utf8');
      return `othername: ${OTHER_NAME_LABEL[n.oid] ?? n.oid}::${text}`;
    }
    default:
      return `${n.type}:?`;
  }
}

/** OpenSSL's names for key usage bits. */
export const OPENSSL_KEY_USAGE: Record<string, string> = {
  digitalSignature: 'Digital Signature',
  nonRepudiation: 'Non Repudiation',
  keyEncipherment: 'Key Encipherment',
  dataEncipherment: 'Data Encipherment',
  keyAgreement: 'Key Agreement',
  keyCertSign: 'Certificate Sign',
  cRLSign: 'CRL Sign',
  encipherOnly: 'Encipher Only',
  decipherOnly: 'Decipher Only',
};

/** OpenSSL's long names for extended key usages. */
export const OPENSSL_EKU: Record<string, string> = {
  serverAuth: 'TLS Web Server Authentication',
  clientAuth: 'TLS Web Client Authentication',
  codeSigning: 'Code Signing',
  emailProtection: 'E-mail Protection',
  timeStamping: 'Time Stamping',
  OCSPSigning: 'OCSP Signing',
  anyExtendedKeyUsage: 'Any Extended Key Usage',
  ipsecIKE: 'ipsec Internet Key Exchange',
  msCodeInd: 'Microsoft Individual Code Signing',
  msCodeCom: 'Microsoft Commercial Code Signing',
  msCTLSign: 'Microsoft Trust List Signing',
  msSGC: 'Microsoft Server Gated Crypto',
  msEFS: 'Microsoft Encrypted File System',
  msSmartcardLogin: 'Microsoft Smartcard Login',
  nsSGC: 'Netscape Server Gated Crypto',
  ipsecEndSystem: 'IPSec End System',
  ipsecTunnel: 'IPSec Tunnel',
  ipsecUser: 'IPSec User',
};

/** Lower-case hex to OpenSSL's colon upper-case form. */
export const colonUpper = (hex: string): string => hex.toUpperCase().match(/../g)?.join(':') ?? '';
