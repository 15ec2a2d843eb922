import { parsePrivateKey } from '../../../keys/index.js';
import { readInputFile } from '../../../pem/index.js';
import { Keystore } from '../../../stores/keystore.js';
import { parseCertificates } from '../../../x509/index.js';
import type { CliCommand } from '../../cli-command.js';
import type { CliIo } from '../../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import { type ParsedCommandLine, parseOptions, stringListOption, stringOption } from '../../parse-options.js';
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

const USAGE = `Usage: certkit keystore put NAME (--p12 FILE | --cert CHAIN --key KEY) [--alias A] [--trust FILE…]
                            [--password P | --password-env VAR | --password-file F] --store S [--json]
       certkit keystore list --store S [--json]
       certkit keystore show NAME --store S [--json]
       certkit keystore delete NAME --store S [--json]

Keeps named keystores (private keys with their chains) in a shared store: --store DIR (files) or
--store postgres://… (PostgreSQL). "put" adds or replaces NAME; TLS settings name it through a
reference (certkit ref set), so replacing a store a reference points at reaches every replica.
--cert/--key run the upload checks (key matches, chain order and completeness, validity; --trust
gives roots that complete the chain; without it a chain short of a root is accepted). With --p12,
--alias keeps that entry only; with --cert/--key it names the entry (default "server").
--actor and --reason are recorded with the change. "delete" is refused while a reference uses it.

${REGISTRY_PASSPHRASE_HELP}

Exit codes: 0 done; 1 refused (an upload check failed, or the store is in use); 2 usage error;
3 a file or the store could not be read.
`;

async function readKeystore(parsed: ParsedCommandLine, io: CliIo): Promise<Keystore> {
  const p12 = stringOption(parsed, 'p12');
  const cert = stringOption(parsed, 'cert');
  const key = stringOption(parsed, 'key');
  const alias = stringOption(parsed, 'alias');
  const password = await readPasswordOption(parsed, io, 'keystore put');
  if (p12 !== undefined) {
    if (cert !== undefined || key !== undefined)
      usageError('keystore put', 'give --p12 or --cert/--key, not both.');
    const ks = Keystore.fromPkcs12(await readInputFile(p12), password === undefined ? {} : { password });
    if (alias === undefined) return ks;
    const only = ks.entry(alias);
    return Keystore.empty().withEntry(alias, only, { allowIncompleteChain: true });
  }
  if (cert === undefined || key === undefined)
    usageError('keystore put', 'give --p12 FILE, or --cert CHAIN and --key KEY.');
  const privateKey = parsePrivateKey(await readInputFile(key), password === undefined ? {} : { password });
  const chain = parseCertificates(await readInputFile(cert));
  const trust = await readCertificateFiles(stringListOption(parsed, 'trust'), undefined, 'keystore put');
  return Keystore.empty().withEntry(
    alias ?? 'server',
    { privateKey, chain },
    trust.length === 0 ? { allowIncompleteChain: true } : { trust },
  );
}

async function put(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCodeValue> {
  const name = positional(parsed, 1, 'keystore put', 'NAME');
  let keystore: Keystore;
  try {
    keystore = await readKeystore(parsed, io);
  } catch (error) {
    if (isRefusal(error)) return printRefusal(io, parsed, error, { name });
    throw error;
  }
  return withRegistry(parsed, io, 'keystore', true, async (registry) => {
    try {
      await registry.putKeystoreAsync(name, keystore, attributionOf(parsed, io));
    } catch (error) {
      if (isRefusal(error)) return printRefusal(io, parsed, error, { name });
      throw error;
    }
    const references = registry.referencesTo(name);
    const leaf = keystore.entries()[0]?.chain[0];
    print(
      io,
      parsed,
      {
        ok: true,
        name,
        kind: 'keystore',
        aliases: keystore.aliases,
        references,
        contents: keystore.toJSON(),
      },
      `put keystore ${name}: ${keystore.aliases.join(', ')}${leaf === undefined ? '' : ` (${leaf.subject.toString()}, until ${leaf.notAfter.toISOString()})`}\n` +
        (references.length === 0 ? '' : `  now served through ${references.join(', ')}\n`),
    );
    return ExitCode.ok;
  });
}

/** `certkit keystore put|list|show|delete`. */
export const keystoreCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('keystore', args, {
      ...REGISTRY_OPTIONS,
      ...PASSWORD_OPTIONS,
      p12: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      alias: { type: 'string' },
      trust: { type: 'string', multiple: true },
      actor: { type: 'string' },
      reason: { type: 'string' },
    });
    const sub = parsed.positionals[0];
    if (sub === 'put') return put(parsed, io);
    if (sub === 'list' || sub === 'show' || sub === 'delete')
      return runStoreQuery('keystore', sub, parsed, io);
    return usageError('keystore', `unknown or missing subcommand ${sub ?? ''} (put, list, show, delete).`);
  },
};
