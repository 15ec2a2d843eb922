import { defineCodes } from './entry.js';

/** Codes for the certificate inventory and its storage backends. */
export const INVENTORY_CODES = defineCodes({
  ERR_STORAGE_INVALID_KEY: {
    summary: 'A storage key or lock name is not a valid path.',
    cause:
      'Keys are `/`-separated segments of `[A-Za-z0-9._-]`; an empty key or segment, `.` or `..`, a leading or trailing `/`, or any other character is refused so that no key can escape the storage directory.',
    action:
      'Build keys from safe names (for example a slug of the certificate name); `key` in the details shows the refused value.',
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
  ERR_STORAGE_CLOSED: {
    summary: 'The storage was used after `close()`.',
    cause: 'A call on a storage whose connections were already released.',
    action: 'Create a new storage instance, or close it only once every user is done.',
  },
});
