/** DNS resource record types certkit reads or writes (RFC 1035 section 3.2.2, RFC 3596, RFC 8945). */
export const RR_TYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  TXT: 16,
  AAAA: 28,
  OPT: 41,
  TSIG: 250,
  ANY: 255,
} as const;

/** DNS classes: IN, and the NONE / ANY meta-classes of RFC 2136 updates and TSIG. */
export const RR_CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;

/** Header opcodes (RFC 1035 section 4.1.1, RFC 2136 section 1). */
export const OPCODE = { QUERY: 0, UPDATE: 5 } as const;

const RCODE_NAMES: Readonly<Record<number, string>> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
};

const TSIG_ERROR_NAMES: Readonly<Record<number, string>> = {
  16: 'BADSIG',
  17: 'BADKEY',
  18: 'BADTIME',
  22: 'BADTRUNC',
};

/** The mnemonic of a header RCODE (`REFUSED`), or `RCODE<n>` for one without a name. */
export function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}

/** The mnemonic of a TSIG error field (`BADSIG`), falling back to the RCODE names, or `RCODE<n>`. */
export function tsigErrorName(error: number): string {
  return TSIG_ERROR_NAMES[error] ?? rcodeName(error);
}
