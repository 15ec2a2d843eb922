import type { RevocationMode } from '../../chain/revocation/default-revocation.js';
import { parsePrivateKey } from '../../keys/index.js';
import type { ProbeCheck, ProbeReport } from '../../tls/probe/probe-report.js';
import { probeTlsEndpoint } from '../../tls/probe/probe-tls-endpoint.js';
import type { CliCommand } from '../cli-command.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { readCliInput } from '../input-files.js';
import {
  badOptionValue,
  type ParsedCommandLine,
  parseOptions,
  stringListOption,
  stringOption,
} from '../parse-options.js';
import { KEY_PASSWORD_OPTIONS, readKeyPasswordOption } from '../password-option.js';
import { readCertificateFiles } from '../read-certificates.js';
import { reportError } from '../report-error.js';
import { parseAtOption } from '../time-options.js';

const USAGE = `Usage: certkit probe HOST:PORT [--servername NAME] [--ca FILE…] [--cert FILE --key FILE]
                     [--key-password P | --key-password-env VAR | --key-password-file F]
                     [--at ISO-DATE] [--timeout SECONDS] [--revocation soft-fail|hard-fail|off] [--json]

Connects to a live TLS endpoint as a client (TLS 1.2 and 1.3 offered) and reports what a client sees:
  mode            one-way (no CertificateRequest), two-way-optional (asks for a client certificate,
                  completes without one) or two-way-required (refuses a handshake without one)
  client CA names the certificate_authorities the server names in its CertificateRequest
  chain           the certificates the server sent, in order
  checks          expiry (at --at), trust (against --ca, else Node's root store), hostname (against
                  --servername, else HOST) and revocation (OCSP/CRL, soft-fail by default: an answer
                  that cannot be had is a warning), each explained with certkit's problem codes
HOST:PORT is a host name or address and a port ([::1]:443 for IPv6). Nothing is sent after the handshake.
  --servername NAME   the SNI sent and the name checked (default HOST; no SNI for an address)
  --ca FILE           trust anchors (repeatable; PEM, DER, PKCS#12 or JKS)
  --cert/--key FILE   a client identity: a second handshake presents it and the report says
                      whether the server accepted it (--key-password for an encrypted key)
  --at ISO-DATE       make the checks at this time instead of now
  --timeout SECONDS   bound on each handshake (default 10)
  --revocation MODE   soft-fail (default), hard-fail or off

--json prints one object (stable):
  { "host", "port", "servername"?, "name", "at", "protocol": "TLSv1.2"|"TLSv1.3", "cipherSuite": "0x1302",
    "mode": "one-way"|"two-way-optional"|"two-way-required"|"unknown", "modeReason",
    "clientCaNames": [RFC 4514 names] | null (not asked),
    "chain": [{ "depth", "subject", "issuer", "notBefore", "notAfter", "sha256Fingerprint" }],
    "checks": [{ "check": "expiry"|"trust"|"hostname"|"revocation", "ok", "message",
                 "problems": [{ "code", "depth", "subject", "message" }], "warnings": [...] }],
    "clientIdentity"?: { "subject", "accepted", "message" }, "ok" }
A failure prints { "error": { "code", "message", … }, "exitCode" }.

Exit codes: 0 every check passed (and the client certificate, if given, was accepted); 1 a check
failed, or the server's handshake is broken (ERR_TLS_PROBE_*); 2 usage error; 3 a file cannot be read;
75 connection refused, unreachable or timed out (ERR_TLS_PROBE_UNREACHABLE, ERR_TLS_PROBE_TIMEOUT).
`;

const REVOCATION_MODES: readonly RevocationMode[] = ['soft-fail', 'hard-fail', 'off'];

/** `HOST:PORT` or `[IPv6]:PORT`. */
function parseTarget(target: string | undefined): { host: string; port: number } {
  const m = target === undefined ? null : /^(\[[0-9A-Fa-f:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(target);
  const port = m === null ? 0 : Number(m[2]);
  if (m === null || port < 1 || port > 65535)
    badOptionValue(
      'probe',
      'HOST:PORT',
      `must be a host and a port such as api.example:443 (got "${target ?? ''}")`,
    );
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function timeoutOption(parsed: ParsedCommandLine): number {
  const text = stringOption(parsed, 'timeout');
  if (text === undefined) return 10_000;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0 || seconds > 3600)
    badOptionValue('probe', 'timeout', `must be a number of seconds in (0, 3600] (got "${text}")`);
  return seconds * 1000;
}

async function clientIdentity(parsed: ParsedCommandLine, io: CliIo) {
  const certPath = stringOption(parsed, 'cert');
  const keyPath = stringOption(parsed, 'key');
  if (certPath === undefined && keyPath === undefined) return undefined;
  if (certPath === undefined || keyPath === undefined)
    badOptionValue(
      'probe',
      certPath === undefined ? 'cert' : 'key',
      'is needed with --cert/--key (give both)',
    );
  const password = await readKeyPasswordOption(parsed, io, 'probe');
  const privateKey = parsePrivateKey(
    await readCliInput(keyPath, io),
    password === undefined ? {} : { password },
  );
  const chain = await readCertificateFiles([certPath], { command: 'probe', io });
  if (chain.length === 0) badOptionValue('probe', 'cert', `names a file without a certificate (${certPath})`);
  return { privateKey, chain };
}

function checkLine(c: ProbeCheck): string {
  const warnings = c.ok && c.warnings.length > 0 ? ' (with warnings)' : '';
  const verdict = c.ok ? 'ok' : c.problems.length === 0 ? 'UNDECIDED' : 'FAILED';
  return `  ${verdict.padEnd(9)} ${c.check.padEnd(10)} ${c.message}${warnings}\n`;
}

function printText(report: ProbeReport, io: CliIo): void {
  const sni = report.servername === undefined ? 'no SNI' : `SNI ${report.servername}`;
  io.out(`${report.host}:${report.port} (${sni}): ${report.protocol}, cipher suite ${report.cipherSuite}\n`);
  io.out(`Mode: ${report.mode} (${report.modeReason})\n`);
  if (report.clientCaNames !== null) {
    io.out(`Client CA names:${report.clientCaNames.length === 0 ? ' none named (any CA)' : ''}\n`);
    for (const n of report.clientCaNames) io.out(`  ${n}\n`);
  }
  io.out('Chain as sent:\n');
  for (const c of report.chain) {
    io.out(
      `  ${c.depth} ${c.subject}\n      issuer ${c.issuer}; not after ${c.notAfter}\n      SHA-256 ${c.sha256Fingerprint}\n`,
    );
  }
  io.out(`Checks (name ${report.name}, at ${report.at}):\n${report.checks.map(checkLine).join('')}`);
  const id = report.clientIdentity;
  if (id !== undefined)
    io.out(`Client certificate ${id.subject}: ${id.accepted ? 'ACCEPTED' : 'REFUSED'}: ${id.message}\n`);
  io.out(`${report.ok ? 'OK' : 'FAILED'}\n`);
}

/** `certkit probe`: a live TLS endpoint, as a client sees it. */
export const probeCommand: CliCommand = {
  usage: USAGE,
  async run(args, io): Promise<ExitCodeValue> {
    const parsed = parseOptions('probe', args, {
      servername: { type: 'string' },
      ca: { type: 'string', multiple: true },
      cert: { type: 'string' },
      key: { type: 'string' },
      at: { type: 'string' },
      timeout: { type: 'string' },
      revocation: { type: 'string' },
      ...KEY_PASSWORD_OPTIONS,
    });
    const json = parsed.values.json === true;
    const [target, ...more] = parsed.positionals;
    if (more.length > 0) badOptionValue('probe', 'HOST:PORT', 'must be given once');
    const { host, port } = parseTarget(target);
    const revocation = stringOption(parsed, 'revocation') ?? 'soft-fail';
    if (!(REVOCATION_MODES as readonly string[]).includes(revocation))
      badOptionValue('probe', 'revocation', `must be one of ${REVOCATION_MODES.join(', ')}`);
    const at = parseAtOption(parsed, 'probe', io);
    const timeoutMs = timeoutOption(parsed);
    const servername = stringOption(parsed, 'servername');
    const caFiles = stringListOption(parsed, 'ca');
    const trust =
      caFiles.length === 0 ? undefined : await readCertificateFiles(caFiles, { command: 'probe', io });
    if (trust !== undefined && trust.length === 0)
      badOptionValue('probe', 'ca', 'names files without a certificate');
    const identity = await clientIdentity(parsed, io);
    let report: ProbeReport;
    try {
      report = await probeTlsEndpoint({
        host,
        port,
        at,
        timeoutMs,
        revocation: revocation as RevocationMode,
        ...(servername === undefined ? {} : { servername }),
        ...(trust === undefined ? {} : { trust }),
        ...(identity === undefined ? {} : { clientIdentity: identity }),
      });
    } catch (error) {
      return reportError(error, io, json, {
        command: 'probe',
        refusal: (code) => code.startsWith('ERR_TLS_PROBE_'),
      });
    }
    if (json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else printText(report, io);
    return report.ok ? ExitCode.ok : ExitCode.checkFailed;
  },
};
