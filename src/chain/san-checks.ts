import { ExtensionOid } from '../internal/oids.js';
import type { Certificate, Extension, GeneralName } from '../x509/index.js';
import { isValidDnsPattern } from './dns-name.js';
import { isValidMailbox } from './mailbox.js';
import { type CertRole, type ProblemSink, read } from './problem-sink.js';
import type { ValidationContext } from './validation-context.js';

const RFC5280_SAN = 'RFC 5280 4.2.1.6';

/** One name's syntax problem (RFC 5280 4.2.1.6), or undefined. `pedantic` also refuses underscores. */
function nameProblem(n: GeneralName, pedantic: boolean): string | undefined {
  switch (n.type) {
    case 'dns':
      if (!isValidDnsPattern(n.value)) return `invalid dNSName "${n.value}" (not in preferred name syntax)`;
      if (pedantic && n.value.includes('_'))
        return `dNSName "${n.value}" has an underscore (not in preferred name syntax)`;
      return undefined;
    case 'ip':
      return n.bytes.length === 4 || n.bytes.length === 16
        ? undefined
        : `invalid iPAddress of ${n.bytes.length} octets (an address is 4 or 16)`;
    case 'email':
      return isValidMailbox(n.value) ? undefined : `invalid rfc822Name "${n.value}" (not a mailbox)`;
    default:
      return undefined;
  }
}

/**
 * subjectAltName rules for one certificate; returns its names (empty when absent or undecodable).
 *
 * - always: a SAN is present when the subject is empty, and holds at least one name (RFC 5280 4.2.1.6);
 * - on the certificates of the path (and on the anchor when pedantic): each name in its syntax, dNSName in
 *   preferred name syntax, rfc822Name a mailbox, iPAddress 4 or 16 octets (RFC 5280 4.2.1.6);
 * - pedantic (what conforming CAs MUST do, which TLS stacks do not check): no underscore in a dNSName;
 *   critical exactly when the subject is empty (RFC 5280 4.2.1.6; the web PKI: CA/B BR 7.1.2.7.12).
 */
export function checkSubjectAltName(
  sink: ProblemSink,
  depth: number,
  cert: Certificate,
  exts: readonly Extension[],
  subjectEmpty: boolean,
  role: CertRole,
  ctx: ValidationContext,
): readonly GeneralName[] {
  const sanExt = exts.find((e) => e.oid === ExtensionOid.subjectAltName);
  const sans = read(
    sink,
    depth,
    cert,
    'subjectAltName',
    () => cert.subjectAltNames,
    [],
    'ERR_CHAIN_SUBJECT_ALT_NAME',
  );
  const add = (message: string, rule: string): void =>
    sink.add('ERR_CHAIN_SUBJECT_ALT_NAME', depth, cert, `${message} (${rule})`, { rule });
  if (!sanExt) {
    if (subjectEmpty) add('the subject is empty and there is no subjectAltName', RFC5280_SAN);
    return sans;
  }
  if (sanExt.value.length <= 2) add('subjectAltName is empty', RFC5280_SAN);
  const pedantic = ctx.pedantic;
  const webpki = ctx.profile === 'webpki';
  if (pedantic && subjectEmpty && !sanExt.critical)
    add('subjectAltName must be critical when the subject is empty', RFC5280_SAN);
  if (pedantic && webpki && !subjectEmpty && sanExt.critical)
    add('subjectAltName must not be critical when there is a subject', 'CA/B BR 7.1.2.7.12');
  if (role === 'anchor' && !pedantic) return sans; // the anchor is an input (RFC 5280 6.1.1 (d))
  for (const n of sans) {
    const why = nameProblem(n, pedantic);
    if (why) add(`${why} in subjectAltName`, RFC5280_SAN);
  }
  return sans;
}
