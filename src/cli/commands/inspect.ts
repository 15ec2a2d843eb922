import { isCertkitError } from '../../errors/is-certkit-error.js';
import type { CliCommand } from '../cli-command.js';
import { describeBytes } from '../describe/describe-file.js';
import type { DescribedFile } from '../describe/described-object.js';
import { formatDescribedFile } from '../describe/format-described-file.js';
import { ExitCode } from '../exit-codes.js';
import { displayPath, readCliInput } from '../input-files.js';
import { badOptionValue, parseOptions } from '../parse-options.js';
import {
  KEY_PASSWORD_HELP,
  KEY_PASSWORD_OPTIONS,
  PASSWORD_OPTIONS,
  readKeyPasswordOption,
  readPasswordOption,
} from '../password-option.js';
import { parseAtOption, parseDaysOption } from '../time-options.js';

const USAGE = `Usage: certkit inspect <file…> [--password P | --password-env VAR | --password-file F]
                       [--key-password P] [--at ISO-DATE] [--within DAYS] [--json]

Describes every object in each file (certificates, keys, CSRs, CRLs, in PEM or DER; PKCS#12 and JKS
keystores): certificate fields, key facts without secrets, and status (valid, expiring within
--within days (default 30), expired, not yet valid) at --at (default now). A file \`-\` is standard
input. A truncated object, text without a PEM block and bytes of no known format are input errors.
${KEY_PASSWORD_HELP}

Exit codes: 0 every file read (an encrypted key without its password is described, not read);
3 a file or an object in it could not be read.
`;

/** `certkit inspect`: describes every object in each file. */
export const inspectCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('inspect', args, {
      ...PASSWORD_OPTIONS,
      ...KEY_PASSWORD_OPTIONS,
      at: { type: 'string' },
      within: { type: 'string' },
    });
    if (parsed.positionals.length === 0)
      badOptionValue('inspect', 'file', 'is required: name at least one file');
    const password = await readPasswordOption(parsed, io, 'inspect');
    const keyPassword = await readKeyPasswordOption(parsed, io, 'inspect');
    const at = parseAtOption(parsed, 'inspect', io);
    const expiringWithinDays = parseDaysOption(parsed, 'inspect', 'within', 30);
    const files: DescribedFile[] = [];
    for (const path of parsed.positionals) {
      try {
        files.push(
          await describeBytes(displayPath(path), await readCliInput(path, io), {
            password,
            keyPassword,
            at,
            expiringWithinDays,
          }),
        );
      } catch (e) {
        if (!isCertkitError(e)) throw e;
        files.push({
          path: displayPath(path),
          format: 'unknown',
          objects: [],
          error: { code: e.code, message: e.message, details: e.details },
        });
      }
    }
    if (parsed.values.json === true) io.out(`${JSON.stringify({ files }, null, 2)}\n`);
    else io.out(files.map(formatDescribedFile).join('\n'));
    const failed = files.some((f) => f.error !== undefined || f.objects.some((o) => o.type === 'error'));
    return failed ? ExitCode.input : ExitCode.ok;
  },
};
