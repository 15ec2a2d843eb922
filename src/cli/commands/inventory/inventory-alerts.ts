import { spawn } from 'node:child_process';
import { CliError } from '../../../errors/area-errors.js';
import type { AlertSender, InventoryAlert } from '../../../inventory/index.js';
import { inventoryMetrics } from '../../../inventory/index.js';
import { ExitCode } from '../../exit-codes.js';
import { INVENTORY_OPTIONS, withInventory } from '../../inventory-options.js';
import { parseOptions, stringOption } from '../../parse-options.js';
import type { Subcommand } from '../../subcommands.js';
import { parseAtOption } from '../../time-options.js';

/** How long one delivery may take before it counts as failed (it is tried again on the next run). */
const DELIVERY_TIMEOUT_MS = 15_000;

function postTo(url: string): AlertSender {
  return async (alert) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  };
}

function execProgram(program: string): AlertSender {
  return (alert) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(program, [], {
        stdio: ['pipe', 'ignore', 'inherit'],
        timeout: DELIVERY_TIMEOUT_MS,
        env: {
          ...process.env,
          CERTKIT_ALERT_KIND: alert.kind,
          CERTKIT_ALERT_NAME: alert.name,
          CERTKIT_ALERT_DOMAIN: alert.primaryDomain,
          CERTKIT_ALERT_DAYS_LEFT: String(alert.daysLeft),
          CERTKIT_ALERT_NOT_AFTER: alert.notAfter,
        },
      });
      child.on('error', reject);
      child.on('close', (code, signal) =>
        code === 0 ? resolve() : reject(new Error(`${program} exited ${code ?? signal}`)),
      );
      child.stdin.on('error', () => {});
      child.stdin.end(`${JSON.stringify(alert)}\n`);
    });
}

function alertLine(a: InventoryAlert): string {
  return `${a.kind.padEnd(8)} ${a.name} (${a.primaryDomain}) version ${a.version}: ${a.daysLeft} days left, notAfter ${a.notAfter}`;
}

/** `certkit inventory alerts`: due alerts; with --send or --exec, each delivered once across runs and replicas. */
export const inventoryAlerts: Subcommand = {
  summary: 'due expiry/revocation alerts; --send URL or --exec PROGRAM delivers each once',
  usage: `Usage: certkit inventory alerts --store DIR|postgres://… [--send URL | --exec PROGRAM] [--at ISO-DATE] [--json]

Without --send/--exec: lists the alerts due now (from 30 days before expiry, every few days) and
marks nothing. With --send URL (POST of the alert as JSON) or --exec PROGRAM (the alert as JSON on
standard input, CERTKIT_ALERT_* in the environment; exit 0 = delivered), each due alert is claimed
in the store before it is delivered, so it goes out once however many replicas or cron runs there
are; a failed delivery is released and tried again by the next run. Cron-friendly.

Exit codes: 0 nothing failed; 75 a delivery failed (try again later); 2 usage; 3 the store cannot be read.
`,
  async run(args, io) {
    const parsed = parseOptions('inventory alerts', args, {
      ...INVENTORY_OPTIONS,
      send: { type: 'string' },
      exec: { type: 'string' },
      at: { type: 'string' },
    });
    const url = stringOption(parsed, 'send');
    const program = stringOption(parsed, 'exec');
    if (url !== undefined && program !== undefined) {
      throw new CliError('ERR_CLI_USAGE', 'certkit inventory alerts: give --send or --exec, not both.', {
        details: { command: 'inventory alerts' },
      });
    }
    const at = parseAtOption(parsed, 'inventory alerts', io);
    const json = parsed.values.json === true;
    const sender = url !== undefined ? postTo(url) : program !== undefined ? execProgram(program) : undefined;
    return withInventory(parsed, io, 'inventory alerts', async ({ inventory }) => {
      if (sender === undefined) {
        const due = await inventory.dueAlerts(at);
        io.out(
          json
            ? `${JSON.stringify({ due }, null, 2)}\n`
            : due.length === 0
              ? 'No alerts due.\n'
              : `${due.map(alertLine).join('\n')}\n`,
        );
        return ExitCode.ok;
      }
      const sent: InventoryAlert[] = [];
      const onSent = (a: InventoryAlert) => sent.push(a);
      inventory.on('alert', onSent);
      try {
        await inventory.sendDueAlerts(sender, at);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        io.out(
          json
            ? `${JSON.stringify({ sent, failed: reason }, null, 2)}\n`
            : `${sent.map((a) => `sent ${alertLine(a)}`).join('\n')}${sent.length ? '\n' : ''}A delivery failed (it will be tried again): ${reason}\n`,
        );
        return ExitCode.tempFail;
      } finally {
        inventory.off('alert', onSent);
      }
      io.out(
        json
          ? `${JSON.stringify({ sent }, null, 2)}\n`
          : sent.length === 0
            ? 'No alerts due.\n'
            : `${sent.map((a) => `sent ${alertLine(a)}`).join('\n')}\n`,
      );
      return ExitCode.ok;
    });
  },
};

/** `certkit inventory metrics`: Prometheus text for a textfile collector. */
export const inventoryMetricsCommand: Subcommand = {
  summary: 'Prometheus metrics (expiry, days left, status, consumers) per record',
  usage: `Usage: certkit inventory metrics --store DIR|postgres://… [--at ISO-DATE]

Prints the inventory in the Prometheus text format: certkit_certificate_not_after_seconds,
certkit_certificate_days_left, certkit_certificate_status{status=…} and certkit_certificate_consumers
per record. For a node-exporter textfile collector: certkit inventory metrics --store DIR > certkit.prom.$$ && mv …
`,
  async run(args, io) {
    const parsed = parseOptions('inventory metrics', args, { ...INVENTORY_OPTIONS, at: { type: 'string' } });
    const at = parseAtOption(parsed, 'inventory metrics', io);
    const records = await withInventory(parsed, io, 'inventory metrics', ({ inventory }) =>
      inventory.list(at),
    );
    io.out(inventoryMetrics(records));
    return ExitCode.ok;
  },
};
