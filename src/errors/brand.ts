/** The brand that lets `isCertkitError` recognise errors from another realm or package copy. */
export const CERTKIT_ERROR_BRAND: unique symbol = Symbol.for('certkit.error') as never;
