import { CliError } from '../../../errors/area-errors.js';
import type { Consumer } from '../../../inventory/index.js';
import { ExitCode } from '../../exit-codes.js';
import { INVENTORY_OPTIONS, withInventory } from '../../inventory-options.js';
import { parseOptions } from '../../parse-options.js';
import type { Subcommand } from '../../subcommands.js';
import { parseAtOption } from '../../time-options.js';
import { recordJson, recordTable, recordText } from './record-output.js';

const STORE_USAGE = '--store DIR|postgres://…';

function nameArgument(positionals: readonly string[], command: string, what = 'NAME'): string {
  const name = positionals[0];
  if (name === undefined) {
    throw new CliError('ERR_CLI_USAGE', `certkit ${command}: ${what} is required.`, { details: { command } });
  }
  return name;
}

const CONSUMER_KINDS: readonly Consumer['kind'][] = [
  'reference',
  'tls-profile',
  'gateway-listener',
  'environment',
  'other',
];

/** `KIND:ID` (`reference:ref://gw/server`), or a bare id (kind `other`). */
export function parseConsumer(text: string, command: string): Consumer {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : 'other';
  if (!(CONSUMER_KINDS as readonly string[]).includes(kind)) {
    return { kind: 'other', id: text };
  }
  const id = colon > 0 ? text.slice(colon + 1) : text;
  if (id === '') {
    throw new CliError('ERR_CLI_USAGE', `certkit ${command}: the consumer "${text}" has no id.`, {
      details: { command },
    });
  }
  return { kind: kind as Consumer['kind'], id };
}

/** `certkit inventory list`. */
export const inventoryList: Subcommand = {
  summary: 'every record with its status, days left and use count',
  usage: `Usage: certkit inventory list ${STORE_USAGE} [--at ISO-DATE] [--json]\n\nLists every record: status, current version, primary domain, notAfter, days left, consumers.\n`,
  async run(args, io) {
    const parsed = parseOptions('inventory list', args, { ...INVENTORY_OPTIONS, at: { type: 'string' } });
    const at = parseAtOption(parsed, 'inventory list', io);
    const records = await withInventory(parsed, io, 'inventory list', ({ inventory }) => inventory.list(at));
    io.out(
      parsed.values.json === true
        ? `${JSON.stringify({ records: records.map(recordJson) }, null, 2)}\n`
        : recordTable(records),
    );
    return ExitCode.ok;
  },
};

/** `certkit inventory show NAME`. */
export const inventoryShow: Subcommand = {
  summary: 'one record: details, versions and where it is used',
  usage: `Usage: certkit inventory show NAME ${STORE_USAGE} [--at ISO-DATE] [--json]\n\nShows a record: subject, names, issuer, serial, fingerprint, signature algorithm, versions, consumers.\n`,
  async run(args, io) {
    const parsed = parseOptions('inventory show', args, { ...INVENTORY_OPTIONS, at: { type: 'string' } });
    const name = nameArgument(parsed.positionals, 'inventory show');
    const at = parseAtOption(parsed, 'inventory show', io);
    const record = await withInventory(parsed, io, 'inventory show', ({ inventory }) =>
      inventory.get(name, at),
    );
    io.out(
      parsed.values.json === true ? `${JSON.stringify(recordJson(record), null, 2)}\n` : recordText(record),
    );
    return ExitCode.ok;
  },
};

/** `certkit inventory delete NAME`: refused while the record is in use. */
export const inventoryDelete: Subcommand = {
  summary: 'delete a record (refused while it is in use)',
  usage: `Usage: certkit inventory delete NAME ${STORE_USAGE} [--json]\n\nDeletes a record and its keys. Refused (exit 1, ERR_INVENTORY_IN_USE, the consumers listed) while\nanything is bound to it: unbind first.\n`,
  async run(args, io) {
    const parsed = parseOptions('inventory delete', args, INVENTORY_OPTIONS);
    const name = nameArgument(parsed.positionals, 'inventory delete');
    const json = parsed.values.json === true;
    return withInventory(parsed, io, 'inventory delete', async ({ inventory }) => {
      try {
        await inventory.delete(name);
      } catch (error) {
        const e = error as { code?: unknown; message?: string; details?: { consumers?: Consumer[] } };
        if (e.code !== 'ERR_INVENTORY_IN_USE') throw error;
        const consumers = e.details?.consumers ?? [];
        io.out(
          json
            ? `${JSON.stringify({ deleted: false, name, code: e.code, consumers }, null, 2)}\n`
            : `REFUSED: ERR_INVENTORY_IN_USE: ${e.message}\n${consumers.map((c) => `  ${c.kind}:${c.id}`).join('\n')}\n`,
        );
        return ExitCode.checkFailed;
      }
      io.out(json ? `${JSON.stringify({ deleted: true, name }, null, 2)}\n` : `Deleted ${name}\n`);
      return ExitCode.ok;
    });
  },
};

function bindingCommand(verb: 'bind' | 'unbind'): Subcommand {
  const command = `inventory ${verb}`;
  return {
    summary:
      verb === 'bind'
        ? 'record that a consumer uses a certificate (delete protection)'
        : 'remove a consumer from a record',
    usage: `Usage: certkit inventory ${verb} NAME CONSUMER ${STORE_USAGE} [--json]\n\nCONSUMER is KIND:ID, KIND one of ${CONSUMER_KINDS.join(', ')} (e.g. reference:ref://gw/server);\na bare id is kind "other".\n`,
    async run(args, io) {
      const parsed = parseOptions(command, args, INVENTORY_OPTIONS);
      const name = nameArgument(parsed.positionals, command);
      const consumer = parseConsumer(nameArgument(parsed.positionals.slice(1), command, 'CONSUMER'), command);
      const changed = await withInventory(parsed, io, command, async ({ inventory }) => {
        if (verb === 'bind') {
          await inventory.bind(name, consumer);
          return true;
        }
        return inventory.unbind(name, consumer);
      });
      const json = { name, consumer, [verb === 'bind' ? 'bound' : 'unbound']: changed };
      io.out(
        parsed.values.json === true
          ? `${JSON.stringify(json, null, 2)}\n`
          : changed
            ? `${verb === 'bind' ? 'Bound' : 'Unbound'} ${consumer.kind}:${consumer.id} ${verb === 'bind' ? 'to' : 'from'} ${name}\n`
            : `${consumer.kind}:${consumer.id} was not bound to ${name}\n`,
      );
      return ExitCode.ok;
    },
  };
}

/** `certkit inventory bind NAME CONSUMER`. */
export const inventoryBind = bindingCommand('bind');
/** `certkit inventory unbind NAME CONSUMER`. */
export const inventoryUnbind = bindingCommand('unbind');
