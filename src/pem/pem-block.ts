/**
 * One PEM block: its label, RFC 1421 headers, decoded body and where it stood in the text.
 * @see RFC 7468 section 2
 */
export interface PemBlock {
  /** The label between `BEGIN ` and `-----`, e.g. `CERTIFICATE` or `ENCRYPTED PRIVATE KEY`. */
  readonly label: string;
  /** RFC 1421 headers such as `Proc-Type` and `DEK-Info` (legacy encrypted keys); empty when none. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The decoded body: the DER bytes. The public blocks of one text (certificates, CRLs, requests,
   * public keys, PKCS#7) are disjoint views of one shared buffer, so mind `byteOffset` when reaching
   * for `.buffer`; every other block (private keys above all) has a buffer of its own.
   */
  readonly bytes: Uint8Array;
  /** 1-based line number of the BEGIN line. */
  readonly line: number;
  /** 1-based line number of the END line. */
  readonly endLine: number;
}
