/**
 * ACME (RFC 8555): accounts, resumable orders, DNS-01 and HTTP-01 challenge solvers, self-checks and
 * renewal (lifetime window or ACME Renewal Information, RFC 9773), coordinated across replicas through
 * the inventory's storage.
 * @packageDocumentation
 */

export {
  CallbackDnsSolver,
  type CallbackDnsSolverOptions,
} from './challenges/callback/callback-dns-solver.js';
export type { DomainValidationEvent } from './challenges/callback/domain-validation-event.js';
export { countDnsValues } from './challenges/counted-dns-solver.js';
export { Rfc2136Solver, type Rfc2136SolverOptions } from './challenges/dns/rfc2136-solver.js';
export type { TsigAlgorithm } from './challenges/dns/tsig.js';
export type {
  Dns01Record,
  Dns01Solver,
  Dns01SolverContext,
  Dns01SolverProgress,
} from './challenges/dns-01-solver.js';
export { ExecDnsSolver, type ExecDnsSolverOptions } from './challenges/exec/exec-dns-solver.js';
export {
  createHttp01Handler,
  type Http01Handler,
  type Http01HandlerOptions,
} from './challenges/http-01/http-01-handler.js';
export {
  type Http01Responder,
  type Http01ResponderOptions,
  startHttp01Responder,
} from './challenges/http-01/http-01-responder.js';
export {
  StorageHttp01Solver,
  type StorageHttp01SolverOptions,
} from './challenges/http-01/storage-http-01-solver.js';
export type { Http01Challenge, Http01Solver } from './challenges/http-01-solver.js';
export {
  type Http01SelfCheckOptions,
  waitForHttp01Token,
} from './challenges/self-check/http-01-self-check.js';
export { type TxtSelfCheckOptions, waitForTxtRecord } from './challenges/self-check/txt-self-check.js';
export type { AcmeAccountInfo } from './client/account-store.js';
export {
  ACME_CLIENT_CONTRACT,
  ACME_CLIENT_TESTED_VERSION,
  type AcmeClientMember,
  checkAcmeClientContract,
} from './client/acme-client-contract.js';
export {
  AcmeOrderClient,
  type AcmeProgressListener,
  type RevocationReason,
  type RevokeOptions,
} from './client/acme-order-client.js';
export type {
  AcmeAccountOptions,
  AcmeOrderClientOptions,
  ExternalAccountBinding,
} from './client/acme-order-client-options.js';
export {
  type AcmeIdentifier,
  type AcmeProblem,
  type ProblemContext,
  problemToError,
} from './client/acme-problem.js';
export type { TransportRetry } from './client/acme-transport.js';
export type { AuthorizationFailure } from './client/challenge-steps.js';
export type { KeySpec } from './client/key-spec.js';
export type { AcmeOrderRequest } from './client/order-flow.js';
export type { AcmeOrderResult } from './client/order-result.js';
export type { AcmeChallengeType, AcmeOrderStatus, AcmeProgressEvent } from './client/progress-event.js';
export { AcmeRenewer } from './renewal/acme-renewer.js';
export type {
  AcmeRenewerOptions,
  RenewalClient,
  RenewedStoreName,
  RenewOptions,
} from './renewal/acme-renewer-options.js';
export { ariCertId, parseRenewalInfo, type RenewalInfo } from './renewal/ari.js';
export type { AcmeRenewalEvent, RenewalOutcome, RepointFailure } from './renewal/renewal-outcome.js';
export {
  DEFAULT_RENEWAL_FRACTION_LEFT,
  type DecideRenewalOptions,
  decideRenewal,
  type RenewalDecision,
  type RenewalPolicy,
  type RenewalReason,
} from './renewal/renewal-window.js';
export { defaultRenewedStoreName } from './renewal/repoint-renewed.js';
