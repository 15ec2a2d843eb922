/**
 * Reads a Retry-After header (delay in seconds or an HTTP date) as the moment to retry; undefined when
 * absent or unreadable.
 *
 * @see RFC 9110 section 10.2.3
 */
export function parseRetryAfter(header: string | undefined, at: Date = new Date()): Date | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return new Date(at.getTime() + Number(text) * 1000);
  const when = Date.parse(text);
  return Number.isNaN(when) ? undefined : new Date(when);
}
