import { ACME_CODES } from './acme-codes.js';
import { CHAIN_CODES } from './chain-codes.js';
import { CLI_CODES } from './cli-codes.js';
import { DER_CODES } from './der-codes.js';
import { INPUT_CODES } from './input-codes.js';
import { INVENTORY_CODES } from './inventory-codes.js';
import { ISSUE_CODES } from './issue-codes.js';
import { KEY_CODES } from './key-codes.js';
import { PEM_CODES } from './pem-codes.js';
import { REVOCATION_CODES } from './revocation-codes.js';
import { STORE_CODES } from './store-codes.js';
import { TLS_CODES } from './tls-codes.js';
import { X509_CODES } from './x509-codes.js';

export type { ErrorCatalogueEntry } from './entry.js';
export {
  ACME_CODES,
  CHAIN_CODES,
  CLI_CODES,
  DER_CODES,
  INPUT_CODES,
  INVENTORY_CODES,
  ISSUE_CODES,
  KEY_CODES,
  PEM_CODES,
  REVOCATION_CODES,
  STORE_CODES,
  TLS_CODES,
  X509_CODES,
};

/**
 * Every error code certkit can raise, grouped by area, each with its summary, cause and action.
 * `docs/errors.md` is generated from this object (`npm run docs:errors`) and a test keeps the two equal.
 */
export const ERROR_CATALOGUE = {
  input: INPUT_CODES,
  pem: PEM_CODES,
  der: DER_CODES,
  x509: X509_CODES,
  key: KEY_CODES,
  chain: CHAIN_CODES,
  revocation: REVOCATION_CODES,
  store: STORE_CODES,
  tls: TLS_CODES,
  inventory: INVENTORY_CODES,
  acme: ACME_CODES,
  issue: ISSUE_CODES,
  cli: CLI_CODES,
} as const;

/** Codes for reading raw input. */
export type InputErrorCode = keyof typeof INPUT_CODES;
/** Codes for PEM framing. */
export type PemErrorCode = keyof typeof PEM_CODES;
/** Codes for DER structure. */
export type DerErrorCode = keyof typeof DER_CODES;
/** Codes for certificates, CSRs, CRLs and signatures. */
export type X509ErrorCode = keyof typeof X509_CODES;
/** Codes for keys and key match. */
export type KeyErrorCode = keyof typeof KEY_CODES;
/** Codes for chain building and validation. */
export type ChainErrorCode = keyof typeof CHAIN_CODES;
/** Codes for revocation checking and fetching. */
export type RevocationErrorCode = keyof typeof REVOCATION_CODES;
/** Codes for keystores, truststores, references and rotation. */
export type StoreErrorCode = keyof typeof STORE_CODES;
/** Codes for TLS profiles, options, rotation and gateway configs. */
export type TlsErrorCode = keyof typeof TLS_CODES;
/** Codes for the inventory and its storage backends. */
export type InventoryErrorCode = keyof typeof INVENTORY_CODES;
/** Codes for ACME accounts, orders, challenges and renewal. */
export type AcmeErrorCode = keyof typeof ACME_CODES;
/** Codes for making CSRs, certificates and CRLs, and for the private CA. */
export type IssueErrorCode = keyof typeof ISSUE_CODES;
/** Codes for the command line. */
export type CliErrorCode = keyof typeof CLI_CODES;

/** The union of every certkit error code. Codes are API: they never change meaning. */
export type CertkitErrorCode =
  | InputErrorCode
  | PemErrorCode
  | DerErrorCode
  | X509ErrorCode
  | KeyErrorCode
  | ChainErrorCode
  | RevocationErrorCode
  | StoreErrorCode
  | TlsErrorCode
  | InventoryErrorCode
  | AcmeErrorCode
  | IssueErrorCode
  | CliErrorCode;

/**
 * Every code with its documentation, flattened (what `docs/errors.md` is generated from).
 *
 * @example
 * ```ts
 * import { listErrorCodes } from 'certkit/errors';
 * for (const { code, summary } of listErrorCodes()) console.log(code, summary);
 * ```
 */
export function listErrorCodes(): ReadonlyArray<
  { area: string; code: CertkitErrorCode } & ErrorCatalogueEntryView
> {
  const out: Array<{ area: string; code: CertkitErrorCode } & ErrorCatalogueEntryView> = [];
  for (const [area, codes] of Object.entries(ERROR_CATALOGUE)) {
    for (const [code, entry] of Object.entries(codes)) {
      out.push({ area, code: code as CertkitErrorCode, ...(entry as ErrorCatalogueEntryView) });
    }
  }
  return out;
}

/** The documentation fields of one code. */
export interface ErrorCatalogueEntryView {
  readonly summary: string;
  readonly cause: string;
  readonly action: string;
}
