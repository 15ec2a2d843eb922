import type { CliCommand } from '../cli-command.js';
import { bundleCommand } from './bundle.js';
import { inspectCommand } from './inspect.js';
import { matchCommand } from './match.js';
import { orderCommand } from './order.js';
import { p12Command } from './p12.js';
import { renewCommand } from './renew.js';
import { statusCommand } from './status.js';
import { verifyCommand } from './verify.js';

/** Every `certkit` command, in the order `certkit --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  inspectCommand,
  matchCommand,
  verifyCommand,
  bundleCommand,
  p12Command,
  statusCommand,
  orderCommand,
  renewCommand,
];
