import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A default lock owner: host name, process id and a random suffix. */
export function defaultLockOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** A random token that identifies one acquisition of a lock. */
export function lockToken(): string {
  return randomBytes(12).toString('hex');
}
