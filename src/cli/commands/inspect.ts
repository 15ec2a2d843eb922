import { isCertkitError } from '../../errors/is-certkit-error.js';
import { readInputFile } from '../../pem/index.js';
import type { CliCommand } from '../cli-command.js';
import { describeBytes } from '../describe/describe-file.js';
import type { DescribedFile } from '../describe/described-object.js';
import { formatDescribedFile } from '../describe/format-described-file.js';
import { ExitCode } from '../exit-codes.js';
import { badOptionValue, parseOptions } from '../parse-options.js';
import { PASSWORD_OPTIONS, readPasswordOption } from '../password-option.js';
import { parseAtOption, parseDaysOption } from '../time-options.js';

const USAGE = `Usage: certkit inspect <file…> [--password P | --password-env VAR | --password-file F]
                       [--at ISO-DATE] [--within DAYS] [--json]

Describes every object in each file (certificates, keys, CSRs, CRLs, in PEM or DER): certificate
fields, key facts without secrets, and status (valid, expiring within --within days (default 30),
expired, not yet valid) at --at (default now).

Exit codes: 0 every file read; 3 a file or an object in it could not be read.
`;

/** `certkit inspect`: describes every object in each file. */
export const inspectCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('inspect', args, {
      ...PASSWORD_OPTIONS,
      at: { type: 'string' },
      within: { type: 'string' },
    });
    if (parsed.positionals.length === 0)
      badOptionValue('inspect', 'file', 'is required: name at least one file');
    const password = await readPasswordOption(parsed, io, 'inspect');
    const at = parseAtOption(parsed, 'inspect', io);
    const expiringWithinDays = parseDaysOption(parsed, 'inspect', 'within', 30);
    const files: DescribedFile[] = [];
    for (const path of parsed.positionals) {
      try {
        files.push(describeBytes(path, await readInputFile(path), { password, at, expiringWithinDays }));
      } catch (e) {
        if (!isCertkitError(e)) throw e;
        files.push({
          path,
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
