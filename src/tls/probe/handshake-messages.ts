import { isCertkitError } from '../../errors/index.js';
import { DistinguishedName } from '../../x509/index.js';
import { ByteReader, probeMalformed } from './byte-reader.js';

/** Handshake message types a server sends in its first flight (RFC 5246 section 7.4, RFC 8446 section 4). */
export const HandshakeType = {
  serverHello: 2,
  newSessionTicket: 4,
  encryptedExtensions: 8,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  finished: 20,
  certificateStatus: 22,
} as const;

/** The ServerHello fields the probe needs. */
export interface ServerHelloInfo {
  /** `0x0303` TLS 1.2, `0x0304` TLS 1.3 (from supported_versions, RFC 8446 section 4.2.1). */
  readonly version: number;
  readonly cipherSuite: number;
  /** A HelloRetryRequest (RFC 8446 section 4.1.3): another ServerHello follows. */
  readonly helloRetry: boolean;
}

/** What a CertificateRequest asked for. */
export interface CertificateRequestInfo {
  /** TLS 1.2 `certificate_types` (1 rsa_sign, 64 ecdsa_sign, …); empty in TLS 1.3, which has none. */
  readonly certificateTypes: readonly number[];
  /** SignatureScheme code points the server accepts (`0x0804` rsa_pss_rsae_sha256, …). */
  readonly signatureAlgorithms: readonly number[];
  /** The certificate_authorities names, in the server's order (empty: any CA, or not sent). */
  readonly authorities: readonly DistinguishedName[];
}

const HRR_RANDOM = Buffer.from('CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C', 'hex');
const EXT_SUPPORTED_VERSIONS = 43;
const EXT_SIGNATURE_ALGORITHMS = 13;
const EXT_CERTIFICATE_AUTHORITIES = 47;
/** At most this many names or algorithms are kept; a real list is a few dozen. */
const MAX_LIST = 1024;

/** @see RFC 5246 section 7.4.1.3, RFC 8446 sections 4.1.3 and 4.2.1 */
export function parseServerHello(body: Uint8Array): ServerHelloInfo {
  const r = new ByteReader(body, 'ServerHello');
  let version = r.uint(2, 'legacy_version');
  const random = r.bytes(32, 'random');
  r.vector(1, 'legacy_session_id', 0, 32);
  const cipherSuite = r.uint(2, 'cipher_suite');
  r.uint(1, 'compression_method');
  if (r.remaining > 0) {
    const extensions = r.vector(2, 'extensions');
    const seen = new Set<number>();
    while (extensions.remaining > 0) {
      const type = extensions.uint(2, 'extension type');
      if (seen.has(type)) throw probeMalformed(`ServerHello repeats extension ${type}`);
      seen.add(type);
      const data = extensions.vector(2, `extension ${type}`);
      if (type === EXT_SUPPORTED_VERSIONS) {
        version = data.uint(2, 'selected_version');
        data.end();
      }
    }
  }
  r.end();
  return { version, cipherSuite, helloRetry: Buffer.from(random).equals(HRR_RANDOM) };
}

/**
 * The DER certificates of a Certificate message, in the order sent (TLS 1.2 list of ASN.1Cert, or
 * TLS 1.3 CertificateEntry list with a request context and per-entry extensions).
 * @see RFC 5246 section 7.4.2, RFC 8446 section 4.4.2
 */
export function parseCertificateMessage(body: Uint8Array, tls13: boolean): Uint8Array[] {
  const r = new ByteReader(body, 'Certificate');
  if (tls13) r.vector(1, 'certificate_request_context', 0, 0); // empty from a server in the handshake
  const list = r.vector(3, 'certificate_list');
  r.end();
  const out: Uint8Array[] = [];
  while (list.remaining > 0) {
    if (out.length >= MAX_LIST) throw probeMalformed(`Certificate holds more than ${MAX_LIST} certificates`);
    const data = list.vector(3, 'cert_data', 1);
    out.push(Uint8Array.from(data.bytes(data.remaining, 'cert_data')));
    if (tls13) list.vector(2, 'CertificateEntry extensions');
  }
  return out;
}

/** The names of a certificate_authorities list, each decoded with the x509 layer's DN model. */
function readAuthorities(r: ByteReader, min: number): DistinguishedName[] {
  const list = r.vector(2, 'certificate_authorities', min);
  const out: DistinguishedName[] = [];
  while (list.remaining > 0) {
    if (out.length >= MAX_LIST)
      throw probeMalformed(`certificate_authorities holds more than ${MAX_LIST} names`);
    const der = list.vector(2, 'DistinguishedName', 1);
    const bytes = Uint8Array.from(der.bytes(der.remaining, 'DistinguishedName'));
    try {
      out.push(DistinguishedName.fromDer(bytes));
    } catch (e) {
      if (!isCertkitError(e)) throw e;
      throw probeMalformed(`a certificate_authorities name is not a DER Name (${e.code})`, e);
    }
  }
  return out;
}

function readSignatureAlgorithms(r: ByteReader): number[] {
  const list = r.vector(2, 'supported_signature_algorithms', 2, 2 ** 16 - 2);
  if (list.remaining % 2 !== 0) throw probeMalformed('supported_signature_algorithms has an odd length');
  const out: number[] = [];
  while (list.remaining > 0) out.push(list.uint(2, 'SignatureScheme'));
  return out;
}

/**
 * A CertificateRequest: TLS 1.2 (types, signature algorithms, CA names) or TLS 1.3 (context and
 * extensions, of which signature_algorithms is required and certificate_authorities optional).
 * @see RFC 5246 section 7.4.4, RFC 8446 sections 4.3.2 and 4.2.4
 */
export function parseCertificateRequest(body: Uint8Array, tls13: boolean): CertificateRequestInfo {
  const r = new ByteReader(body, 'CertificateRequest');
  if (!tls13) {
    const types = r.vector(1, 'certificate_types', 1);
    const certificateTypes: number[] = [];
    while (types.remaining > 0) certificateTypes.push(types.uint(1, 'ClientCertificateType'));
    const signatureAlgorithms = readSignatureAlgorithms(r);
    const authorities = readAuthorities(r, 0);
    r.end();
    return { certificateTypes, signatureAlgorithms, authorities };
  }
  r.vector(1, 'certificate_request_context', 0, 0); // empty in the handshake (RFC 8446 4.3.2)
  const extensions = r.vector(2, 'extensions', 2);
  r.end();
  let signatureAlgorithms: number[] | undefined;
  let authorities: DistinguishedName[] = [];
  const seen = new Set<number>();
  while (extensions.remaining > 0) {
    const type = extensions.uint(2, 'extension type');
    if (seen.has(type)) throw probeMalformed(`CertificateRequest repeats extension ${type}`);
    seen.add(type);
    const data = extensions.vector(2, `extension ${type}`);
    if (type === EXT_SIGNATURE_ALGORITHMS) {
      signatureAlgorithms = readSignatureAlgorithms(data);
      data.end();
    } else if (type === EXT_CERTIFICATE_AUTHORITIES) {
      // RFC 8446 4.2.4 makes the list <3..2^16-1>, but OpenSSL (3.0, `-no_ca_names`) sends it empty:
      // read as "no names", as TLS clients do.
      authorities = readAuthorities(data, 0);
      data.end();
    }
  }
  if (signatureAlgorithms === undefined)
    throw probeMalformed('the TLS 1.3 CertificateRequest has no signature_algorithms extension');
  return { certificateTypes: [], signatureAlgorithms, authorities };
}
