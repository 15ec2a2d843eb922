import type { AlertPolicy } from './alert-schedule.js';
import type { StoredRecord, VersionStatus } from './record.js';
import { versionStatus } from './record-view.js';

/**
 * An environment's deployment state: `deployed` (the chosen version is deployed), `deploying`, or
 * `needs-deploy` (the chosen version is not the deployed one).
 *
 * @example
 * ```ts
 * import type { DeploymentState } from 'certkit/inventory';
 * const s: DeploymentState = 'needs-deploy';
 * ```
 */
export type DeploymentState = 'deployed' | 'deploying' | 'needs-deploy';

/**
 * An environment (development, staging, production…) and the certificate version it points at.
 *
 * @example
 * ```ts
 * import type { EnvironmentView } from 'certkit/inventory';
 * const line = (e: EnvironmentView) => `${e.name} ${e.record}@${e.version} ${e.state}`;
 * ```
 */
export interface EnvironmentView {
  readonly name: string;
  readonly kind: string;
  readonly project: string;
  /**
   * The name rules and templates use to refer to this environment's certificate (an identifier,
   * unique in the project; default `cert_<environment>`). Environments stored before it existed show
   * the default.
   */
  readonly variable: string;
  readonly record?: string;
  readonly version?: number;
  readonly deployedRecord?: string;
  readonly deployedVersion?: number;
  readonly state: DeploymentState;
  /** The status of the chosen version (`obsolete` when an older version is chosen). */
  readonly versionStatus?: VersionStatus;
}

/** @internal The JSON kept under `inventory/environments/<name>`. */
export type StoredEnvironment = Omit<EnvironmentView, 'state' | 'versionStatus' | 'variable'> & {
  /** Absent in environments stored before variable names existed. */
  readonly variable?: string;
  readonly deploying: boolean;
};

/** @internal The caller's view of an environment, with the status of its chosen version at `at`. */
export function environmentView(
  policy: AlertPolicy,
  e: StoredEnvironment,
  r: StoredRecord | undefined,
  at: Date,
): EnvironmentView {
  const selected = e.record !== undefined && e.version !== undefined;
  const deployed = selected && e.deployedRecord === e.record && e.deployedVersion === e.version;
  const state: DeploymentState = e.deploying ? 'deploying' : deployed ? 'deployed' : 'needs-deploy';
  const v = r?.versions.find((x) => x.version === e.version);
  return {
    name: e.name,
    kind: e.kind,
    project: e.project,
    variable: e.variable ?? `cert_${e.name.replace(/[^A-Za-z0-9_]/g, '_')}`,
    ...(e.record === undefined ? {} : { record: e.record }),
    ...(e.version === undefined ? {} : { version: e.version }),
    ...(e.deployedRecord === undefined ? {} : { deployedRecord: e.deployedRecord }),
    ...(e.deployedVersion === undefined ? {} : { deployedVersion: e.deployedVersion }),
    state,
    ...(r === undefined || v === undefined
      ? {}
      : { versionStatus: versionStatus(policy, r, v, at.getTime()) }),
  };
}
