import { inspect } from 'node:util';
import { CERTKIT_ERROR_BRAND } from './brand.js';
import type { CertkitErrorCode } from './catalogue/index.js';
import { isCertkitError } from './is-certkit-error.js';
import { redactSecrets } from './redact.js';

/** Structured facts attached to an error (line numbers, labels, fingerprints, …). Never secrets. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Options accepted by every certkit error constructor. */
export interface CertkitErrorOptions {
  /** The underlying error, kept as `cause` (its message is not copied into ours). */
  readonly cause?: unknown;
  /** Structured facts about the failure. Fields named like secrets are redacted on output. */
  readonly details?: ErrorDetails;
}

/** The JSON form of a certkit error, as printed by `--json` and written to logs. */
export interface CertkitErrorJson {
  readonly name: string;
  readonly code: CertkitErrorCode;
  readonly message: string;
  readonly details: ErrorDetails;
  readonly cause?: CertkitErrorJson | { readonly name: string; readonly message: string };
}

/**
 * The base class of every error certkit throws for bad data or a failed check.
 *
 * `code` is stable API (see `docs/errors.md`); `details` holds structured facts; `cause` keeps the
 * underlying error. Messages, `toJSON()` and `util.inspect` never contain key material or passwords.
 *
 * @example
 * ```ts
 * import { CertkitError, isCertkitError } from 'certkit/errors';
 * try { doSomething(); } catch (e) { if (isCertkitError(e) && e.code === 'ERR_KEY_ENCRYPTED') askForPassword(); }
 * ```
 */
export class CertkitError<C extends CertkitErrorCode = CertkitErrorCode> extends Error {
  /** The stable code: `ERR_<AREA>_<WHAT>`. */
  readonly code: C;
  /** Structured facts about the failure. */
  readonly details: ErrorDetails;
  /** @internal */
  readonly [CERTKIT_ERROR_BRAND] = true;

  constructor(code: C, message: string, options: CertkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze(redactSecrets(options.details ?? {}) as ErrorDetails);
  }

  override get name(): string {
    return this.constructor.name;
  }

  /** A JSON-safe view: name, code, message, details and the cause chain, with secrets redacted. */
  toJSON(): CertkitErrorJson {
    const json: { -readonly [K in keyof CertkitErrorJson]: CertkitErrorJson[K] } = {
      name: this.name,
      code: this.code,
      message: this.message,
      details: this.details,
    };
    const cause = this.cause;
    if (isCertkitError(cause)) json.cause = cause.toJSON();
    else if (cause instanceof Error) json.cause = { name: cause.name, message: cause.message };
    return json;
  }

  /** `util.inspect` shows the same redacted view as `toJSON()`, plus the stack. */
  [inspect.custom](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${inspect(this.toJSON(), { depth: 4 })}`;
  }
}
