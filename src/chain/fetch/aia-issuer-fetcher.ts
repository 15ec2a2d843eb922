import { RevocationError } from '../../errors/area-errors.js';
import { createInFlight } from '../../internal/in-flight.js';
import type { Certificate } from '../../x509/certificate.js';
import { createHttpFetcher, type Fetcher } from './fetcher.js';
import { DEFAULT_FETCH_TIMEOUT_MS } from './http-request.js';
import { readIssuerFile } from './issuer-file.js';

/** A cache of what caIssuers URLs served. A `Map<string, readonly Certificate[]>` fits. */
export interface IssuerCache {
  get(url: string): readonly Certificate[] | undefined;
  set(url: string, certificates: readonly Certificate[]): unknown;
}

/** Options of {@link createAiaIssuerFetcher}. */
export interface AiaIssuerFetcherOptions {
  /** How URLs are fetched. Default: HTTP GET ({@link createHttpFetcher}). */
  readonly fetcher?: Fetcher;
  /**
   * Network fetches (cache misses) this instance may make over its lifetime; then it throws
   * `ERR_REVOCATION_AIA_LIMIT`. Default 8. Create one per chain and share a cache between them.
   */
  readonly maxFetches?: number;
  /** Remembers what each URL served. Default: a new in-memory map per instance. */
  readonly cache?: IssuerCache;
  /** Time limit per fetch in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Size limit per fetch in bytes. Default 1 MiB. */
  readonly maxBytes?: number;
}

/**
 * Fetches issuer certificates from AIA caIssuers URLs. Call it with a URL and the certificate that
 * names it (the shape `verifyChain`'s `fetchIssuer` option takes), or with a certificate alone to fetch
 * every HTTP(S) caIssuers URL it names.
 */
export interface AiaIssuerFetcher {
  (url: string, forCert: Certificate): Promise<readonly Certificate[]>;
  (cert: Certificate): Promise<readonly Certificate[]>;
}

/**
 * Creates an AIA caIssuers fetcher (off by default in `verifyChain`: pass it as `fetchIssuer`). It
 * fetches through the replaceable {@link Fetcher}, reads DER certificates, PKCS#7 certs-only bundles
 * (`application/pkcs7-mime`, parsed with certkit's DER reader) and PEM, caches per URL, and stops after
 * `maxFetches` network fetches.
 *
 * @throws RevocationError from the returned function: `ERR_REVOCATION_FETCH_FAILED`,
 *   `ERR_REVOCATION_FETCH_TIMEOUT`, `ERR_REVOCATION_FETCH_TOO_LARGE`, `ERR_REVOCATION_PKCS7_MALFORMED`,
 *   `ERR_REVOCATION_AIA_LIMIT` (when a certificate is given, only if no URL gave any certificate).
 * @example
 * ```ts
 * import { createAiaIssuerFetcher, verifyChain } from 'certkit/chain';
 * const result = await verifyChain(leaf, { trust, fetchIssuer: createAiaIssuerFetcher({ maxFetches: 4 }) });
 * ```
 * @see RFC 5280 section 4.2.2.1
 */
export function createAiaIssuerFetcher(options: AiaIssuerFetcherOptions = {}): AiaIssuerFetcher {
  const fetcher = options.fetcher ?? createHttpFetcher();
  if (typeof fetcher.fetch !== 'function') throw new TypeError('fetcher.fetch must be a function');
  const cache: IssuerCache = options.cache ?? new Map<string, readonly Certificate[]>();
  const maxFetches = options.maxFetches ?? 8;
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  let fetches = 0;
  const inFlight = createInFlight<readonly Certificate[]>();

  const fetchUrl = (url: string): Promise<readonly Certificate[]> => {
    const cached = cache.get(url);
    if (cached !== undefined) return Promise.resolve(cached);
    return inFlight.run(url, async () => {
      if (fetches >= maxFetches) {
        throw new RevocationError(
          'ERR_REVOCATION_AIA_LIMIT',
          `No more than ${maxFetches} AIA fetches are allowed.`,
          {
            details: { url, maxFetches },
          },
        );
      }
      fetches++;
      const bytes = await fetcher.fetch(url, {
        accept: 'application/pkix-cert, application/pkcs7-mime',
        timeoutMs,
        maxBytes,
      });
      const certs = readIssuerFile(bytes);
      cache.set(url, certs);
      return certs;
    });
  };

  const aia = async (a: string | Certificate, forCert?: Certificate): Promise<readonly Certificate[]> => {
    if (typeof a === 'string') {
      if (forCert === undefined) throw new TypeError('fetchIssuer(url, forCert) needs the certificate');
      return fetchUrl(a);
    }
    if (a === null || typeof a !== 'object')
      throw new TypeError('fetchIssuer expects a Certificate or a URL');
    const urls = a.authorityInfoAccess.caIssuers.filter((u) => /^https?:/i.test(u));
    const out: Certificate[] = [];
    let firstError: unknown;
    for (const url of urls) {
      try {
        out.push(...(await fetchUrl(url)));
      } catch (e) {
        firstError ??= e;
      }
    }
    if (out.length === 0 && firstError !== undefined) throw firstError;
    return out;
  };
  return aia as AiaIssuerFetcher;
}
