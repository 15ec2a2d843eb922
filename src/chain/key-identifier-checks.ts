import type { Certificate } from '../x509/index.js';
import { type CertRole, type ProblemSink, read } from './problem-sink.js';
import type { ValidationContext } from './validation-context.js';

/**
 * Key identifier rules (RFC 5280 4.2.1.1, 4.2.1.2; CA/B BR 7.1.2.1.3 for roots). They say what conforming
 * CAs MUST put in a certificate; path validation (RFC 5280 section 6) does not need them, and OpenSSL, Go,
 * Java and Node's TLS accept certificates without them. So they are enforced under `pedantic` only, on
 * every certificate of the path and on the trust anchor. A malformed extension is reported always.
 */
export function checkKeyIdentifiers(
  sink: ProblemSink,
  depth: number,
  cert: Certificate,
  role: CertRole,
  ctx: ValidationContext,
): void {
  const code = 'ERR_CHAIN_KEY_IDENTIFIER';
  const ski = read(
    sink,
    depth,
    cert,
    'subjectKeyIdentifier',
    () => cert.subjectKeyIdentifier,
    undefined,
    code,
  );
  const aki = read(
    sink,
    depth,
    cert,
    'authorityKeyIdentifier',
    () => cert.authorityKeyIdentifier,
    undefined,
    code,
  );
  if (!ctx.pedantic) return;
  const add = (message: string, rule: string): void =>
    sink.add(code, depth, cert, `${message} (${rule})`, { rule });
  const selfIssued = read(sink, depth, cert, 'names', () => cert.isSelfIssued, false);
  if (role !== 'leaf' && ski === undefined)
    add('a CA certificate has no subjectKeyIdentifier', 'RFC 5280 4.2.1.2');
  if (aki === undefined) {
    if (!selfIssued) add('no authorityKeyIdentifier (required unless self-signed)', 'RFC 5280 4.2.1.1');
    return;
  }
  if (aki.keyIdentifier === undefined) add('authorityKeyIdentifier has no keyIdentifier', 'RFC 5280 4.2.1.1');
  if (ctx.profile !== 'webpki' || role !== 'anchor' || !selfIssued) return;
  if (aki.issuer !== undefined || aki.serialNumber !== undefined)
    add('a root’s authorityKeyIdentifier has authorityCertIssuer/SerialNumber', 'CA/B BR 7.1.2.1.3');
  if (aki.keyIdentifier !== undefined && ski !== undefined && aki.keyIdentifier !== ski)
    add(
      'a self-signed root’s authorityKeyIdentifier differs from its subjectKeyIdentifier',
      'CA/B BR 7.1.2.1.3',
    );
}
