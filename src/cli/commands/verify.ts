import {
  type ChainProblem,
  createCrlChecker,
  type VerifyChainOptions,
  verifyChain,
} from '../../chain/index.js';
import { parseCertificate, parseCrl } from '../../x509/index.js';
import type { CliCommand } from '../cli-command.js';
import { ExitCode } from '../exit-codes.js';
import { readCliInput } from '../input-files.js';
import { badOptionValue, parseOptions, stringListOption, stringOption } from '../parse-options.js';
import {
  KEY_PASSWORD_HELP,
  KEY_PASSWORD_OPTIONS,
  PASSWORD_OPTIONS,
  readKeyPasswordOption,
  readPasswordOption,
} from '../password-option.js';
import { certificateJson, readCertificateFiles } from '../read-certificates.js';
import { parseAtOption } from '../time-options.js';

const USAGE = `Usage: certkit verify <file> [--ca FILE…] [--untrusted FILE…] [--host NAME | --ip ADDR | --email ADDR]
                      [--at ISO-DATE] [--purpose server|client|any] [--profile webpki|rfc5280]
                      [--crl FILE…] [--revocation-policy soft|hard] [--allow-sha1]
                      [--password P | --password-env VAR | --password-file F] [--json]

Builds the chain from the first certificate in <file> (the others in it are intermediates) to a
trust anchor and validates it (RFC 5280 section 6, web PKI profile by default), then the name.
Any file may be PEM, DER, PKCS#12 (.p12/.pfx) or JKS: a keystore gives its key entries' chains and
its trusted certificates, opened with the password. Any file may be \`-\` (standard input).
  --ca FILE           trust anchors (repeatable); default: Node's bundled Mozilla root store
  --untrusted FILE    more intermediates (repeatable)
  --host/--ip/--email the name the certificate must be valid for
  --at ISO-DATE       validate at this time instead of now
  --purpose           server (default), client or any
  --crl FILE          CRLs to check revocation with (repeatable); nothing is fetched
  --revocation-policy soft (default: no CRL for a certificate is a warning) or hard (a problem)
${KEY_PASSWORD_HELP}

Exit codes: 0 valid; 1 not valid (every problem is listed with its code and depth); 3 input error.
`;

const PURPOSES = ['server', 'client', 'any'] as const;
const PROFILES = ['webpki', 'rfc5280'] as const;

function oneOf<T extends string>(
  command: string,
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    badOptionValue(command, name, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function problemLine(p: ChainProblem): string {
  const where = p.depth === null ? 'chain' : `depth ${p.depth}${p.subject ? ` (${p.subject})` : ''}`;
  return `  ${p.code} at ${where}: ${p.message}\n`;
}

/** `certkit verify`: is this certificate valid, for this name, at this time? */
export const verifyCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('verify', args, {
      ca: { type: 'string', multiple: true },
      untrusted: { type: 'string', multiple: true },
      host: { type: 'string' },
      ip: { type: 'string' },
      email: { type: 'string' },
      at: { type: 'string' },
      purpose: { type: 'string' },
      profile: { type: 'string' },
      crl: { type: 'string', multiple: true },
      'revocation-policy': { type: 'string' },
      'allow-sha1': { type: 'boolean' },
      ...PASSWORD_OPTIONS,
      ...KEY_PASSWORD_OPTIONS,
    });
    const [file, ...more] = parsed.positionals;
    if (file === undefined || more.length > 0)
      badOptionValue('verify', 'file', 'must name exactly one certificate file');
    const names = (['host', 'ip', 'email'] as const).filter((n) => stringOption(parsed, n) !== undefined);
    if (names.length > 1) badOptionValue('verify', names[1]!, `cannot be combined with --${names[0]}`);
    const purpose = oneOf('verify', 'purpose', stringOption(parsed, 'purpose'), PURPOSES) ?? 'server';
    const profile = oneOf('verify', 'profile', stringOption(parsed, 'profile'), PROFILES) ?? 'webpki';
    const policy = oneOf('verify', 'revocation-policy', stringOption(parsed, 'revocation-policy'), [
      'soft',
      'hard',
    ] as const);
    const at = parseAtOption(parsed, 'verify', io);
    const password = await readPasswordOption(parsed, io, 'verify');
    const keyPassword = await readKeyPasswordOption(parsed, io, 'verify');
    const reading = { password, keyPassword, command: 'verify', io };

    const [leaf, ...bundled] = await readCertificateFiles([file], reading);
    if (leaf === undefined)
      return badOptionValue('verify', 'file', `names a file without a certificate (${file})`);
    const caFiles = stringListOption(parsed, 'ca');
    const trust =
      caFiles.length > 0
        ? await readCertificateFiles(caFiles, reading)
        : // node:tls only for its root store: loading it costs start-up when --ca is given.
          (await import('node:tls')).rootCertificates.map((pem) => parseCertificate(pem));
    const intermediates = [
      ...bundled,
      ...(await readCertificateFiles(stringListOption(parsed, 'untrusted'), reading)),
    ];
    const crls = [];
    for (const path of stringListOption(parsed, 'crl')) crls.push(parseCrl(await readCliInput(path, io)));

    const host = stringOption(parsed, 'host');
    const ip = stringOption(parsed, 'ip');
    const email = stringOption(parsed, 'email');
    const options: VerifyChainOptions = {
      trust,
      intermediates,
      at,
      purpose,
      profile,
      allowSha1: parsed.values['allow-sha1'] === true,
      ...(host !== undefined
        ? { hostname: host }
        : ip !== undefined
          ? { ip }
          : email !== undefined
            ? { email }
            : {}),
      ...(crls.length > 0
        ? {
            revocation: createCrlChecker({ crls, fetcher: false }),
            revocationPolicy: policy === 'hard' ? 'hard-fail' : 'soft-fail',
          }
        : {}),
    };
    const result = await verifyChain(leaf, options);

    if (parsed.values.json === true) {
      const json = {
        ok: result.ok,
        file,
        at: at.toISOString(),
        purpose,
        profile,
        name: host ?? ip ?? email ?? null,
        chain: result.chain.map((c, depth) => ({ depth, ...certificateJson(c) })),
        anchor: result.anchor ? result.anchor.subject.toString() : null,
        problems: result.problems,
        warnings: result.warnings,
      };
      io.out(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      const name = host ?? ip ?? email;
      io.out(
        `${file}: ${result.ok ? 'VALID' : 'NOT VALID'}${name ? ` for ${name}` : ''} (${purpose}, ${profile}, at ${at.toISOString()})\n`,
      );
      result.chain.forEach((c, depth) => {
        const anchor = result.anchor === c ? ' [trust anchor]' : '';
        io.out(`  ${depth} ${c.subject.toString()}${anchor}\n`);
      });
      if (result.problems.length > 0) io.out(`Problems:\n${result.problems.map(problemLine).join('')}`);
      if (result.warnings.length > 0) io.out(`Warnings:\n${result.warnings.map(problemLine).join('')}`);
    }
    return result.ok ? ExitCode.ok : ExitCode.checkFailed;
  },
};
