import { stat } from 'node:fs/promises';
import { InventoryError } from '../../errors/area-errors.js';
import { CertificateInventory } from '../../inventory/certificate-inventory.js';
import { FileStorage } from '../../storage/file-storage.js';
import type { CliCommand } from '../cli-command.js';
import { ExitCode } from '../exit-codes.js';
import { badOptionValue, parseOptions, stringOption } from '../parse-options.js';
import {
  KEY_PASSWORD_HELP,
  KEY_PASSWORD_OPTIONS,
  PASSWORD_OPTIONS,
  readKeyPasswordOption,
  readPasswordOption,
} from '../password-option.js';
import { readCertificateFiles } from '../read-certificates.js';
import { parseAtOption, parseDaysOption } from '../time-options.js';

const DAY = 86_400_000;

const USAGE = `Usage: certkit status <file…> [--within DAYS] [--at ISO-DATE] [--json]
       certkit status --store DIR [--within DAYS] [--at ISO-DATE] [--json]

Prints a table of certificates (file or record name, subject, notAfter, status, days left) from
certificate files (PEM, DER, PKCS#12, JKS; --password for stores; \`-\` is standard input) or from an inventory kept in a
FileStorage directory (--store). A certificate is "expiring" when it expires within --within days
(default 30) of --at (default now).
${KEY_PASSWORD_HELP}

Exit codes: 0 every certificate is valid beyond the threshold; 1 one is expired, revoked, failed or
expiring within the threshold; 2 usage error; 3 a file or the store could not be read.
`;

/** One line of the `certkit status` table (`--json` shape). */
export interface StatusRow {
  /** The file path, or the inventory record name. */
  readonly source: string;
  readonly subject: string | null;
  readonly notAfter: string | null;
  /** `valid`, `expiring`, `expired`, `not-yet-valid`, or an inventory status (`revoked`, `failed`, `unknown`). */
  readonly status: string;
  /** Whole days until notAfter (negative once expired); null for a failed record. */
  readonly daysLeft: number | null;
  /** For an inventory record that failed: the reason code. */
  readonly failure?: string;
}

function fileStatus(notBefore: Date, notAfter: Date, at: Date, withinMs: number): string {
  if (notAfter.getTime() < at.getTime()) return 'expired';
  if (notBefore.getTime() > at.getTime()) return 'not-yet-valid';
  return notAfter.getTime() - at.getTime() <= withinMs ? 'expiring' : 'valid';
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function table(rows: readonly StatusRow[]): string {
  const head = ['SOURCE', 'SUBJECT', 'NOT AFTER', 'STATUS', 'DAYS LEFT'];
  const cells = rows.map((r) => [
    r.source,
    r.subject ?? '-',
    r.notAfter ?? '-',
    r.failure === undefined ? r.status : `${r.status} (${r.failure})`,
    r.daysLeft === null ? '-' : String(r.daysLeft),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return `${[head, ...cells]
    .map((c) =>
      c
        .map((x, i) => pad(x, widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

async function storeRows(dir: string, at: Date, withinMs: number): Promise<StatusRow[]> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new InventoryError('ERR_INVENTORY_STORE_MISSING', `The store directory "${dir}" does not exist.`, {
      details: { dir },
    });
  }
  const storage = new FileStorage({ dir });
  try {
    const inventory = new CertificateInventory(storage, { clock: () => at });
    return (await inventory.list(at)).map((r) => {
      const c = r.current;
      if (c === undefined) {
        return {
          source: r.name,
          subject: null,
          notAfter: null,
          status: r.status,
          daysLeft: null,
          ...(r.failure === undefined ? {} : { failure: r.failure.code }),
        };
      }
      const left = Date.parse(c.notAfter) - at.getTime();
      const status =
        (r.status === 'valid' || r.status === 'expiring') && left > 0
          ? left <= withinMs
            ? 'expiring'
            : 'valid'
          : r.status;
      return { source: r.name, subject: c.subject, notAfter: c.notAfter, status, daysLeft: c.daysLeft };
    });
  } finally {
    await storage.close();
  }
}

/** `certkit status`: an expiry report over certificate files or an inventory store. */
export const statusCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('status', args, {
      ...PASSWORD_OPTIONS,
      ...KEY_PASSWORD_OPTIONS,
      at: { type: 'string' },
      within: { type: 'string' },
      store: { type: 'string' },
    });
    const store = stringOption(parsed, 'store');
    if (store === undefined && parsed.positionals.length === 0)
      badOptionValue('status', 'file', 'is required: name at least one file, or --store DIR');
    if (store !== undefined && parsed.positionals.length > 0)
      badOptionValue('status', 'store', 'cannot be combined with files');
    const at = parseAtOption(parsed, 'status', io);
    const withinDays = parseDaysOption(parsed, 'status', 'within', 30);
    const withinMs = withinDays * DAY;
    let rows: StatusRow[];
    if (store !== undefined) {
      rows = await storeRows(store, at, withinMs);
    } else {
      const password = await readPasswordOption(parsed, io, 'status');
      const keyPassword = await readKeyPasswordOption(parsed, io, 'status');
      rows = [];
      for (const path of parsed.positionals) {
        for (const cert of await readCertificateFiles([path], {
          password,
          keyPassword,
          command: 'status',
          io,
        })) {
          rows.push({
            source: path,
            subject: cert.subject.toString(),
            notAfter: cert.notAfter.toISOString(),
            status: fileStatus(cert.notBefore, cert.notAfter, at, withinMs),
            daysLeft: Math.floor((cert.notAfter.getTime() - at.getTime()) / DAY),
          });
        }
      }
    }
    const bad = rows.filter(
      (r) => r.status !== 'valid' && r.status !== 'unknown' && r.status !== 'not-yet-valid',
    );
    const ok = bad.length === 0;
    if (parsed.values.json === true) {
      io.out(`${JSON.stringify({ at: at.toISOString(), withinDays, ok, certificates: rows }, null, 2)}\n`);
    } else {
      io.out(rows.length === 0 ? 'No certificates.\n' : table(rows));
      if (!ok)
        io.out(
          `${bad.length} certificate(s) expired, revoked, failed or expiring within ${withinDays} days.\n`,
        );
    }
    return ok ? ExitCode.ok : ExitCode.checkFailed;
  },
};
