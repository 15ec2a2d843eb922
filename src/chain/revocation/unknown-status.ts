import { isCertkitError } from '../../errors/is-certkit-error.js';
import type { RevocationStatus } from '../revocation-checker.js';

/** @internal The `unknown` member of {@link RevocationStatus}. */
export type UnknownStatus = Extract<RevocationStatus, { status: 'unknown' }>;

/** @internal An `unknown` status with a code and a reason. */
export function unknownStatus(code: string, reason: string): UnknownStatus {
  return { status: 'unknown', code, reason };
}

/** @internal Turns a thrown error into an `unknown` status (checkers never throw for bad data). */
export function unknownFromError(e: unknown, fallbackCode: string, context: string): UnknownStatus {
  if (isCertkitError(e)) return unknownStatus(e.code, `${context}: ${e.message}`);
  const message = e instanceof Error ? e.message : String(e);
  return unknownStatus(fallbackCode, `${context}: ${message}`);
}
