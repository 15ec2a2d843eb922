import { writeFile } from 'node:fs/promises';
import { orderBundle } from '../../chain/index.js';
import type { CliCommand } from '../cli-command.js';
import { ExitCode } from '../exit-codes.js';
import { badOptionValue, parseOptions, stringListOption, stringOption } from '../parse-options.js';
import { certificateJson, readCertificateFiles } from '../read-certificates.js';
import { parseAtOption } from '../time-options.js';

const USAGE = `Usage: certkit bundle <file…> [--ca FILE…] [--at ISO-DATE] [--out FILE] [--json]

Reads every certificate in the files (in any order), puts the chain in order leaf -> ... -> root and
prints it as PEM (to --out, or standard output). A file \`-\` is standard input. Reports what is missing (a certificate whose issuer
is not in the bundle or --ca), extra (unrelated), duplicated, or expired at --at.

Exit codes: 0 the chain is complete; 1 it is incomplete or has errors (the ordered part is still
printed); 3 input error.
`;

/** `certkit bundle`: order an uploaded bundle and say what is wrong with it. */
export const bundleCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('bundle', args, {
      ca: { type: 'string', multiple: true },
      at: { type: 'string' },
      out: { type: 'string' },
    });
    if (parsed.positionals.length === 0)
      badOptionValue('bundle', 'file', 'is required: name at least one file');
    const at = parseAtOption(parsed, 'bundle', io);
    const certs = await readCertificateFiles(parsed.positionals, { command: 'bundle', io });
    const trust = await readCertificateFiles(stringListOption(parsed, 'ca'), { command: 'bundle', io });
    const order = orderBundle(certs, { at, trust });
    const pem = order.chain.map((c) => c.pem).join('');
    const out = stringOption(parsed, 'out');
    if (out !== undefined) await writeFile(out, pem);
    const failed = !order.complete || order.findings.some((f) => f.severity === 'error');
    if (parsed.values.json === true) {
      const json = {
        complete: order.complete,
        chain: order.chain.map((c, depth) => ({ depth, ...certificateJson(c) })),
        root: order.root ? order.root.subject.toString() : null,
        missing: order.missing.map((m) => ({ subject: m.subject, issuer: m.issuer, caIssuers: m.caIssuers })),
        extra: order.extra.map(certificateJson),
        duplicates: order.duplicates.map(certificateJson),
        expired: order.expired.map(certificateJson),
        findings: order.findings.map(({ certificate: _omit, ...f }) => f),
        ...(out === undefined ? { pem } : { out }),
      };
      io.out(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      if (out === undefined) io.out(pem);
      for (const f of order.findings) io.err(`${f.severity}: ${f.code}: ${f.message}\n`);
      io.err(
        `${order.chain.length} certificate${order.chain.length === 1 ? '' : 's'} in order; chain ${order.complete ? 'complete' : 'INCOMPLETE'}\n`,
      );
    }
    return failed ? ExitCode.checkFailed : ExitCode.ok;
  },
};
