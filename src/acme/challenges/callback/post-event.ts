import { AcmeError } from '../../../errors/area-errors.js';
import type { DomainValidationEvent } from './domain-validation-event.js';

/** @internal The URL as it may appear in errors: no user info, query or fragment. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function failed(
  message: string,
  url: URL,
  event: DomainValidationEvent,
  extra: Record<string, unknown>,
  cause?: unknown,
): AcmeError {
  return new AcmeError('ERR_ACME_CALLBACK_FAILED', message, {
    ...(cause === undefined ? {} : { cause }),
    details: { solver: 'callback', url: displayUrl(url), event_type: event.event_type, ...extra },
  });
}

/**
 * @internal POSTs the event as JSON (one attempt, bounded by `timeoutMs` and `signal`: either ending it
 * is a `timeout` failure); resolves on a 2xx answer. Redirects are not followed (the
 * Authorization header must not travel to another server). Header values never appear in errors.
 */
export async function postEvent(
  url: URL,
  event: DomainValidationEvent,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  let response: Response;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'certkit', ...headers },
      body: JSON.stringify(event),
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw failed(`The callback ${displayUrl(url)} did not answer within ${timeoutMs} ms.`, url, event, {
        reason: 'timeout',
        timeout: timeoutMs,
      });
    }
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    const reason = typeof code === 'string' ? code : 'network error';
    // the cause is kept only as a code: undici's errors can quote the request
    throw failed(`The callback ${displayUrl(url)} could not be reached (${reason}).`, url, event, { reason });
  }
  // free the connection; the answer's body is not used
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status > 299) {
    throw failed(
      `The callback ${displayUrl(url)} answered HTTP ${response.status} to ${event.event_type}.`,
      url,
      event,
      { status: response.status },
    );
  }
}
