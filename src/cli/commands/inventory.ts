import type { CliCommand } from '../cli-command.js';
import { commandFamily } from '../subcommands.js';
import { inventoryAlerts, inventoryMetricsCommand } from './inventory/inventory-alerts.js';
import { inventoryImport } from './inventory/inventory-import.js';
import {
  inventoryBind,
  inventoryDelete,
  inventoryList,
  inventoryShow,
  inventoryUnbind,
} from './inventory/inventory-records.js';

/** `certkit inventory …`: the certificate inventory kept in a store. */
export const inventoryCommand: CliCommand = commandFamily(
  'inventory',
  'The certificate inventory in a store (--store DIR or postgres://…): upload-checked records, versions,\nwhere each is used, expiry alerts and metrics.',
  {
    import: inventoryImport,
    list: inventoryList,
    show: inventoryShow,
    delete: inventoryDelete,
    bind: inventoryBind,
    unbind: inventoryUnbind,
    alerts: inventoryAlerts,
    metrics: inventoryMetricsCommand,
  },
);
