import { defineCodes } from './entry.js';

/** Codes for the certificate inventory and its storage backends. */
export const INVENTORY_CODES = defineCodes({
  ERR_STORAGE_INVALID_KEY: {
    summary: 'A storage key or lock name is not a valid path.',
    cause:
      'Keys are `/`-separated segments of `[A-Za-z0-9._-]`; an empty key or segment, `.` or `..`, a leading or trailing `/`, or any other character is refused so that no key can escape the storage directory.',
    action:
      'Build keys from safe names (for example a slug of the certificate name); `storageKey` in the details shows the refused value.',
  },
  ERR_STORAGE_CONFLICT: {
    summary: 'A compare-and-swap write or delete found another version than the one expected.',
    cause:
      'Another process or task wrote or deleted the key after the caller read it (`expected` and `actual` versions in the details; `actual` is null when the key does not exist).',
    action:
      'Read the key again, re-apply the change to the new value and retry the write with the new version.',
  },
  ERR_STORAGE_CORRUPT: {
    summary: 'A stored value cannot be read back: its header or framing is damaged.',
    cause:
      'The file was edited or truncated by something other than certkit (certkit writes atomically, so a crash leaves the old or the new value, never a torn one).',
    action: 'Restore the file named in `path` from a backup, or delete it if the record can be re-imported.',
  },
  ERR_STORAGE_BUSY: {
    summary: 'The per-key write lock of a storage key stayed taken for too long.',
    cause:
      'Another live process held the key for longer than the wait limit (a very slow disk, or a stuck process that still runs and so cannot be judged dead).',
    action: 'Retry; if it persists, find the holder named in `holder` (pid and host) and stop it.',
  },
  ERR_STORAGE_DRIVER_MISSING: {
    summary: 'PostgresStorage was used but the `pg` package is not installed.',
    cause: '`pg` is an optional peer dependency: certkit loads it only when PostgresStorage is used.',
    action: 'Install it next to certkit: `npm install pg`.',
  },
  ERR_STORAGE_UNAVAILABLE: {
    summary: 'The storage backend could not be reached or refused the operation.',
    cause:
      'PostgreSQL is down or unreachable, refused the login, or answered an error (missing schema, no privilege, disk full); `reason` holds the driver or SQLSTATE code and `cause` the original error.',
    action:
      'Check the connection string, that the server runs and accepts this client, and that the schema exists and the role may create tables in it (or run `migrate()` with a role that may).',
  },
  ERR_STORAGE_CLOSED: {
    summary: 'The storage was used after `close()`.',
    cause: 'A call on a storage whose connections were already released.',
    action: 'Create a new storage instance, or close it only once every user is done.',
  },
  ERR_INVENTORY_NAME_EXISTS: {
    summary: 'A certificate record with this name already exists in the inventory.',
    cause: '`import` was called with a name that holds a record, without `newVersion: true`.',
    action:
      'Pass `{ newVersion: true }` to add the certificate as the new current version, or choose another name.',
  },
  ERR_INVENTORY_DELETED: {
    summary: 'The name belonged to a certificate record that was deleted.',
    cause: 'A tombstone keeps deleted names so that a deleted certificate cannot come back by accident.',
    action: 'Pass `{ reuseDeletedName: true }` to `import` if the name is meant to be used again.',
  },
  ERR_INVENTORY_IN_USE: {
    summary: 'The certificate record is in use and cannot be deleted.',
    cause:
      'One or more consumers (references, TLS profiles, gateway listeners, environments) are bound to it; `consumers` in the details lists them.',
    action: 'Re-point or unbind each consumer (`unbind`), then delete.',
  },
  ERR_INVENTORY_NOT_FOUND: {
    summary: 'No certificate record (or version) has this name.',
    cause: 'The name or version was mistyped, or the record was deleted.',
    action: 'List the records with `list()` and use one of their names and versions.',
  },
  ERR_INVENTORY_INVALID_NAME: {
    summary: 'A record or environment name is not allowed.',
    cause: 'Names are 1 to 100 characters of `[A-Za-z0-9._-]` and do not start with a dot.',
    action: 'Use a slug of the certificate name (for example `api-example-com`).',
  },
  ERR_INVENTORY_PLAINTEXT_KEY: {
    summary: 'A private key would be stored unencrypted.',
    cause: 'The inventory has no master passphrase and `allowPlaintextKeys` is not set.',
    action:
      'Give the inventory a `passphrase` so keys are kept encrypted at rest, or set `allowPlaintextKeys: true` knowingly.',
  },
  ERR_INVENTORY_KEY_UNAVAILABLE: {
    summary: 'The stored private key cannot be read back.',
    cause: 'The record has no key, or the master passphrase is wrong or missing.',
    action: 'Open the inventory with the passphrase the key was stored with.',
  },
  ERR_INVENTORY_UNKNOWN_ENVIRONMENT: {
    summary: 'No environment has this name.',
    cause: 'The environment was not created with `addEnvironment`.',
    action: 'Create it first with `addEnvironment(name, { kind })`.',
  },
  ERR_INVENTORY_ENVIRONMENT_EXISTS: {
    summary: 'The environment, or an environment of the same kind in the project, already exists.',
    cause:
      'At most one environment of each kind per project is allowed unless `multipleEnvironmentsPerKind` is set; `existing` in the details names it.',
    action:
      'Use the existing environment, another project, or open the inventory with `multipleEnvironmentsPerKind: true`.',
  },
  ERR_INVENTORY_VERSION_EXPIRED: {
    summary: 'The version chosen for an environment is expired: it cannot be selected or deployed.',
    cause:
      '`selectVersion` named, or `markDeploying` / `markDeployed` found chosen, a version whose notAfter is before now (`details.notAfter`). Obsolete versions that are still valid stay selectable.',
    action: 'Select a version that is still valid (import a renewed certificate first if there is none).',
  },
  ERR_INVENTORY_CONTENTION: {
    summary: 'An inventory update kept losing its compare-and-swap race.',
    cause:
      'Many processes wrote the same record at the same time; the update was retried and gave up (nothing was written).',
    action: 'Retry the operation.',
  },
  ERR_INVENTORY_CORRUPT: {
    summary: 'A stored inventory value is not a valid record.',
    cause: 'The value under `key` was written by something other than certkit or by an incompatible version.',
    action: 'Restore it from a backup or delete the key and import the certificate again.',
  },
  ERR_INVENTORY_STORE_MISSING: {
    summary: 'The inventory store directory does not exist.',
    cause:
      '`certkit status --store DIR` (or a caller) named a directory that is not there; nothing is created when only reading.',
    action: 'Check the path (`dir` in the details), or import certificates into it first.',
  },
});
