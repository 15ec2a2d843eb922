import { defineCodes } from './entry.js';

/** Codes raised by the `certkit` command itself. */
export const CLI_CODES = defineCodes({
  ERR_CLI_USAGE: {
    summary: 'The command line is not valid: unknown command or option, or a missing argument.',
    cause: 'A typo, or an option that needs a value given without one.',
    action: 'Run `certkit --help` or `certkit <command> --help`.',
  },
});
