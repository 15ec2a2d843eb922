import type { CliCommand } from '../cli-command.js';
import { commandFamily } from '../subcommands.js';
import { envCreate, envDeploy, envDeployed, envSelect, envShow } from './env/env-commands.js';

/** `certkit env …`: environments, their current certificate and its deploy state. */
export const envCommand: CliCommand = commandFamily(
  'env',
  'Environments (development, staging, production…): one current certificate each, its variable name,\nand its deploy state (deployed, deploying, needs-deploy).',
  { create: envCreate, show: envShow, select: envSelect, deploy: envDeploy, deployed: envDeployed },
);
