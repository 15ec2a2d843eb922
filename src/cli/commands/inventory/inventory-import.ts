import type { RevocationMode } from '../../../chain/index.js';
import { isCertkitError } from '../../../errors/is-certkit-error.js';
import { type Certificate, parseCertificates } from '../../../x509/index.js';
import { ExitCode } from '../../exit-codes.js';
import { findingLine, refusalFindings } from '../../findings-output.js';
import { readCliInput } from '../../input-files.js';
import { INVENTORY_OPTIONS, withInventory } from '../../inventory-options.js';
import {
  badOptionValue,
  parseOptions,
  requiredOption,
  stringListOption,
  stringOption,
} from '../../parse-options.js';
import { PASSWORD_OPTIONS, readPasswordOption } from '../../password-option.js';
import type { Subcommand } from '../../subcommands.js';
import { recordJson, recordText } from './record-output.js';

const REVOCATION_MODES: readonly RevocationMode[] = ['off', 'soft-fail', 'hard-fail'];

const USAGE = `Usage: certkit inventory import NAME --cert FILE [--chain FILE] [--key FILE] [--password P]
                                [--trust FILE…] [--allow-private-ca] [--revocation MODE] [--new-version]
                                --store DIR|postgres://…
                                [--passphrase-env VAR | --passphrase-file F | --plaintext-keys] [--json]

Registers a certificate under NAME after the upload checks: the key matches the certificate, the chain
is in order and reaches a trust anchor you configured (--trust; a root inside the upload is never
trusted by itself), nothing is expired or revoked, and the certificate is not private or self-signed
unless --allow-private-ca says so. A refusal names the rule and leaves a "failed" record.
  --cert FILE         the certificate, or the whole chain (PEM or DER; - reads standard input)
  --chain FILE        the intermediates, when --cert holds the leaf only
  --key FILE          its private key (--password opens an encrypted one); sealed at rest with the
                      inventory passphrase (--passphrase-env/--passphrase-file), or --plaintext-keys
  --trust FILE        trust anchors (repeatable); default: the public roots Node ships
  --allow-private-ca  without --trust, accept a private CA or a self-signed certificate (a private PKI)
  --revocation MODE   soft-fail (default: checked over CRL/OCSP, a warning when it cannot be), hard-fail, off
  --new-version       add a version to an existing record (a renewal) instead of refusing the name

Exit codes: 0 registered; 1 refused by a check (its code and findings are printed); 2 usage; 3 input.
`;

/** `certkit inventory import`: the upload checks, then a new record (or version). */
export const inventoryImport: Subcommand = {
  summary: 'register a certificate (and key) after the upload checks',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('inventory import', args, {
      ...INVENTORY_OPTIONS,
      ...PASSWORD_OPTIONS,
      cert: { type: 'string' },
      chain: { type: 'string' },
      key: { type: 'string' },
      trust: { type: 'string', multiple: true },
      'allow-private-ca': { type: 'boolean' },
      'new-version': { type: 'boolean' },
      revocation: { type: 'string' },
    });
    const revocation = stringOption(parsed, 'revocation');
    if (revocation !== undefined && !REVOCATION_MODES.includes(revocation as RevocationMode)) {
      badOptionValue('inventory import', 'revocation', `must be one of ${REVOCATION_MODES.join(', ')}`);
    }
    const name = parsed.positionals[0] ?? requiredOption(parsed, 'inventory import', 'name');
    const certs = parseCertificates(
      await readCliInput(requiredOption(parsed, 'inventory import', 'cert'), io),
    );
    const chainPath = stringOption(parsed, 'chain');
    const chain = chainPath === undefined ? [] : parseCertificates(await readCliInput(chainPath, io));
    const keyPath = stringOption(parsed, 'key');
    const privateKey = keyPath === undefined ? undefined : await readCliInput(keyPath, io);
    const password = await readPasswordOption(parsed, io, 'inventory import');
    const trust: Certificate[] = [];
    for (const file of stringListOption(parsed, 'trust'))
      trust.push(...parseCertificates(await readCliInput(file, io)));
    const json = parsed.values.json === true;
    return withInventory(
      parsed,
      io,
      'inventory import',
      async ({ inventory }) => {
        try {
          const record = await inventory.import(
            name,
            {
              chain: [...certs, ...chain],
              ...(privateKey === undefined ? {} : { privateKey }),
              ...(password === undefined ? {} : { password }),
            },
            {
              ...(trust.length === 0 ? {} : { trust }),
              ...(parsed.values['allow-private-ca'] === true ? { allowPrivateCa: true } : {}),
              ...(parsed.values['new-version'] === true ? { newVersion: true } : {}),
              ...(revocation === undefined ? {} : { revocation: revocation as RevocationMode }),
            },
          );
          io.out(
            json
              ? `${JSON.stringify({ imported: true, record: recordJson(record) }, null, 2)}\n`
              : `Imported ${recordText(record)}`,
          );
          return ExitCode.ok;
        } catch (error) {
          const findings = refusalFindings(error);
          if (findings === undefined || !isCertkitError(error)) throw error;
          if (json) {
            io.out(
              `${JSON.stringify({ imported: false, name, code: error.code, message: error.message, findings }, null, 2)}\n`,
            );
          } else {
            io.out(
              `REFUSED ${name}: ${error.code}: ${error.message}\n${findings.map(findingLine).join('\n')}\n`,
            );
          }
          return ExitCode.checkFailed;
        }
      },
      { create: true },
    );
  },
};
