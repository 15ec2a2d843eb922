import { TlsError } from '../../errors/index.js';
import { parseTlsProfile } from './parse-tls-profile.js';
import type { TlsProfile } from './tls-profile.js';
import { type XmlElement, XmlReader } from './xml-element.js';

const BOOL_ELEMENTS: Readonly<Record<string, string>> = {
  Enabled: 'enabled',
  Enforce: 'enforce',
  ClientAuthEnabled: 'clientAuthEnabled',
  IgnoreValidationErrors: 'ignoreValidationErrors',
  AllowLegacyProtocols: 'allowLegacyProtocols',
  HostnameVerification: 'hostnameVerification',
};
const TEXT_ELEMENTS: Readonly<Record<string, string>> = {
  KeyStore: 'keyStore',
  KeyAlias: 'keyAlias',
  TrustStore: 'trustStore',
  ServerName: 'serverName',
};
const LIST_ELEMENTS: Readonly<Record<string, readonly [string, string]>> = {
  Protocols: ['Protocol', 'protocols'],
  Ciphers: ['Cipher', 'ciphers'],
};
/** The children an `<HTTPTargetConnection>` may hold beside `<SSLInfo>` (not read by certkit). */
const CONNECTION_SIBLINGS: ReadonlySet<string> = new Set(['Properties', 'URL']);
const MAX_XML = 64 * 1024;

function noAttributes(r: XmlReader, e: XmlElement): void {
  const [first] = Object.keys(e.attributes);
  if (first !== undefined) throw r.error(`<${e.name}> takes no attribute (found ${first}="…")`, e.offset);
}

function noText(r: XmlReader, e: XmlElement): void {
  if (e.text.trim() !== '') throw r.error(`<${e.name}> holds elements, not text`, e.offset);
}

function leafText(r: XmlReader, e: XmlElement): string {
  if (e.children.length > 0)
    throw r.error(`<${e.name}> holds text, not <${e.children[0]!.name}>`, e.children[0]!.offset);
  return e.text.trim();
}

function parseBool(r: XmlReader, e: XmlElement): boolean {
  const v = leafText(r, e);
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw r.error(`<${e.name}> must be true or false, not "${v}"`, e.offset);
}

/** `<CommonName wildcardMatch="true">*.example.com</CommonName>`: the name the peer certificate must carry. */
function commonName(r: XmlReader, e: XmlElement): { value: string; wildcardMatch: boolean } {
  for (const a of Object.keys(e.attributes))
    if (a !== 'wildcardMatch')
      throw r.error(`<CommonName> takes only wildcardMatch (found ${a}="…")`, e.offset);
  const w = e.attributes.wildcardMatch;
  if (w !== undefined && w !== 'true' && w !== 'false')
    throw r.error(`wildcardMatch must be "true" or "false", not "${w}"`, e.offset);
  const value = leafText(r, e);
  if (value === '') throw r.error('<CommonName> is empty', e.offset);
  return { value, wildcardMatch: w === 'true' };
}

/** The `<SSLInfo>` element: alone, or the one inside `<HTTPTargetConnection>`. */
function sslInfoOf(r: XmlReader, root: XmlElement): XmlElement {
  if (root.name === 'SSLInfo') return root;
  if (root.name !== 'HTTPTargetConnection')
    throw r.error(
      `the root element must be <SSLInfo> or <HTTPTargetConnection>, not <${root.name}>`,
      root.offset,
    );
  noAttributes(r, root);
  noText(r, root);
  let found: XmlElement | undefined;
  const seen = new Set<string>();
  for (const c of root.children) {
    if (seen.has(c.name)) throw r.error(`<${c.name}> appears twice`, c.offset);
    seen.add(c.name);
    if (c.name === 'SSLInfo') found = c;
    else if (!CONNECTION_SIBLINGS.has(c.name))
      throw r.error(`unknown element <${c.name}> in <HTTPTargetConnection>`, c.offset);
  }
  if (found === undefined) throw r.error('<HTTPTargetConnection> holds no <SSLInfo>', root.offset);
  return found;
}

/**
 * Reads a {@link TlsProfile} from an API gateway's `<SSLInfo>` element, alone or inside the
 * `<HTTPTargetConnection>` of a target endpoint (beside `<Properties/>` and `<URL>`, which are not
 * read): `<Enabled>`, `<Enforce>`, `<ClientAuthEnabled>`, `<KeyStore>`, `<KeyAlias>`, `<TrustStore>`,
 * `<IgnoreValidationErrors>`, `<Protocols><Protocol>…</Protocol></Protocols>` (the protocol range),
 * `<Ciphers><Cipher>…</Cipher></Ciphers>` (the cipher list), `<CommonName wildcardMatch="…">` (the
 * name the peer certificate must carry: `commonName`), `<ServerName>`, plus certkit's
 * `<AllowLegacyProtocols>` and `<HostnameVerification>`. Comments and CDATA are read as XML reads
 * them; DTDs, entities other than the five predefined ones and processing instructions are refused
 * (no entity expansion, no external fetch); each element at most once; at most 64 KiB. Every refusal
 * names the line and column.
 *
 * @throws TlsError `ERR_TLS_XML_INVALID` (`details.line`, `details.column`) for malformed or
 *   unsupported XML; `ERR_TLS_PROFILE_INVALID` for a bad value (as {@link parseTlsProfile}).
 * @example
 * ```ts
 * import { parseTlsProfileXml } from 'certkit/tls';
 * const profile = parseTlsProfileXml('<SSLInfo><Enabled>true</Enabled><KeyStore>ref://api</KeyStore></SSLInfo>');
 * ```
 * @see RFC 8446 section 4.2.1; XML 1.0 (Fifth Edition)
 */
export function parseTlsProfileXml(xml: string): TlsProfile {
  if (typeof xml !== 'string') throw new TypeError('parseTlsProfileXml expects a string');
  if (xml.length > MAX_XML)
    throw new TlsError('ERR_TLS_XML_INVALID', 'The XML is larger than 64 KiB.', {
      details: { line: 1, column: 1, offset: 0 },
    });
  const r = new XmlReader(xml);
  const info = sslInfoOf(r, XmlReader.document(r));
  noAttributes(r, info);
  noText(r, info);
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const e of info.children) {
    if (seen.has(e.name)) throw r.error(`<${e.name}> appears twice`, e.offset);
    seen.add(e.name);
    if (e.name === 'CommonName') {
      out.commonName = commonName(r, e);
      continue;
    }
    noAttributes(r, e);
    const list = LIST_ELEMENTS[e.name];
    const b = BOOL_ELEMENTS[e.name];
    const t = TEXT_ELEMENTS[e.name];
    if (list !== undefined) {
      noText(r, e);
      out[list[1]] = e.children.map((c) => {
        if (c.name !== list[0])
          throw r.error(`<${e.name}> may only hold <${list[0]}>, not <${c.name}>`, c.offset);
        noAttributes(r, c);
        return leafText(r, c);
      });
    } else if (b !== undefined) out[b] = parseBool(r, e);
    else if (t !== undefined) {
      const text = leafText(r, e);
      if (text !== '') out[t] = text;
    } else throw r.error(`unknown element <${e.name}> in <SSLInfo>`, e.offset);
  }
  return parseTlsProfile(out);
}
