import { TlsError } from '../../errors/index.js';

/** One element of a small XML document: name, attributes, child elements, text, and where it began. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (character data and CDATA), untrimmed; child elements' text excluded. */
  readonly text: string;
  /** Offset of the `<` that opens it (line and column are computed only for a message). */
  readonly offset: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const SPACE = /[ \t\r\n]*/y;
const ESCAPES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_DEPTH = 16;

/**
 * A strict reader for the small XML documents gateway configurations are (XML 1.0, no namespaces
 * processing): elements, attributes, text, comments, CDATA, the XML declaration. It refuses what a
 * profile never needs and what makes XML dangerous: DTDs (`<!DOCTYPE`), entity references other than
 * the five predefined ones and character references, and processing instructions. Linear in its input;
 * nesting is bounded. Every refusal is `ERR_TLS_XML_INVALID` with the line and column.
 *
 * @see XML 1.0 (Fifth Edition) sections 2.4-2.8, 3.1, 4.1
 */
export class XmlReader {
  private pos = 0;
  private readonly s: string;
  constructor(text: string) {
    this.s = text.replace(/^\uFEFF/, '');
  }

  /** Reads the whole document: optional declaration, comments, one root element. */
  static document(r: XmlReader): XmlElement {
    if (r.s.startsWith('<?xml') && /^<\?xml[ \t\r\n?]/.test(r.s)) r.declaration();
    r.misc();
    if (r.pos >= r.s.length) throw r.error('no root element');
    const root = r.element(0);
    r.misc();
    if (r.pos < r.s.length) throw r.error(`content after </${root.name}>`);
    return root;
  }

  /** `ERR_TLS_XML_INVALID` at the current (or given) offset, with line and column. */
  error(message: string, at = this.pos): TlsError {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.s.length; i++) {
      if (this.s.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = at - lineStart + 1;
    return new TlsError('ERR_TLS_XML_INVALID', `XML line ${line}, column ${column}: ${message}.`, {
      details: { line, column, offset: at },
    });
  }

  /** `line L, column C` of an offset, for messages. */
  where(at: number): string {
    const d = this.error('', at).details as { line: number; column: number };
    return `line ${d.line}, column ${d.column}`;
  }

  private declaration(): void {
    const end = this.s.indexOf('?>', this.pos);
    if (end < 0) throw this.error('unterminated XML declaration');
    this.pos = end + 2;
  }

  /** Whitespace, comments; refuses DTDs and processing instructions. */
  private misc(): void {
    for (;;) {
      this.space();
      if (this.s.startsWith('<!--', this.pos)) this.comment();
      else if (this.s.startsWith('<!DOCTYPE', this.pos))
        throw this.error('a DTD (<!DOCTYPE …>) is not allowed');
      else if (this.s.startsWith('<?', this.pos)) throw this.error('processing instructions are not allowed');
      else return;
    }
  }

  private space(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.s);
    this.pos = SPACE.lastIndex;
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.pos + 4);
    if (end < 0) throw this.error('unterminated comment');
    if (this.s.slice(this.pos + 4, end).includes('--')) throw this.error('"--" inside a comment');
    this.pos = end + 3;
  }

  private name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (m === null) throw this.error(`expected ${what}`);
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private element(depth: number): XmlElement {
    if (depth > MAX_DEPTH) throw this.error(`elements nested deeper than ${MAX_DEPTH}`);
    const start = this.pos;
    if (this.s[this.pos] !== '<') throw this.error('expected an element');
    this.pos++;
    const name = this.name('an element name');
    const attributes = this.attributes(name);
    if (this.s.startsWith('/>', this.pos)) {
      this.pos += 2;
      return { name, attributes, children: [], text: '', offset: start };
    }
    this.pos++; // '>' (checked by attributes)
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.s.length)
        throw this.error(`<${name}> (${this.where(start)}) is not closed: the document ends first`);
      if (this.s.startsWith('</', this.pos)) {
        const closeAt = this.pos;
        this.pos += 2;
        const closing = this.name('an element name');
        this.space();
        if (this.s[this.pos] !== '>') throw this.error('expected ">"');
        if (closing !== name)
          throw this.error(
            `</${closing}> where </${name}> (opened at ${this.where(start)}) was expected`,
            closeAt,
          );
        this.pos++;
        return { name, attributes, children, text, offset: start };
      }
      if (this.s.startsWith('<!--', this.pos)) this.comment();
      else if (this.s.startsWith('<![CDATA[', this.pos)) {
        const end = this.s.indexOf(']]>', this.pos + 9);
        if (end < 0) throw this.error('unterminated CDATA section');
        text += this.s.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.s.startsWith('<!', this.pos))
        throw this.error('a DTD or declaration is not allowed here');
      else if (this.s.startsWith('<?', this.pos)) throw this.error('processing instructions are not allowed');
      else if (this.s[this.pos] === '<') children.push(this.element(depth + 1));
      else text += this.characters();
    }
  }

  private attributes(element: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (;;) {
      const before = this.pos;
      this.space();
      if (this.s.startsWith('/>', this.pos) || this.s[this.pos] === '>') return out;
      if (this.pos >= this.s.length) throw this.error(`<${element}> is not closed`);
      if (this.pos === before) throw this.error(`expected an attribute, ">" or "/>" in <${element}>`);
      const at = this.pos;
      const name = this.name(`an attribute name in <${element}>`);
      this.space();
      if (this.s[this.pos] !== '=') throw this.error(`expected "=" after ${name}`);
      this.pos++;
      this.space();
      const quote = this.s[this.pos];
      if (quote !== '"' && quote !== "'") throw this.error(`the value of ${name} must be quoted`);
      const end = this.s.indexOf(quote, this.pos + 1);
      if (end < 0) throw this.error(`unterminated value of ${name}`);
      const raw = this.s.slice(this.pos + 1, end);
      if (raw.includes('<')) throw this.error(`"<" in the value of ${name}`);
      if (Object.hasOwn(out, name)) throw this.error(`attribute ${name} appears twice`, at);
      out[name] = this.decode(raw, this.pos + 1);
      this.pos = end + 1;
    }
  }

  private characters(): string {
    const start = this.pos;
    const end = this.s.indexOf('<', this.pos);
    this.pos = end < 0 ? this.s.length : end;
    const raw = this.s.slice(start, this.pos);
    if (raw.includes(']]>')) throw this.error('"]]>" in text', start + raw.indexOf(']]>'));
    return this.decode(raw, start);
  }

  /** The five predefined entities and character references; any other `&` is refused. */
  private decode(raw: string, at: number): string {
    return raw.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]*)?;?/g, (m, ref, offset) => {
      const where = at + (offset as number);
      if (ref === undefined || !m.endsWith(';')) throw this.error('a bare "&" (write &amp;)', where);
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
          throw this.error(`character reference ${m} is not a character`, where);
        return String.fromCodePoint(code);
      }
      const v = ESCAPES[ref];
      if (v === undefined)
        throw this.error(`entity ${m} is not allowed (only &lt; &gt; &amp; &quot; &apos;)`, where);
      return v;
    });
  }
}
