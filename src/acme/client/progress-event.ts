import type { AcmeProblem } from './acme-problem.js';
import type { TransportRetry } from './acme-transport.js';

/** The status of an order (RFC 8555 section 7.1.6). */
export type AcmeOrderStatus = 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';

/** The challenge types certkit solves. */
export type AcmeChallengeType = 'dns-01' | 'http-01';

/**
 * Progress of an account or order, emitted as `'progress'` by `AcmeOrderClient` (one event per step,
 * for logs and the command's progress display). No event carries a key or a key authorization.
 *
 * @example
 * ```ts
 * import { AcmeOrderClient } from 'certkit/acme';
 * client.on('progress', (e) => console.log(e.type, 'identifier' in e ? e.identifier : ''));
 * ```
 * @see RFC 8555 section 7.1.6
 */
export type AcmeProgressEvent =
  | {
      readonly type: 'account';
      readonly status: 'created' | 'reused' | 'key-rolled-over';
      readonly accountUrl: string;
    }
  | { readonly type: 'order-created'; readonly orderUrl: string; readonly domains: readonly string[] }
  | {
      readonly type: 'order-resumed';
      readonly orderUrl: string;
      readonly domains: readonly string[];
      readonly status: AcmeOrderStatus;
      /**
       * How an order without a stored URL was found after a crash: `account-orders` (in the account's
       * orders list, created by a run that died before storing its URL) or `stored-certificate` (a run
       * that died after download: the stored certificate is returned, the CA is not asked again).
       */
      readonly found?: 'account-orders' | 'stored-certificate';
    }
  | { readonly type: 'order-discarded'; readonly orderUrl: string; readonly reason: string }
  | { readonly type: 'order-status'; readonly orderUrl: string; readonly status: AcmeOrderStatus }
  | {
      readonly type: 'challenge-presented';
      readonly identifier: string;
      readonly challenge: AcmeChallengeType;
      /** TXT record name for DNS-01, the URL path for HTTP-01. */
      readonly target: string;
    }
  | { readonly type: 'self-check-passed'; readonly identifier: string; readonly challenge: AcmeChallengeType }
  | {
      readonly type: 'challenge-submitted';
      readonly identifier: string;
      readonly challenge: AcmeChallengeType;
    }
  | { readonly type: 'authorization-valid'; readonly identifier: string }
  | {
      readonly type: 'authorization-invalid';
      readonly identifier: string;
      readonly problem: AcmeProblem | undefined;
    }
  | {
      readonly type: 'challenge-cleaned-up';
      readonly identifier: string;
      readonly challenge: AcmeChallengeType;
      /** Why: after the order, or the leftovers of an earlier process found on resume. */
      readonly when: 'done' | 'recovery';
    }
  | {
      readonly type: 'cleanup-failed';
      readonly identifier: string;
      readonly challenge: AcmeChallengeType;
      readonly code: string;
    }
  | { readonly type: 'finalizing'; readonly orderUrl: string }
  | {
      readonly type: 'certificate-issued';
      readonly orderUrl: string;
      readonly serialNumber: string;
      readonly notAfter: Date;
    }
  | { readonly type: 'retry'; readonly retry: TransportRetry }
  | {
      /** Still waiting (every `progressIntervalMs`): what for, for how long, and the time left. */
      readonly type: 'waiting';
      readonly identifier?: string;
      /** Readable: `_acme-challenge.example.com to be visible`, `the CA to validate example.com`. */
      readonly what: string;
      readonly elapsedMs: number;
      /** Milliseconds until the order's deadline (`orderTimeoutMs`). */
      readonly deadlineInMs: number;
    }
  | {
      /** One attempt of a solver to deliver a notification (the callback solver's events). */
      readonly type: 'solver-delivery';
      readonly identifier: string;
      readonly solver: string;
      readonly eventType: string;
      readonly attempt: number;
      readonly delivered: boolean;
      /** `delivered`, or why not: `HTTP 502`, `timeout`, `ECONNREFUSED`, … */
      readonly outcome: string;
      /** The next attempt is in this many milliseconds (absent: delivered, or given up). */
      readonly retryInMs?: number;
    };
