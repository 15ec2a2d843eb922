/** One TXT value to publish for a DNS-01 challenge (RFC 8555 section 8.4). */
export interface Dns01Record {
  /** The identifier being validated, without `*.` (`example.com` for `*.example.com`). */
  readonly domain: string;
  /** The full record name without the trailing dot, e.g. `_acme-challenge.example.com`. */
  readonly name: string;
  /** The TXT value: base64url of the SHA-256 of the key authorization. */
  readonly value: string;
}

/**
 * What a solver reports while it works (the order client turns each into a progress event):
 * each delivery attempt of a notification, or a wait in progress.
 */
export type Dns01SolverProgress =
  | {
      readonly type: 'delivery';
      /** What was delivered, e.g. `cert_domain_validation_required`. */
      readonly eventType: string;
      /** 1 for the first attempt. */
      readonly attempt: number;
      readonly delivered: boolean;
      /** `delivered`, or why not: `HTTP 502`, `timeout`, `ECONNREFUSED`, … */
      readonly outcome: string;
      /** When not delivered: the next attempt is in this many milliseconds (absent: no further attempt). */
      readonly retryInMs?: number;
    }
  | {
      readonly type: 'waiting';
      /** What is awaited, readable: `_acme-challenge.example.com to be visible`. */
      readonly what: string;
      readonly elapsedMs: number;
      /** The solver's own limit for this wait, in milliseconds. */
      readonly timeoutMs: number;
    };

/** What the order client passes to each solver call. */
export interface Dns01SolverContext {
  /** Aborts when the order ends (its deadline, the caller's signal, a lost lock): stop and reject. */
  readonly signal?: AbortSignal;
  /** Told what the solver is doing or waiting for. */
  readonly progress?: (event: Dns01SolverProgress) => void;
}

/**
 * Publishes and removes DNS-01 TXT values. Each call concerns exactly one value: a name may hold several
 * at once (apex and wildcard in one order), and `cleanup` must leave the others in place.
 *
 * @example
 * ```ts
 * import type { Dns01Solver } from 'certkit/acme';
 * const solver: Dns01Solver = {
 *   name: 'my-dns',
 *   present: async ({ name, value }) => myDns.addTxt(name, value),
 *   cleanup: async ({ name, value }) => myDns.removeTxt(name, value),
 * };
 * ```
 * @see RFC 8555 section 8.4
 */
export interface Dns01Solver {
  /** A short name for events and errors, e.g. `rfc2136` or `callback`. */
  readonly name: string;
  /**
   * True when `present` resolves only once the value is visible in DNS (the solver runs its own
   * self-check); the order client then runs no second one.
   */
  readonly checksVisibility?: boolean;
  /** Publishes exactly this value at `record.name`. */
  present(record: Dns01Record, context?: Dns01SolverContext): Promise<void>;
  /** Removes exactly this value; other values at the same name stay. */
  cleanup(record: Dns01Record, context?: Dns01SolverContext): Promise<void>;
}
