import { execFile } from 'node:child_process';
import { AcmeError } from '../../../errors/area-errors.js';
import type { Dns01Record, Dns01Solver } from '../dns-01-solver.js';

/** Options of {@link ExecDnsSolver}. */
export interface ExecDnsSolverOptions {
  /** The program to run (no shell): called as `<command> present|cleanup <name> <value> <domain>`. */
  readonly command: string;
  /** Arguments placed before the action. Default none. */
  readonly args?: readonly string[];
  /** Deadline per call, in ms. Default 120,000. */
  readonly timeoutMs?: number;
}

/**
 * A DNS-01 solver that runs a program of yours to add and remove the TXT value (the hook style of
 * certbot and lego): `hook present _acme-challenge.example.com <value> example.com`, then
 * `hook cleanup …` with the same arguments. The same values are also in the environment as
 * `CERTKIT_ACTION`, `CERTKIT_TXT_NAME`, `CERTKIT_TXT_VALUE` and `CERTKIT_DOMAIN`. A non-zero exit is
 * `ERR_ACME_SOLVER_FAILED` with the exit code and the end of stderr.
 *
 * @example
 * ```ts
 * import { AcmeOrderClient, ExecDnsSolver } from 'certkit/acme';
 * const dns01 = new ExecDnsSolver({ command: '/usr/local/bin/dns-hook' });
 * ```
 */
export class ExecDnsSolver implements Dns01Solver {
  readonly name = 'exec';
  readonly #options: ExecDnsSolverOptions;

  constructor(options: ExecDnsSolverOptions) {
    if (typeof options?.command !== 'string' || options.command === '')
      throw new TypeError('command must be a program path');
    this.#options = options;
  }

  /** Runs `<command> present <name> <value> <domain>`. */
  present(record: Dns01Record): Promise<void> {
    return this.#run('present', record);
  }

  /** Runs `<command> cleanup <name> <value> <domain>`. */
  cleanup(record: Dns01Record): Promise<void> {
    return this.#run('cleanup', record);
  }

  #run(action: 'present' | 'cleanup', record: Dns01Record): Promise<void> {
    const { command, args = [], timeoutMs = 120_000 } = this.#options;
    return new Promise((resolve, reject) => {
      execFile(
        command,
        [...args, action, record.name, record.value, record.domain],
        {
          timeout: timeoutMs,
          maxBuffer: 1024 * 1024,
          env: {
            ...process.env,
            CERTKIT_ACTION: action,
            CERTKIT_TXT_NAME: record.name,
            CERTKIT_TXT_VALUE: record.value,
            CERTKIT_DOMAIN: record.domain,
          },
        },
        (error, _stdout, stderr) => {
          if (!error) {
            resolve();
            return;
          }
          const exitCode = typeof error.code === 'number' ? error.code : null;
          reject(
            new AcmeError(
              'ERR_ACME_SOLVER_FAILED',
              `The DNS hook ${command} failed to ${action} ${record.name}.`,
              {
                cause: error,
                details: {
                  solver: 'exec',
                  command,
                  action,
                  exitCode,
                  signal: error.signal ?? null,
                  stderr: String(stderr).slice(-2000),
                },
              },
            ),
          );
        },
      );
    });
  }
}
