import { inspect } from 'node:util';

/**
 * One file a gateway renderer asks to be written: a certificate chain, a CA bundle or a private key.
 * A key file is marked `secret`: its contents stay readable through `contents` but are redacted in
 * `toJSON()`, `String()` and `util.inspect` output, so logging a render result never leaks a key.
 *
 * @example
 * ```ts
 * import { renderNginxTls, writeGatewayFiles } from 'certkit/tls';
 * const { files } = renderNginxTls(profile, registry, { role: 'server', dir: '/etc/nginx/certkit' });
 * for (const f of files) console.log(f.path, f.mode.toString(8), f.secret); // no key bytes printed
 * await writeGatewayFiles(files);
 * ```
 * @see RFC 7468
 */
export class GatewayFile {
  /** Absolute or relative path of the file, as it appears in the configuration. */
  readonly path: string;
  /** Permission bits: `0o600` for keys, `0o644` for certificates. */
  readonly mode: number;
  /** Whether the file holds a private key (contents redacted from logs). */
  readonly secret: boolean;
  readonly #contents: string;

  /**
   * @throws TypeError when `path` or `contents` is not a string or `mode` not an integer.
   * @example
   * ```ts
   * import { GatewayFile } from 'certkit/tls';
   * const f = new GatewayFile('/tmp/ca.pem', caPem, 0o644, false);
   * ```
   */
  constructor(path: string, contents: string, mode: number, secret: boolean) {
    if (typeof path !== 'string' || path.length === 0) throw new TypeError('path must be a non-empty string');
    if (typeof contents !== 'string') throw new TypeError('contents must be a string');
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o777)
      throw new TypeError('mode must be permission bits');
    this.path = path;
    this.mode = mode;
    this.secret = secret === true;
    this.#contents = contents;
  }

  /** The text to write (PEM). */
  get contents(): string {
    return this.#contents;
  }

  /** A JSON view; a secret file's contents are `[redacted]`. */
  toJSON(): { path: string; mode: number; secret: boolean; contents: string } {
    return {
      path: this.path,
      mode: this.mode,
      secret: this.secret,
      contents: this.secret ? '[redacted]' : this.#contents,
    };
  }

  /** `GatewayFile(path, mode)`. */
  toString(): string {
    return `GatewayFile(${this.path}, 0${this.mode.toString(8)}${this.secret ? ', secret' : ''})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
