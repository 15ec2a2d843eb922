import { CliError } from '../../errors/area-errors.js';
import { type TlsRole, validateTlsProfile } from '../../tls/index.js';
import type { CliCommand } from '../cli-command.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { readCliText } from '../input-files.js';
import { badOptionValue, parseOptions, stringOption } from '../parse-options.js';
import { PASSWORD_OPTIONS } from '../password-option.js';
import { REGISTRY_OPTIONS } from '../registry-options.js';
import { parseProfileText } from '../tls/profile-text.js';
import { registryFromOptions } from '../tls/registry-from-files.js';
import { render, TLS_RENDER_USAGE } from '../tls/tls-render.js';

const USAGE = `Usage: certkit tls check PROFILE [--role client|server] [--store DIR|postgres://…] [--passphrase-env VAR]
                         [--keystore NAME=FILE…] [--truststore NAME=FILE…] [--password P | --password-env VAR | --password-file F] [--json]

check   reads a TLS profile, an API gateway <SSLInfo> (alone or inside <HTTPTargetConnection>) or the
        JSON form, resolves the stores it names and validates it: a store or alias that is missing,
        client auth without a keystore or truststore, protocols below TLS 1.2, contradictory
        settings. Every finding is printed with its code, severity, field and explanation.
        The stores and references come from the shared store (--store, or CERTKIT_STORE; what
        certkit keystore/truststore/ref keep there), read only, and/or from files laid over it:
        --keystore NAME=FILE (PKCS#12, JKS or a PEM key and chain) and --truststore NAME=FILE (PEM
        bundle, PKCS#12 or JKS), NAME as the profile writes it (ref://partner-roots or a store
        name); --password opens PKCS#12 and JKS files.
        --role: the end the profile configures (default client: a target endpoint).
PROFILE may be \`-\` (standard input).

Exit codes: 0 the profile is valid (warnings allowed); 1 it has errors; 2 usage error; 3 the
profile or a store file cannot be read.
`;

async function check(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const parsed = parseOptions('tls check', args, {
    ...PASSWORD_OPTIONS,
    ...REGISTRY_OPTIONS,
    role: { type: 'string' },
    keystore: { type: 'string', multiple: true },
    truststore: { type: 'string', multiple: true },
  });
  const [file, ...more] = parsed.positionals;
  if (file === undefined || more.length > 0)
    badOptionValue('tls check', 'profile', 'must name exactly one profile file');
  const role = stringOption(parsed, 'role') ?? 'client';
  if (role !== 'client' && role !== 'server') badOptionValue('tls check', 'role', 'must be client or server');
  const profile = parseProfileText(await readCliText(file, io, 'profile'));
  const stores = await registryFromOptions(parsed, io, 'tls check');
  let report: ReturnType<typeof validateTlsProfile>;
  try {
    report = validateTlsProfile(profile, stores.registry, { role: role as TlsRole });
  } finally {
    await stores.close();
  }
  if (parsed.values.json === true) {
    io.out(`${JSON.stringify({ file, role, ok: report.ok, profile, findings: report.findings }, null, 2)}\n`);
  } else {
    io.out(`${file}: ${report.ok ? 'VALID' : 'NOT VALID'} (${role} profile)\n`);
    for (const f of report.findings)
      io.out(`  ${f.severity}: ${f.code} (${String(f.field)}): ${f.message}\n`);
    if (report.findings.length === 0) io.out('  no findings\n');
  }
  return report.ok ? ExitCode.ok : ExitCode.checkFailed;
}

/** `certkit tls`: check a gateway TLS profile against its stores, or render it for nginx or Envoy. */
export const tlsCommand: CliCommand = {
  usage: `${USAGE}\n${TLS_RENDER_USAGE}`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'check') return check(rest, io);
    if (sub === 'render') return render(rest, io);
    throw new CliError('ERR_CLI_USAGE', 'say `check` or `render`.', { details: { command: 'tls' } });
  },
};
