import { join } from 'node:path';
import { GatewayFile, renderEnvoyTls, renderNginxTls, writeGatewayFiles } from '../../tls/index.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { readCliText } from '../input-files.js';
import { badOptionValue, parseOptions, requiredOption, stringOption } from '../parse-options.js';
import { PASSWORD_OPTIONS } from '../password-option.js';
import { REGISTRY_OPTIONS } from '../registry-options.js';
import { parseProfileText } from './profile-text.js';
import { registryFromOptions } from './registry-from-files.js';

/** Usage of `certkit tls render`. */
export const TLS_RENDER_USAGE = `Usage: certkit tls render nginx|envoy PROFILE --out DIR [--role server|upstream] [--name NAME]
                          [--server-name HOST] [--listen PORT] [--store DIR|postgres://…] [--passphrase-env VAR]
                          [--keystore NAME=FILE…] [--truststore NAME=FILE…] [--password P | --password-env VAR | --password-file F] [--json]

render  turns a TLS profile (XML <SSLInfo> or JSON) and its stores into gateway configuration in DIR:
        nginx: NAME.conf (ssl_* directives for a server block, or proxy_ssl_* for --role upstream) with
        the certificate chain, key (mode 0600) and trusted CAs beside it, to include from nginx.conf;
        envoy: NAME.json, a DownstreamTlsContext (server) or UpstreamTlsContext (upstream) with the PEM
        inlined (mode 0600: it holds the key). Files are written atomically (a reloading gateway sees
        the old file or the new one). --name defaults to the role. The stores come from --store (as
        for tls check) and/or files.
`;

/** `certkit tls render nginx|envoy PROFILE --out DIR`. */
export async function render(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const parsed = parseOptions('tls render', args, {
    ...PASSWORD_OPTIONS,
    ...REGISTRY_OPTIONS,
    out: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    'server-name': { type: 'string' },
    listen: { type: 'string' },
    keystore: { type: 'string', multiple: true },
    truststore: { type: 'string', multiple: true },
  });
  const [gateway, file, ...more] = parsed.positionals;
  if (gateway !== 'nginx' && gateway !== 'envoy')
    badOptionValue('tls render', 'gateway', 'must be nginx or envoy');
  if (file === undefined || more.length > 0)
    badOptionValue('tls render', 'profile', 'must name exactly one profile file');
  const dir = requiredOption(parsed, 'tls render', 'out');
  const role = stringOption(parsed, 'role') ?? 'server';
  if (role !== 'server' && role !== 'upstream')
    badOptionValue('tls render', 'role', 'must be server or upstream');
  const name = stringOption(parsed, 'name') ?? role;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) badOptionValue('tls render', 'name', 'must be a plain file name');
  const serverName = stringOption(parsed, 'server-name');
  const listen = stringOption(parsed, 'listen');
  const profile = parseProfileText(await readCliText(file, io, 'profile'));
  const stores = await registryFromOptions(parsed, io, 'tls render');
  const registry = stores.registry;
  const common = { role, ...(serverName === undefined ? {} : { serverName }) } as const;
  let files: GatewayFile[];
  let warnings: readonly string[] = [];
  try {
    if (gateway === 'nginx') {
      const result = renderNginxTls(profile, registry, {
        ...common,
        dir,
        name,
        ...(listen === undefined ? {} : { listen }),
      });
      files = [...result.files, new GatewayFile(join(dir, `${name}.conf`), result.config, 0o644, false)];
      warnings = result.warnings;
    } else {
      const context = renderEnvoyTls(profile, registry, common);
      files = [
        new GatewayFile(join(dir, `${name}.json`), `${JSON.stringify(context, null, 2)}\n`, 0o600, true),
      ];
    }
  } finally {
    await stores.close();
  }
  await writeGatewayFiles(files);
  const written = files.map((f) => ({ path: f.path, mode: `0${f.mode.toString(8)}`, secret: f.secret }));
  if (parsed.values.json === true) {
    io.out(`${JSON.stringify({ gateway, role, files: written, warnings }, null, 2)}\n`);
  } else {
    io.out(
      `Rendered ${gateway} (${role}) into ${dir}:\n${written.map((w) => `  ${w.path} (${w.mode})`).join('\n')}\n`,
    );
    for (const w of warnings) io.out(`  warning: ${w}\n`);
  }
  return ExitCode.ok;
}
