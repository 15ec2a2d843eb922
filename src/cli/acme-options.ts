import { CallbackDnsSolver } from '../acme/challenges/callback/callback-dns-solver.js';
import { Rfc2136Solver } from '../acme/challenges/dns/rfc2136-solver.js';
import type { TsigAlgorithm } from '../acme/challenges/dns/tsig.js';
import type { Dns01Solver } from '../acme/challenges/dns-01-solver.js';
import { ExecDnsSolver } from '../acme/challenges/exec/exec-dns-solver.js';
import { type Http01Responder, startHttp01Responder } from '../acme/challenges/http-01/http-01-responder.js';
import { StorageHttp01Solver } from '../acme/challenges/http-01/storage-http-01-solver.js';
import { AcmeOrderClient } from '../acme/client/acme-order-client.js';
import type { AcmeOrderClientOptions } from '../acme/client/acme-order-client-options.js';
import type { KeySpec } from '../acme/client/key-spec.js';
import type { AcmeProgressEvent } from '../acme/client/progress-event.js';
import { CliError } from '../errors/area-errors.js';
import { FileStorage } from '../storage/file-storage.js';
import type { CliIo } from './cli-io.js';
import { readCliText } from './input-files.js';
import {
  badOptionValue,
  type OptionSpec,
  type ParsedCommandLine,
  requiredOption,
  stringListOption,
  stringOption,
} from './parse-options.js';

/** Options shared by `certkit order` and `certkit renew`. */
export const ACME_OPTIONS: Record<string, OptionSpec> = {
  directory: { type: 'string' },
  state: { type: 'string' },
  email: { type: 'string', multiple: true },
  'agree-tos': { type: 'boolean' },
  'eab-kid': { type: 'string' },
  'eab-hmac-key-env': { type: 'string' },
  'ca-file': { type: 'string' },
  'key-type': { type: 'string' },
  'dns-hook': { type: 'string' },
  'dns-callback': { type: 'string' },
  rfc2136: { type: 'string' },
  'tsig-name': { type: 'string' },
  'tsig-algorithm': { type: 'string' },
  'tsig-secret-env': { type: 'string' },
  'tsig-secret-file': { type: 'string' },
  'http-port': { type: 'string' },
  'http-host': { type: 'string' },
  resolver: { type: 'string', multiple: true },
  'no-self-check': { type: 'boolean' },
  timeout: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
};

/** Help text of the shared options. */
export const ACME_OPTIONS_HELP = `CA and account:
  --directory URL            ACME directory URL (required)
  --state DIR                where the account and orders in progress are kept (default ./.certkit-acme)
  --email ADDRESS            account contact (repeatable)
  --agree-tos                agree to the CA's terms of service
  --eab-kid KID --eab-hmac-key-env VAR   External Account Binding (the key read from VAR)
  --ca-file PEM              extra roots trusted for the CA's own HTTPS certificate
Challenges (one of):
  --dns-hook PROGRAM         DNS-01: runs PROGRAM present|cleanup <name> <value> <domain>
  --dns-callback URL         DNS-01: posts cert_domain_validation_required / _completed to URL
  --rfc2136 SERVER[:PORT]    DNS-01: dynamic update, with --tsig-name, --tsig-algorithm
                             (hmac-sha256), --tsig-secret-env VAR or --tsig-secret-file FILE
  --http-port PORT           HTTP-01: answers on PORT (--http-host ADDR; default :: and 0.0.0.0,
                             i.e. IPv6 and IPv4, where the machine has IPv6)
Checks and limits:
  --resolver HOST[:PORT]     DNS servers for the TXT self-check (repeatable; default: authoritative)
  --no-self-check            ask the CA at once, without checking the record first
  --timeout SECONDS          deadline of the whole order, solvers and callbacks included (default 600);
                             while waiting, a progress line every 5 s says for what and how long
  --key-type TYPE            ec (P-256, default), ec-p384, rsa (2048), rsa-3072, rsa-4096
  --quiet, -q                no progress lines on stderr`;

const KEY_TYPES: Readonly<Record<string, KeySpec>> = {
  ec: { type: 'ec', curve: 'P-256' },
  'ec-p256': { type: 'ec', curve: 'P-256' },
  'ec-p384': { type: 'ec', curve: 'P-384' },
  rsa: { type: 'rsa', bits: 2048 },
  'rsa-2048': { type: 'rsa', bits: 2048 },
  'rsa-3072': { type: 'rsa', bits: 3072 },
  'rsa-4096': { type: 'rsa', bits: 4096 },
};

/** The `--key-type` choice. */
export function keySpecOption(parsed: ParsedCommandLine, command: string): KeySpec | undefined {
  const name = stringOption(parsed, 'key-type');
  if (name === undefined) return undefined;
  const spec = KEY_TYPES[name];
  if (!spec) badOptionValue(command, 'key-type', `must be one of ${Object.keys(KEY_TYPES).join(', ')}`);
  return spec;
}

function envValue(io: CliIo, command: string, option: string, variable: string): string {
  const value = io.env[variable];
  if (value === undefined || value === '')
    badOptionValue(command, option, `names ${variable}, which is not set`);
  return value;
}

/** Reads a text file the user named (`-`: standard input); `ERR_INPUT_UNREADABLE` (exit 3) when it cannot be read. */
export function readText(path: string, what: string, io?: CliIo): Promise<string> {
  return readCliText(path, io, what);
}

function parsePort(command: string, option: string, text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    badOptionValue(command, option, 'must be a port number 1-65535');
  return port;
}

async function dnsSolver(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
): Promise<Dns01Solver | undefined> {
  const hook = stringOption(parsed, 'dns-hook');
  const callback = stringOption(parsed, 'dns-callback');
  const rfc2136 = stringOption(parsed, 'rfc2136');
  const resolvers = stringListOption(parsed, 'resolver');
  if (hook !== undefined) return new ExecDnsSolver({ command: hook });
  if (callback !== undefined) {
    return new CallbackDnsSolver({
      url: callback,
      ...(resolvers.length > 0 ? { selfCheck: { resolvers } } : {}),
    });
  }
  if (rfc2136 === undefined) return undefined;
  const [server = '', portText] = rfc2136.startsWith('[')
    ? [rfc2136.slice(1, rfc2136.indexOf(']')), rfc2136.split(']:')[1]]
    : rfc2136.split(':');
  const secretEnv = stringOption(parsed, 'tsig-secret-env');
  const secretFile = stringOption(parsed, 'tsig-secret-file');
  const tsigName = stringOption(parsed, 'tsig-name');
  let secret: string | undefined;
  if (secretEnv !== undefined) secret = envValue(io, command, 'tsig-secret-env', secretEnv);
  else if (secretFile !== undefined) secret = (await readText(secretFile, 'TSIG secret', io)).trim();
  if ((tsigName === undefined) !== (secret === undefined)) {
    badOptionValue(command, 'tsig-name', 'and --tsig-secret-env/--tsig-secret-file go together');
  }
  return new Rfc2136Solver({
    server,
    ...(portText !== undefined ? { port: parsePort(command, 'rfc2136', portText) } : {}),
    ...(tsigName !== undefined && secret !== undefined
      ? {
          tsig: {
            name: tsigName,
            secret,
            algorithm: (stringOption(parsed, 'tsig-algorithm') ?? 'hmac-sha256') as TsigAlgorithm,
          },
        }
      : {}),
  });
}

/** A client built from the command line, with the HTTP-01 responder it started (if any). */
export interface CliAcmeClient {
  readonly client: AcmeOrderClient;
  readonly storage: FileStorage;
  readonly responder: Http01Responder | undefined;
  close(): Promise<void>;
}

/** Builds the ACME client from the shared options; starts the HTTP-01 responder for --http-port. */
export async function acmeClientFromOptions(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
  defaultStateDir = '.certkit-acme',
): Promise<CliAcmeClient> {
  const directoryUrl = requiredOption(parsed, command, 'directory');
  if (!/^https?:\/\//.test(directoryUrl)) badOptionValue(command, 'directory', 'must be an http(s) URL');
  const solverOptions = ['dns-hook', 'dns-callback', 'rfc2136', 'http-port'].filter(
    (n) => stringOption(parsed, n) !== undefined,
  );
  if (solverOptions.length === 0) {
    throw new CliError(
      'ERR_CLI_USAGE',
      'give a challenge solver: --dns-hook, --dns-callback, --rfc2136 or --http-port.',
      {
        details: { command },
      },
    );
  }
  if (solverOptions.filter((n) => n !== 'http-port').length > 1) {
    badOptionValue(command, solverOptions[1] as string, 'cannot be combined with another DNS-01 solver');
  }
  const storage = new FileStorage({ dir: stringOption(parsed, 'state') ?? defaultStateDir });
  const caFile = stringOption(parsed, 'ca-file');
  const eabKid = stringOption(parsed, 'eab-kid');
  const eabEnv = stringOption(parsed, 'eab-hmac-key-env');
  if ((eabKid === undefined) !== (eabEnv === undefined))
    badOptionValue(command, 'eab-kid', 'and --eab-hmac-key-env go together');
  const timeoutText = stringOption(parsed, 'timeout');
  const timeoutSeconds = timeoutText === undefined ? 600 : Number(timeoutText);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    badOptionValue(command, 'timeout', 'must be a positive number of seconds');
  const httpPortText = stringOption(parsed, 'http-port');
  const httpPort = httpPortText === undefined ? undefined : parsePort(command, 'http-port', httpPortText);
  const resolvers = stringListOption(parsed, 'resolver');
  const selfCheckOff = parsed.values['no-self-check'] === true;
  const dns01 = await dnsSolver(parsed, io, command);
  const emails = stringListOption(parsed, 'email');
  const options: AcmeOrderClientOptions = {
    directoryUrl,
    storage,
    account: {
      termsOfServiceAgreed: parsed.values['agree-tos'] === true,
      ...(emails.length > 0
        ? { contact: emails.map((e) => (e.startsWith('mailto:') ? e : `mailto:${e}`)) }
        : {}),
      ...(eabKid !== undefined && eabEnv !== undefined
        ? {
            externalAccountBinding: {
              kid: eabKid,
              hmacKey: envValue(io, command, 'eab-hmac-key-env', eabEnv),
            },
          }
        : {}),
    },
    ...(caFile !== undefined ? { caCertificates: await readText(caFile, 'CA', io) } : {}),
    ...(dns01 ? { dns01 } : {}),
    ...(httpPort !== undefined ? { http01: new StorageHttp01Solver(storage) } : {}),
    preferredChallenge: dns01 ? 'dns-01' : 'http-01',
    selfCheck: {
      dns: selfCheckOff ? false : resolvers.length > 0 ? { resolvers } : {},
      // The command runs the responder itself: the self-check asks it directly.
      http: selfCheckOff || httpPort === undefined ? false : { host: '127.0.0.1', port: httpPort },
    },
    orderTimeoutMs: timeoutSeconds * 1000,
  };
  const client = new AcmeOrderClient(options);
  if (parsed.values.quiet !== true) client.on('progress', (e) => io.err(`${describeProgress(e)}\n`));
  const httpHost = stringOption(parsed, 'http-host');
  const responder =
    httpPort === undefined
      ? undefined
      : await startHttp01Responder({
          storage,
          port: httpPort,
          ...(httpHost === undefined ? {} : { host: httpHost }),
        });
  if (responder && parsed.values.quiet !== true) {
    io.err(`HTTP-01 responder listening on ${responder.addresses.join(' and ')}\n`);
  }
  return {
    client,
    storage,
    responder,
    async close() {
      await responder?.close();
      await storage.close();
    },
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/** One readable progress line. */
export function describeProgress(e: AcmeProgressEvent): string {
  switch (e.type) {
    case 'account':
      return `account ${e.status}: ${e.accountUrl}`;
    case 'order-created':
      return `order created for ${e.domains.join(', ')}: ${e.orderUrl}`;
    case 'order-resumed':
      return `order resumed (${e.status}${e.found === 'account-orders' ? ", found in the account's orders" : e.found === 'stored-certificate' ? ', certificate kept by an interrupted run' : ''}) for ${e.domains.join(', ')}: ${e.orderUrl}`;
    case 'order-discarded':
      return `stored order discarded (${e.reason}): ${e.orderUrl}`;
    case 'order-status':
      return `order ${e.status}`;
    case 'challenge-presented':
      return `${e.identifier}: ${e.challenge} published at ${e.target}`;
    case 'self-check-passed':
      return `${e.identifier}: ${e.challenge} visible`;
    case 'challenge-submitted':
      return `${e.identifier}: asked the CA to validate`;
    case 'authorization-valid':
      return `${e.identifier}: authorized`;
    case 'authorization-invalid':
      return `${e.identifier}: NOT authorized: ${e.problem?.detail ?? e.problem?.type ?? 'no detail'}`;
    case 'challenge-cleaned-up':
      return `${e.identifier}: ${e.challenge} removed${e.when === 'recovery' ? ' (left by an earlier run)' : ''}`;
    case 'cleanup-failed':
      return `${e.identifier}: could not remove the ${e.challenge} record (${e.code}); it is retried next run`;
    case 'finalizing':
      return 'finalizing';
    case 'certificate-issued':
      return `certificate issued: serial ${e.serialNumber}, valid until ${e.notAfter.toISOString()}`;
    case 'retry':
      return `retrying (${e.retry.reason}, attempt ${e.retry.attempt}${e.retry.delayMs > 0 ? `, in ${e.retry.delayMs} ms` : ''})`;
    case 'waiting':
      return `${e.identifier === undefined ? '' : `${e.identifier}: `}waiting for ${e.what}: ${seconds(e.elapsedMs)} so far, ${seconds(e.deadlineInMs)} left before --timeout`;
    case 'solver-delivery':
      return `${e.identifier}: ${e.eventType} ${e.delivered ? 'delivered' : `not delivered (${e.outcome})`} to the ${e.solver} receiver, attempt ${e.attempt}${e.retryInMs === undefined ? '' : `; again in ${seconds(e.retryInMs)}`}`;
  }
}
