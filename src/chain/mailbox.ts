/**
 * Mailbox syntax of an rfc822Name (RFC 5280 section 4.2.1.6: "a Mailbox as defined in RFC 2821
 * section 4.1.2", now RFC 5321 section 4.1.2): `Local-part "@" ( Domain / address-literal )`.
 */
import { isValidDnsName } from './dns-name.js';
import { parseIpAddress } from './ip-address.js';

/** Dot-string: atoms of atext separated by single dots (RFC 5321 section 4.1.2, RFC 5322 atext). */
const DOT_STRING = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** Quoted-string: printable ASCII except `"` and `\`, or a backslash pair (qtextSMTP / quoted-pairSMTP). */
const QUOTED_STRING = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;

function isValidAddressLiteral(literal: string): boolean {
  const inner = literal.slice(1, -1);
  if (inner.startsWith('IPv6:')) return parseIpAddress(inner.slice(5))?.length === 16;
  return parseIpAddress(inner)?.length === 4;
}

/** Splits at the `@` that ends the local part (a quoted local part may itself contain `@`). */
function split(address: string): { local: string; domain: string } | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/**
 * True when `address` is a Mailbox of RFC 5321 section 4.1.2: a dot-string or quoted-string local part
 * of at most 64 octets, `@`, and a domain in preferred name syntax or an address literal
 * (`[192.0.2.1]`, `[IPv6:2001:db8::1]`). ASCII only (internationalised mailboxes are SmtpUTF8Mailbox
 * otherNames, RFC 8398).
 *
 * @internal
 * @see RFC 5280 section 4.2.1.6, RFC 5321 section 4.1.2
 */
export function isValidMailbox(address: string): boolean {
  const parts = split(address);
  if (!parts) return false;
  const { local, domain } = parts;
  if (local.length > 64 || !(DOT_STRING.test(local) || QUOTED_STRING.test(local))) return false;
  if (domain.startsWith('[') && domain.endsWith(']')) return isValidAddressLiteral(domain);
  return isValidDnsName(domain);
}
