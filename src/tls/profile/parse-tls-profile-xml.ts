import { TlsError } from '../../errors/index.js';
import { parseTlsProfile } from './parse-tls-profile.js';
import type { TlsProfile } from './tls-profile.js';

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
const MAX_XML = 64 * 1024;

function bad(message: string, position: number): TlsError {
  return new TlsError('ERR_TLS_XML_INVALID', `<SSLInfo>: ${message} (at offset ${position}).`, {
    details: { position },
  });
}

const ESCAPES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(raw: string, at: number): string {
  return raw.replace(/&([a-z]+);|&/g, (m, name: string | undefined) => {
    const v = name === undefined ? undefined : ESCAPES[name];
    if (v === undefined) throw bad(`unsupported entity or bare "&" (${m})`, at);
    return v;
  });
}

/** A flat, strict reader: `<Name>text</Name>` or `<Name>children</Name>`, no attributes, no DTD. */
class Reader {
  pos = 0;
  constructor(readonly s: string) {}
  skipSpaceAndComments(): void {
    for (;;) {
      while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
      if (this.s.startsWith('<!--', this.pos)) {
        const end = this.s.indexOf('-->', this.pos + 4);
        if (end < 0) throw bad('unterminated comment', this.pos);
        this.pos = end + 3;
      } else return;
    }
  }
  openTag(): string {
    this.skipSpaceAndComments();
    if (this.s.startsWith('<!', this.pos))
      throw bad('DTDs, CDATA and declarations are not allowed', this.pos);
    if (this.s.startsWith('<?', this.pos))
      throw bad('processing instructions are not allowed here', this.pos);
    const m = /^<([A-Za-z][A-Za-z0-9]*)\s*>/.exec(this.s.slice(this.pos, this.pos + 80));
    if (m === null) throw bad('expected an opening tag without attributes', this.pos);
    this.pos += m[0].length;
    return m[1]!;
  }
  closeTag(name: string): void {
    this.skipSpaceAndComments();
    const m = /^<\/([A-Za-z][A-Za-z0-9]*)\s*>/.exec(this.s.slice(this.pos, this.pos + 80));
    if (m === null || m[1] !== name) throw bad(`expected </${name}>`, this.pos);
    this.pos += m[0].length;
  }
  atClose(): boolean {
    this.skipSpaceAndComments();
    return this.s.startsWith('</', this.pos);
  }
  text(): string {
    const start = this.pos;
    const end = this.s.indexOf('<', this.pos);
    if (end < 0) throw bad('unterminated element', this.pos);
    this.pos = end;
    return decodeText(this.s.slice(start, end), start).trim();
  }
}

function parseBool(v: string, element: string, at: number): boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw bad(`<${element}> must be true or false, not "${v}"`, at);
}

/**
 * Reads a {@link TlsProfile} from an API gateway's `<SSLInfo>` element (`<Enabled>`, `<Enforce>`,
 * `<ClientAuthEnabled>`, `<KeyStore>`, `<KeyAlias>`, `<TrustStore>`, `<IgnoreValidationErrors>`,
 * `<Protocols><Protocol>…</Protocol></Protocols>`, `<Ciphers><Cipher>…</Cipher></Ciphers>`,
 * `<ServerName>`, plus certkit's `<AllowLegacyProtocols>` and `<HostnameVerification>`). A tiny strict
 * reader for this flat element, not a general XML parser: no attributes, no DTD, no entities other
 * than the five predefined ones, each element at most once, at most 64 KiB.
 *
 * @throws TlsError `ERR_TLS_XML_INVALID` for malformed or unsupported XML; `ERR_TLS_PROFILE_INVALID`
 *   for a bad value (as {@link parseTlsProfile}).
 * @example
 * ```ts
 * import { parseTlsProfileXml } from 'certkit/tls';
 * const profile = parseTlsProfileXml('<SSLInfo><Enabled>true</Enabled><KeyStore>ref://api</KeyStore></SSLInfo>');
 * ```
 * @see RFC 8446 section 4.2.1
 */
export function parseTlsProfileXml(xml: string): TlsProfile {
  if (typeof xml !== 'string') throw new TypeError('parseTlsProfileXml expects a string');
  if (xml.length > MAX_XML) throw bad('the element is larger than 64 KiB', 0);
  let s = xml.replace(/^\uFEFF/, '');
  const decl = /^\s*<\?xml[^?]*\?>/.exec(s);
  if (decl !== null) s = s.slice(decl[0].length);
  const r = new Reader(s);
  const root = r.openTag();
  if (root !== 'SSLInfo') throw bad(`the root element must be <SSLInfo>, not <${root}>`, 0);
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  while (!r.atClose()) {
    const at = r.pos;
    const name = r.openTag();
    if (seen.has(name)) throw bad(`<${name}> appears twice`, at);
    seen.add(name);
    const list = LIST_ELEMENTS[name];
    if (list !== undefined) {
      const items: string[] = [];
      while (!r.atClose()) {
        const itemAt = r.pos;
        const child = r.openTag();
        if (child !== list[0]) throw bad(`<${name}> may only hold <${list[0]}>, not <${child}>`, itemAt);
        items.push(r.text());
        r.closeTag(child);
      }
      out[list[1]] = items;
    } else {
      const text = r.text();
      const b = BOOL_ELEMENTS[name];
      const t = TEXT_ELEMENTS[name];
      if (b !== undefined) out[b] = parseBool(text, name, at);
      else if (t !== undefined) {
        if (text !== '') out[t] = text;
      } else throw bad(`unknown element <${name}>`, at);
    }
    r.closeTag(name);
  }
  r.closeTag('SSLInfo');
  r.skipSpaceAndComments();
  if (r.pos !== s.length) throw bad('content after </SSLInfo>', r.pos);
  return parseTlsProfile(out);
}
