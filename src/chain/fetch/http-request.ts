import { RevocationError } from '../../errors/area-errors.js';

/** Default time limit for one fetch: 10 seconds. */
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** Default size limit for one fetch: 10 MiB (large CRLs run to a few MiB). */
export const DEFAULT_FETCH_MAX_BYTES = 10 * 1024 * 1024;

/** @internal One HTTP(S) exchange with Node's global `fetch`, a time limit and a size limit. */
export async function httpRequest(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: Uint8Array },
  limits: { timeoutMs: number; maxBytes: number },
): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new RevocationError('ERR_REVOCATION_FETCH_FAILED', `Not a valid URL: ${url}.`, {
      cause,
      details: { url },
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RevocationError(
      'ERR_REVOCATION_FETCH_FAILED',
      `Cannot fetch ${url}: only http and https URLs are supported.`,
      { details: { url, protocol: parsed.protocol } },
    );
  }
  const { timeoutMs, maxBytes } = limits;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const timeoutError = (cause?: unknown): RevocationError =>
    new RevocationError('ERR_REVOCATION_FETCH_TIMEOUT', `Fetching ${url} took longer than ${timeoutMs} ms.`, {
      details: { url, timeoutMs },
      ...(cause === undefined ? {} : { cause }),
    });
  try {
    let response: Response;
    try {
      response = await fetch(parsed, {
        method: init.method,
        headers: init.headers,
        redirect: 'follow',
        signal: controller.signal,
        ...(init.body === undefined ? {} : { body: init.body }),
      });
    } catch (cause) {
      if (timedOut) throw timeoutError(cause);
      throw new RevocationError('ERR_REVOCATION_FETCH_FAILED', `Fetching ${url} failed.`, {
        cause,
        details: { url, reason: cause instanceof Error ? cause.message : String(cause) },
      });
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new RevocationError(
        'ERR_REVOCATION_FETCH_FAILED',
        `Fetching ${url} failed with HTTP status ${response.status}.`,
        { details: { url, status: response.status } },
      );
    }
    const tooLarge = (): RevocationError =>
      new RevocationError(
        'ERR_REVOCATION_FETCH_TOO_LARGE',
        `The response from ${url} exceeds ${maxBytes} bytes.`,
        {
          details: { url, maxBytes },
        },
      );
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body !== null) {
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.length;
          if (total > maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw tooLarge();
          }
          chunks.push(value);
        }
      } catch (cause) {
        if (cause instanceof RevocationError) throw cause;
        if (timedOut) throw timeoutError(cause);
        throw new RevocationError('ERR_REVOCATION_FETCH_FAILED', `Reading the response from ${url} failed.`, {
          cause,
          details: { url },
        });
      }
    }
    const out = new Uint8Array(total);
    let pos = 0;
    for (const c of chunks) {
      out.set(c, pos);
      pos += c.length;
    }
    return out;
  } finally {
    clearTimeout(timer);
  }
}
