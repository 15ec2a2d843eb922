import { AcmeRenewer } from '../../acme/renewal/acme-renewer.js';
import type { RenewalOutcome } from '../../acme/renewal/renewal-outcome.js';
import type { RenewalPolicy } from '../../acme/renewal/renewal-window.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import { CertificateInventory } from '../../inventory/certificate-inventory.js';
import { acmeClientFromOptions, keySpecOption } from '../acme-options.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, type ExitCodeValue, isTemporaryFailure } from '../exit-codes.js';
import { badOptionValue, type ParsedCommandLine, stringListOption } from '../parse-options.js';
import { readPasswordOption } from '../password-option.js';
import { readCertificateFiles } from '../read-certificates.js';
import { reportAcmeError } from './order.js';

/** One record's line of `certkit renew --store --json`. */
export interface RenewStoreJson {
  readonly name: string;
  readonly renewed: boolean;
  readonly reason: string;
  readonly renewAt: string;
  readonly version?: number;
  readonly serialNumber?: string;
  readonly notAfter?: string;
  /** The code when this record could not be renewed. */
  readonly error?: string;
}

function line(outcome: RenewalOutcome): RenewStoreJson {
  const base = {
    name: outcome.name,
    reason: outcome.decision.reason,
    renewAt: outcome.decision.renewAt.toISOString(),
  };
  if (!outcome.renewed) return { ...base, renewed: false };
  return {
    ...base,
    renewed: true,
    reason: outcome.forced ? 'forced' : base.reason,
    version: outcome.version,
    serialNumber: outcome.certificate.serialNumber,
    notAfter: outcome.certificate.notAfter.toISOString(),
  };
}

/**
 * `certkit renew --store DIR (--name NAME… | --all)`: renews inventory records with `AcmeRenewer`
 * (each renewed certificate becomes a new version); the ACME state lives in the same directory unless
 * `--state` says otherwise, so replicas sharing the directory coordinate through its locks.
 */
export async function renewStore(
  parsed: ParsedCommandLine,
  io: CliIo,
  store: string,
  policy: RenewalPolicy,
): Promise<ExitCodeValue> {
  const names = stringListOption(parsed, 'name');
  const all = parsed.values.all === true;
  if (names.length === 0 && !all) badOptionValue('renew', 'store', 'needs --name NAME (repeatable) or --all');
  if (names.length > 0 && all) badOptionValue('renew', 'all', 'cannot be combined with --name');
  if (parsed.values['keep-key'] === true && keySpecOption(parsed, 'renew') !== undefined) {
    badOptionValue('renew', 'key-type', 'cannot be combined with --keep-key');
  }
  const json = parsed.values.json === true;
  const passphrase = await readPasswordOption(parsed, io, 'renew');
  const trust = await readCertificateFiles(stringListOption(parsed, 'trust'), undefined, 'renew');
  const acme = await acmeClientFromOptions(parsed, io, 'renew', store);
  try {
    const inventory = new CertificateInventory(
      acme.storage,
      passphrase === undefined ? { allowPlaintextKeys: true } : { passphrase },
    );
    const key = keySpecOption(parsed, 'renew');
    const renewer = new AcmeRenewer({
      client: acme.client,
      inventory,
      storage: acme.storage,
      policy,
      rekey: parsed.values['keep-key'] !== true,
      ...(key ? { key } : {}),
      ...(trust.length > 0 ? { trust } : {}),
      clock: () => io.now(),
    });
    const targets = all ? (await inventory.list(io.now())).map((r) => r.name) : names;
    const lines: RenewStoreJson[] = [];
    const failures: string[] = [];
    for (const name of targets) {
      try {
        lines.push(line(await renewer.renew(name, { force: parsed.values.force === true, at: io.now() })));
      } catch (error) {
        if (!isCertkitError(error)) throw error;
        failures.push(error.code);
        lines.push({ name, renewed: false, reason: 'error', renewAt: '', error: error.code });
        if (!json) io.err(`certkit renew: ${name}: ${error.code}: ${error.message}\n`);
      }
    }
    if (json) io.out(`${JSON.stringify({ store, results: lines }, null, 2)}\n`);
    else {
      for (const l of lines) {
        if (l.error !== undefined) continue;
        io.out(
          l.renewed
            ? `${l.name}: renewed (${l.reason}) as version ${l.version}, serial ${l.serialNumber}, until ${l.notAfter}\n`
            : `${l.name}: not due; renews at ${l.renewAt} (${l.reason})\n`,
        );
      }
    }
    if (failures.length === 0) return ExitCode.ok;
    return failures.every(isTemporaryFailure) ? ExitCode.tempFail : ExitCode.checkFailed;
  } catch (error) {
    return reportAcmeError(error, io, json, 'renew');
  } finally {
    await acme.close();
  }
}
