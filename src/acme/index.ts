/**
 * ACME (RFC 8555): accounts, resumable orders, DNS-01 and HTTP-01 challenge solvers, self-checks and
 * renewal (lifetime window or ACME Renewal Information, RFC 9773), coordinated across replicas through
 * the inventory's storage.
 * @packageDocumentation
 */

export type { Dns01Record, Dns01Solver } from './challenges/dns-01-solver.js';
export type { Http01Challenge, Http01Solver } from './challenges/http-01-solver.js';
