import { ariCertId, type RenewalInfo } from '../../acme/renewal/ari.js';
import { decideRenewal, type RenewalPolicy } from '../../acme/renewal/renewal-window.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import { parseCertificate } from '../../x509/parse-certificate.js';
import {
  ACME_OPTIONS,
  ACME_OPTIONS_HELP,
  acmeClientFromOptions,
  keySpecOption,
  readText,
} from '../acme-options.js';
import type { CliCommand } from '../cli-command.js';
import { ExitCode } from '../exit-codes.js';
import { badOptionValue, parseOptions, requiredOption, stringOption } from '../parse-options.js';
import { PASSWORD_OPTIONS } from '../password-option.js';
import { finishInstall, keyPathFor, reportAcmeError, writeOrderFiles } from './order.js';
import { renewStore } from './renew-store.js';

const DAY = 86_400_000;

const USAGE = `Usage: certkit renew --cert FILE [--key FILE] --directory URL <challenge option> [options] [--json]
       certkit renew --store DIR (--name NAME… | --all) [--password-env VAR] --directory URL <challenge option> [options] [--json]

Renews the certificate in --cert when it is due, for the same names, and writes the new chain and key
over --cert and --key (default: --cert with .key), each atomically. Due means: inside the renewal
window the CA suggests through ACME Renewal Information (RFC 9773) when it offers it; otherwise when
a third of the lifetime is left (--fraction F), or --days-before N days before it expires.
A new key is made unless --keep-key. --force renews now. Without being due it prints when it will be.

  --cert FILE        the current certificate (PEM chain); --key FILE its key
  --out FILE         write the new chain here instead of over --cert (--key-out for the key)
  --fraction F       renew when this fraction of the lifetime is left (0 < F <= 1; default 1/3)
  --days-before N    renew N days before notAfter instead
  --keep-key         reuse the current key
  --force            renew even if not due
  --store DIR        renew records of the inventory kept in DIR (a FileStorage) instead of files:
                     --name NAME (repeatable) or --all; each renewal becomes a new version; the key
                     passphrase of the inventory with --password/--password-env/--password-file
                     (without one, keys are stored plain, mode 0600); --trust FILE (repeatable)
                     roots that complete the new chain for the inventory's upload checks; exit 1
                     when a record failed

${ACME_OPTIONS_HELP}

Exit codes: 0 renewed or not due yet; 1 the CA refused or a challenge failed; 2 usage error;
3 a file could not be read or written; 75 temporary failure (CA unreachable, timeout, rate limit;
with --store: every failed record failed temporarily): try again later.
`;

/** \`certkit renew --json\` output. */
export interface RenewJson {
  readonly renewed: boolean;
  readonly reason: string;
  readonly renewAt: string;
  readonly serialNumber: string;
  readonly notAfter: string;
  readonly orderUrl?: string;
}

function policyOption(fractionText: string | undefined, daysText: string | undefined): RenewalPolicy {
  if (fractionText !== undefined && daysText !== undefined)
    badOptionValue('renew', 'fraction', 'cannot be combined with --days-before');
  if (fractionText !== undefined) {
    const fractionLeft = Number(fractionText);
    if (!(fractionLeft > 0 && fractionLeft <= 1))
      badOptionValue('renew', 'fraction', 'must be a number in (0, 1]');
    return { fractionLeft };
  }
  if (daysText !== undefined) {
    const days = Number(daysText);
    if (!(days >= 0)) badOptionValue('renew', 'days-before', 'must be a number of days >= 0');
    return { leadTimeMs: days * DAY };
  }
  return {};
}

/** `certkit renew`: renews a certificate file over ACME when it is due. */
export const renewCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('renew', args, {
      ...ACME_OPTIONS,
      cert: { type: 'string' },
      key: { type: 'string' },
      out: { type: 'string' },
      'key-out': { type: 'string' },
      fraction: { type: 'string' },
      'days-before': { type: 'string' },
      'keep-key': { type: 'boolean' },
      force: { type: 'boolean' },
      store: { type: 'string' },
      name: { type: 'string', multiple: true },
      all: { type: 'boolean' },
      trust: { type: 'string', multiple: true },
      ...PASSWORD_OPTIONS,
    });
    const policy = policyOption(stringOption(parsed, 'fraction'), stringOption(parsed, 'days-before'));
    const store = stringOption(parsed, 'store');
    if (store !== undefined) {
      if (stringOption(parsed, 'cert') !== undefined)
        badOptionValue('renew', 'store', 'cannot be combined with --cert');
      return renewStore(parsed, io, store, policy);
    }
    const certPath = requiredOption(parsed, 'renew', 'cert');
    const keyPath = stringOption(parsed, 'key') ?? keyPathFor(certPath);
    const keySpec = keySpecOption(parsed, 'renew');
    const json = parsed.values.json === true;
    const out = stringOption(parsed, 'out') ?? certPath;
    const keyOut =
      stringOption(parsed, 'key-out') ?? (stringOption(parsed, 'out') ? keyPathFor(out) : keyPath);
    await finishInstall(out, keyOut, io);
    const current = parseCertificate(await readText(certPath, 'certificate', io));
    const keepKey = parsed.values['keep-key'] === true;
    const keyPem = keepKey ? await readText(keyPath, 'key', io) : undefined;
    const acme = await acmeClientFromOptions(parsed, io, 'renew');
    try {
      let renewalInfo: RenewalInfo | undefined;
      try {
        renewalInfo = await acme.client.renewalInfo(current);
      } catch (error) {
        if (!isCertkitError(error, 'ERR_ACME_RENEWAL_INFO')) throw error;
        io.err(`renewal information unusable (${error.message}); using the lifetime window\n`);
      }
      const at = io.now();
      const decision = decideRenewal(current, { policy, at, ...(renewalInfo ? { renewalInfo } : {}) });
      const force = parsed.values.force === true;
      if (!decision.due && !force) {
        const summary: RenewJson = {
          renewed: false,
          reason: decision.reason,
          renewAt: decision.renewAt.toISOString(),
          serialNumber: current.serialNumber,
          notAfter: current.notAfter.toISOString(),
        };
        if (json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
        else
          io.out(
            `Not due: renews at ${summary.renewAt} (${decision.reason}); valid until ${summary.notAfter}.\n`,
          );
        return ExitCode.ok;
      }
      const domains = current.subjectAltNames
        .filter((n) => n.type === 'dns' || n.type === 'ip')
        .map((n) => String(n.value));
      if (domains.length === 0)
        badOptionValue('renew', 'cert', 'names a certificate without DNS or IP names to renew');
      let replaces: string | undefined;
      try {
        replaces = ariCertId(current);
      } catch {
        replaces = undefined;
      }
      const result = await acme.client.order({
        domains,
        ...(keyPem !== undefined ? { privateKey: keyPem } : keySpec ? { key: keySpec } : {}),
        ...(replaces !== undefined ? { replaces } : {}),
      });
      await writeOrderFiles(result, out, keyOut);
      const summary: RenewJson = {
        renewed: true,
        reason: force && !decision.due ? 'forced' : decision.reason,
        renewAt: decision.renewAt.toISOString(),
        serialNumber: result.certificate.serialNumber,
        notAfter: result.certificate.notAfter.toISOString(),
        orderUrl: result.orderUrl,
      };
      if (json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
      else
        io.out(
          `Renewed (${summary.reason}): serial ${summary.serialNumber}, valid until ${summary.notAfter}: ${out}\n`,
        );
      return ExitCode.ok;
    } catch (error) {
      return reportAcmeError(error, io, json, 'renew');
    } finally {
      await acme.close();
    }
  },
};
