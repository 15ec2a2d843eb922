import { isCertkitError } from '../../src/errors/index.js';

/** The CertkitError `fn` throws; fails the test when it throws nothing or something else. */
export function thrownError(fn: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    if (isCertkitError(e)) return { code: e.code, details: e.details as Record<string, unknown> };
    throw e;
  }
  throw new Error('expected a CertkitError, but nothing was thrown');
}

/** The code of the CertkitError `fn` throws; fails the test when it throws nothing or something else. */
export function thrownCode(fn: () => unknown): string {
  return thrownError(fn).code;
}

/** The code of the CertkitError `p` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejectedCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isCertkitError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a CertkitError rejection, but the promise resolved');
}

/** The code and details of the CertkitError `p` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejectedError(
  p: Promise<unknown>,
): Promise<{ error: Error; code: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isCertkitError(e)) return { error: e, code: e.code, details: e.details as Record<string, unknown> };
    throw e;
  }
  throw new Error('expected a CertkitError rejection, but the promise resolved');
}
