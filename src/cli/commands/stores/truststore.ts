import { Truststore } from '../../../stores/truststore.js';
import type { CliCommand } from '../../cli-command.js';
import type { CliIo } from '../../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import { type ParsedCommandLine, parseOptions, stringListOption } from '../../parse-options.js';
import { PASSWORD_OPTIONS, readPasswordOption } from '../../password-option.js';
import { readCertificateFiles } from '../../read-certificates.js';
import { REGISTRY_OPTIONS, REGISTRY_PASSPHRASE_HELP } from '../../registry-options.js';
import { runStoreQuery } from './store-family.js';
import {
  attributionOf,
  isRefusal,
  positional,
  print,
  printRefusal,
  usageError,
  withRegistry,
} from './store-output.js';

const USAGE = `Usage: certkit truststore put NAME --ca FILE… --store S [--json]
       certkit truststore list --store S [--json]
       certkit truststore show NAME --store S [--json]
       certkit truststore delete NAME --store S [--json]

Keeps named truststores (the CA certificates a TLS peer check trusts) in a shared store: --store DIR
(files) or --store postgres://… (PostgreSQL). "put" adds or replaces NAME with every certificate of
the --ca files (PEM, DER, PKCS#12 or JKS; --password for stores), each under its subject CN.
--actor and --reason are recorded with the change. "delete" is refused while a reference uses it.

${REGISTRY_PASSPHRASE_HELP}

Exit codes: 0 done; 1 refused (the store is in use, or NAME is a keystore); 2 usage error; 3 a file
or the store could not be read.
`;

async function put(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCodeValue> {
  const name = positional(parsed, 1, 'truststore put', 'NAME');
  const files = stringListOption(parsed, 'ca');
  if (files.length === 0) usageError('truststore put', '--ca FILE is required.');
  const password = await readPasswordOption(parsed, io, 'truststore put');
  const truststore = Truststore.fromCertificates(
    await readCertificateFiles(files, password, 'truststore put'),
  );
  return withRegistry(parsed, io, 'truststore', true, async (registry) => {
    try {
      await registry.putTruststoreAsync(name, truststore, attributionOf(parsed, io));
    } catch (error) {
      if (isRefusal(error)) return printRefusal(io, parsed, error, { name });
      throw error;
    }
    const references = registry.referencesTo(name);
    print(
      io,
      parsed,
      {
        ok: true,
        name,
        kind: 'truststore',
        aliases: truststore.aliases,
        references,
        contents: truststore.toJSON(),
      },
      `put truststore ${name}: ${truststore.size} certificate(s): ${truststore.aliases.join(', ')}\n`,
    );
    return ExitCode.ok;
  });
}

/** `certkit truststore put|list|show|delete`. */
export const truststoreCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('truststore', args, {
      ...REGISTRY_OPTIONS,
      ...PASSWORD_OPTIONS,
      ca: { type: 'string', multiple: true },
      actor: { type: 'string' },
      reason: { type: 'string' },
    });
    const sub = parsed.positionals[0];
    if (sub === 'put') return put(parsed, io);
    if (sub === 'list' || sub === 'show' || sub === 'delete')
      return runStoreQuery('truststore', sub, parsed, io);
    return usageError('truststore', `unknown or missing subcommand ${sub ?? ''} (put, list, show, delete).`);
  },
};
