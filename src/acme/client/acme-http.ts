import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AcmeError } from '../../errors/area-errors.js';

/** What acme-client reads from a response (the shape of an axios response it expects). */
export interface AcmeHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Parsed JSON when the body is JSON, the text otherwise, '' for HEAD. */
  readonly data: unknown;
}

/** How one HTTP exchange with the CA is made. */
export interface AcmeHttpOptions {
  /** Extra trusted roots (PEM) for the CA's HTTPS certificate; default: Node's roots. */
  readonly ca?: readonly string[] | undefined;
  /** Deadline for one request, connect to last byte, in milliseconds. */
  readonly timeoutMs: number;
  /** Largest body read, in bytes (a CA answering endless data is cut off). */
  readonly maxBodyBytes?: number;
  /** Aborts the request. */
  readonly signal?: AbortSignal | undefined;
}

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

function flattenHeaders(raw: NodeJS.Dict<string | string[]>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw))
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function parseBody(text: string, contentType: string | undefined, url: string): unknown {
  if (text === '') return '';
  if (contentType !== undefined && /json/i.test(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new AcmeError('ERR_ACME_BAD_RESPONSE', `The ACME server sent ${contentType} that is not JSON.`, {
        cause,
        details: { url, contentType },
      });
    }
  }
  return text;
}

/**
 * One HTTP request to the CA with a hard deadline and a body size cap. Network failures become
 * `ERR_ACME_UNREACHABLE` / `ERR_ACME_TIMEOUT` (details.url, details.reason); HTTP errors are returned.
 */
export function sendAcmeRequest(
  url: string,
  method: string,
  body: unknown,
  options: AcmeHttpOptions,
): Promise<AcmeHttpResponse> {
  const target = new URL(url);
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
  const payload = body === undefined || body === null ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, response?: AcmeHttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else if (response) resolve(response);
    };
    const req = send(
      target,
      {
        method,
        headers: {
          'User-Agent': 'certkit (acme-client)',
          Accept: 'application/json, application/pem-certificate-chain, */*',
          ...(payload ? { 'Content-Type': 'application/jose+json', 'Content-Length': payload.length } : {}),
        },
        ...(options.ca && options.ca.length > 0 ? { ca: [...options.ca] } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) {
            res.destroy();
            finish(
              new AcmeError('ERR_ACME_BAD_RESPONSE', `The ACME server sent more than ${maxBody} bytes.`, {
                details: { url, maxBodyBytes: maxBody },
              }),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (cause) => finish(unreachable(url, cause)));
        res.on('end', () => {
          try {
            const headers = flattenHeaders(res.headers);
            const text = Buffer.concat(chunks).toString('utf8');
            finish(undefined, {
              status: res.statusCode ?? 0,
              headers,
              data: parseBody(text, headers['content-type'], url),
            });
          } catch (error) {
            finish(error as Error);
          }
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(
        new AcmeError('ERR_ACME_TIMEOUT', `The ACME server did not answer within ${options.timeoutMs} ms.`, {
          details: { url, timeout: options.timeoutMs, step: 'request' },
        }),
      );
    }, options.timeoutMs);
    const onAbort = (): void => {
      req.destroy();
      finish(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (cause) => finish(unreachable(url, cause)));
    req.end(payload);
  });
}

function unreachable(url: string, cause: Error): AcmeError {
  const reason = (cause as NodeJS.ErrnoException).code ?? cause.name;
  return new AcmeError(
    'ERR_ACME_UNREACHABLE',
    `The ACME server at ${new URL(url).host} cannot be reached (${reason}).`,
    {
      cause,
      details: { url, reason },
    },
  );
}
