import type { AcmeOrderResult } from '../../acme/client/order-result.js';
import { ACME_OPTIONS, ACME_OPTIONS_HELP, acmeClientFromOptions, keySpecOption } from '../acme-options.js';
import type { CliCommand } from '../cli-command.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { finishInterruptedInstall, installChainAndKey } from '../install-files.js';
import {
  badOptionValue,
  parseOptions,
  requiredOption,
  stringListOption,
  stringOption,
} from '../parse-options.js';
import { reportError } from '../report-error.js';

const USAGE = `Usage: certkit order --directory URL --domain NAME [--domain NAME…] <challenge option> --out FILE
       [--key-out FILE] [--preferred-chain ISSUER-CN] [options] [--json]

Orders a certificate from an ACME CA and writes the full chain (PEM) to --out and its new private key
(PKCS#8 PEM, mode 0600) to --key-out (default: --out with .key). The account and the order in progress
are kept in --state, so running the same command again after a crash continues the same order.
Progress goes to stderr.

${ACME_OPTIONS_HELP}

Exit codes: 0 issued; 1 the CA refused or a challenge failed (the code says why); 2 usage error;
3 a file could not be read or written; 75 temporary (the CA or the callback receiver unreachable or too
slow, --timeout reached, rate limited): run again later, the order resumes.
`;

/** `certkit order --json` output. */
export interface OrderJson {
  readonly orderUrl: string;
  readonly resumed: boolean;
  readonly domains: readonly string[];
  readonly serialNumber: string;
  readonly notAfter: string;
  readonly certificateFile: string;
  readonly keyFile: string | null;
}

/** Writes the chain and the key of an issued order (crash-safe, see installChainAndKey); returns the key path (null without a key). */
export async function writeOrderFiles(
  result: AcmeOrderResult,
  out: string,
  keyOut: string,
): Promise<string | null> {
  const chainPem = result.pem.endsWith('\n') ? result.pem : `${result.pem}\n`;
  if (!result.entry) {
    await installChainAndKey(out, chainPem);
    return null;
  }
  const keyPem = result.entry.privateKey.toKeyObject().export({ type: 'pkcs8', format: 'pem' }).toString();
  await installChainAndKey(out, chainPem, keyOut, keyPem);
  return keyOut;
}

/** Finishes an install a crash interrupted, saying so on stderr. */
export async function finishInstall(out: string, keyOut: string, io: CliIo): Promise<void> {
  const done = await finishInterruptedInstall(out, keyOut);
  if (done.length > 0) io.err(`finished installing ${done.join(' and ')}, left by an interrupted run\n`);
}

/** The default key path next to a certificate path. */
export function keyPathFor(out: string): string {
  return out.replace(/\.(pem|crt|cer)$/i, '') + '.key';
}

/**
 * Reports an ACME failure as "the CA said no" (exit 1), a temporary one (unreachable, timeout, rate
 * limit) as 75, other failures as usual.
 */
export function reportAcmeError(error: unknown, io: CliIo, json: boolean, command = 'order'): ExitCodeValue {
  return reportError(error, io, json, { command, refusal: (code) => code.startsWith('ERR_ACME_') });
}

/** `certkit order`: orders a certificate over ACME. */
export const orderCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('order', args, {
      ...ACME_OPTIONS,
      domain: { type: 'string', multiple: true, short: 'd' },
      out: { type: 'string', short: 'o' },
      'key-out': { type: 'string' },
      'preferred-chain': { type: 'string' },
    });
    const domains = stringListOption(parsed, 'domain');
    if (domains.length === 0) badOptionValue('order', 'domain', 'is required (repeat it for several names)');
    const out = requiredOption(parsed, 'order', 'out');
    const keyOut = stringOption(parsed, 'key-out') ?? keyPathFor(out);
    const key = keySpecOption(parsed, 'order');
    const json = parsed.values.json === true;
    await finishInstall(out, keyOut, io);
    const acme = await acmeClientFromOptions(parsed, io, 'order');
    try {
      const preferredChain = stringOption(parsed, 'preferred-chain');
      const result = await acme.client.order({
        domains,
        ...(key ? { key } : {}),
        ...(preferredChain !== undefined ? { preferredChain } : {}),
      });
      const keyFile = await writeOrderFiles(result, out, keyOut);
      const summary: OrderJson = {
        orderUrl: result.orderUrl,
        resumed: result.resumed,
        domains: result.certificate.subjectAltNames.map((n) => String(n.value)),
        serialNumber: result.certificate.serialNumber,
        notAfter: result.certificate.notAfter.toISOString(),
        certificateFile: out,
        keyFile,
      };
      if (json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
      else
        io.out(
          `Issued ${summary.domains.join(', ')} (serial ${summary.serialNumber}, until ${summary.notAfter}): ${out}${keyFile ? `, key ${keyFile}` : ''}\n`,
        );
      return ExitCode.ok;
    } catch (error) {
      return reportAcmeError(error, io, json);
    } finally {
      await acme.close();
    }
  },
};
