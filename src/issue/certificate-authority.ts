import { inspect } from 'node:util';
import { IssueError } from '../errors/area-errors.js';
import type { PrivateKey } from '../keys/private-key.js';
import type { Storage } from '../storage/storage.js';
import type { Certificate } from '../x509/certificate.js';
import type { CertificateRevocationList } from '../x509/certificate-revocation-list.js';
import { parseCertificate } from '../x509/parse-certificate.js';
import type {
  CertificateAuthorityOptions,
  CreateCaOptions,
  CrlOptions,
  IssueCertificateOptions,
  IssuedCertificate,
  Revocation,
  RevocationReason,
  RevokeOptions,
} from './ca-options.js';
import { caKeys, caNotFound, openKey, readState, updateState } from './ca-state.js';
import { createCa } from './create-ca.js';
import { type Issuer, issueLeaf } from './issue-leaf.js';
import { loadPeculiarX509 } from './load-peculiar.js';
import { makeCrl, REASON_CODES } from './make-crl.js';
import { signingKeyOf } from './signing-key.js';

/** The signer of each CA instance (the instance is frozen, so it is kept beside it). */
const ISSUERS = new WeakMap<CertificateAuthority, Issuer>();

/** Serial text as stored: upper-case hex without separators or a `0x`, an even number of digits. */
function normaliseSerial(serial: string): string {
  if (typeof serial !== 'string') throw new TypeError('serial must be a hex string');
  let hex = serial.replace(/^0x/i, '').replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex)) throw new TypeError(`serial must be hex (got ${JSON.stringify(serial)})`);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return hex;
}

/**
 * A small certificate authority for private PKIs (mTLS between services, internal endpoints): a root,
 * optionally an intermediate that does the issuing, leaf certificates for servers and clients, revocation
 * and CRLs. The key (sealed with the passphrase) and the state live in a certkit `Storage`, so several
 * processes on one PostgreSQL storage share one CA; serials are random, state changes compare-and-swap.
 *
 * @example
 * ```ts
 * import { FileStorage } from 'certkit/storage';
 * import { CertificateAuthority } from 'certkit/issue';
 * const storage = new FileStorage({ dir: '/var/lib/myapp/ca' });
 * const ca = await CertificateAuthority.create({ storage, subject: 'CN=Example Private Root', passphrase });
 * const server = await ca.issue({ dnsNames: ['api.internal'], purpose: 'server' });
 * const client = await ca.issue({ subject: 'CN=billing', purpose: 'client' });
 * await ca.revoke(client.serialNumber, { reason: 'keyCompromise' });
 * const crl = await ca.crl();
 * ```
 * @see RFC 5280
 */
export class CertificateAuthority {
  /** The CA's name in the storage. */
  readonly name: string;
  /** The certificate that issues: the intermediate when there is one, else the root. */
  readonly certificate: Certificate;
  /** The issuing certificate first, the root last. */
  readonly chain: readonly Certificate[];
  readonly #storage: Storage;
  readonly #key: PrivateKey;

  private constructor(name: string, chain: readonly Certificate[], storage: Storage, key: PrivateKey) {
    this.name = name;
    this.chain = Object.freeze([...chain]);
    this.certificate = chain[0] as Certificate;
    this.#storage = storage;
    this.#key = key;
    Object.freeze(this);
  }

  /** The root certificate: what relying parties put in their truststore. */
  get root(): Certificate {
    return this.chain[this.chain.length - 1] as Certificate;
  }

  /**
   * Creates a CA in the storage: a self-signed root (and an intermediate when asked), keys sealed.
   *
   * @throws IssueError `ERR_ISSUE_CA_EXISTS` when the storage holds a CA of that name,
   *   `ERR_ISSUE_BAD_NAME`, `ERR_ISSUE_KEY_UNSUPPORTED`; storage errors as the storage throws them.
   * @example
   * ```ts
   * import { CertificateAuthority } from 'certkit/issue';
   * const ca = await CertificateAuthority.create({ storage, subject: 'CN=Root', intermediate: { subject: 'CN=Issuing' } });
   * ```
   */
  static async create(options: CreateCaOptions): Promise<CertificateAuthority> {
    const name = options.name ?? 'default';
    const { chain, key } = await createCa(options, name);
    return new CertificateAuthority(name, chain, options.storage, key);
  }

  /**
   * Opens a CA made by {@link CertificateAuthority.create} (in this process or another).
   *
   * @throws IssueError `ERR_ISSUE_CA_NOT_FOUND`, `ERR_ISSUE_CA_KEY_UNAVAILABLE` (wrong or missing passphrase).
   * @example
   * ```ts
   * import { CertificateAuthority } from 'certkit/issue';
   * const ca = await CertificateAuthority.open({ storage, passphrase: process.env.CA_PASSPHRASE });
   * ```
   */
  static async open(options: CertificateAuthorityOptions): Promise<CertificateAuthority> {
    const name = options.name ?? 'default';
    const keys = caKeys(name);
    const current = await readState(options.storage, keys.state);
    if (current === undefined) throw caNotFound(keys.state);
    const key = await openKey(options.storage, keys.key, options.passphrase);
    const chain = current.state.chain.map((pem) => parseCertificate(pem));
    return new CertificateAuthority(name, chain, options.storage, key);
  }

  /**
   * Issues a leaf certificate for a CSR, a public key, or a fresh key it makes: basicConstraints cA=false,
   * keyUsage and extendedKeyUsage by purpose, key identifiers, the alternative names, a random 16-byte
   * serial, and a short validity (default 30 days). The certificate is recorded in the storage.
   *
   * @throws IssueError `ERR_ISSUE_CSR_REFUSED` (CSR signature does not verify), `ERR_ISSUE_BAD_NAME`,
   *   `ERR_ISSUE_OUTLIVES_CA`; X509Error/PemError for a CSR that cannot be read.
   * @example
   * ```ts
   * const { certificate, chain, privateKey } = await ca.issue({ subject: 'CN=billing', purpose: 'client', days: 7 });
   * ```
   * @see RFC 5280 section 4.2.1, CA/B BR 7.1.2.7
   */
  async issue(options: IssueCertificateOptions = {}): Promise<IssuedCertificate> {
    const lib = await loadPeculiarX509();
    const { certificate, privateKey } = await issueLeaf(lib, this.#issuer(), options);
    const serialNumber = certificate.serialNumber;
    await this.#storage.put(
      caKeys(this.name).issued(serialNumber),
      new TextEncoder().encode(certificate.pem),
      {
        expectedVersion: null,
      },
    );
    return { certificate, chain: [certificate, ...this.chain], privateKey, serialNumber };
  }

  /**
   * Records a revocation of a certificate this CA issued; the next {@link CertificateAuthority.crl}
   * lists it. Revoking a serial twice keeps the first record.
   *
   * @throws IssueError `ERR_ISSUE_SERIAL_UNKNOWN` for a serial this CA never issued.
   * @throws TypeError for a serial that is not hex, or an unknown reason.
   * @example
   * ```ts
   * await ca.revoke('5F3A…', { reason: 'keyCompromise' });
   * ```
   * @see RFC 5280 section 5.3.1
   */
  async revoke(serial: string, options: RevokeOptions = {}): Promise<Revocation> {
    const serialNumber = normaliseSerial(serial);
    const reason = options.reason ?? 'unspecified';
    if (!Object.hasOwn(REASON_CODES, reason)) {
      throw new TypeError(`reason must be one of ${Object.keys(REASON_CODES).join(', ')}`);
    }
    const keys = caKeys(this.name);
    if ((await this.#storage.get(keys.issued(serialNumber))) === undefined) {
      throw new IssueError('ERR_ISSUE_SERIAL_UNKNOWN', `This CA never issued serial ${serialNumber}.`, {
        details: { serialNumber, ca: this.certificate.subject.toString() },
      });
    }
    const at = options.at ?? new Date();
    return updateState(this.#storage, keys.state, (state) => {
      const old = state.revoked.find((r) => r.serialNumber === serialNumber);
      if (old !== undefined) {
        const result = { ...toRevocation(old), isNew: false };
        return { state, result };
      }
      const record = { serialNumber, revokedAt: at.toISOString(), reason };
      return {
        state: { ...state, revoked: [...state.revoked, record] },
        result: { ...toRevocation(record), isNew: true },
      };
    });
  }

  /**
   * The revocations recorded so far, oldest first.
   *
   * @throws IssueError `ERR_ISSUE_CA_NOT_FOUND` when the state has gone from the storage.
   * @example
   * ```ts
   * for (const r of await ca.revocations()) console.log(r.serialNumber, r.reason);
   * ```
   */
  async revocations(): Promise<Revocation[]> {
    const key = caKeys(this.name).state;
    const current = await readState(this.#storage, key);
    if (current === undefined) throw caNotFound(key);
    return current.state.revoked.map((r) => ({ ...toRevocation(r), isNew: false }));
  }

  /**
   * Signs a new CRL listing every revocation, with the next CRL number (RFC 5280 section 5.2.3: numbers
   * only grow, even when two processes publish at once).
   *
   * @throws IssueError `ERR_ISSUE_CA_NOT_FOUND` when the state has gone from the storage.
   * @example
   * ```ts
   * const crl = await ca.crl({ days: 7 });
   * await writeFile('ca.crl', crl.pem);
   * ```
   * @see RFC 5280 section 5
   */
  async crl(options: CrlOptions = {}): Promise<CertificateRevocationList> {
    const days = options.days ?? 7;
    if (!Number.isFinite(days) || days <= 0) throw new TypeError('days must be a positive number');
    const lib = await loadPeculiarX509();
    const { number, revoked } = await updateState(this.#storage, caKeys(this.name).state, (state) => ({
      state: { ...state, nextCrlNumber: state.nextCrlNumber + 1 },
      result: { number: state.nextCrlNumber, revoked: state.revoked },
    }));
    const thisUpdate = options.at ?? new Date();
    const nextUpdate = new Date(thisUpdate.getTime() + days * 86_400_000);
    return makeCrl(lib, this.#issuer(), revoked, number, thisUpdate, nextUpdate);
  }

  /** The issuing certificate and its signer (made once: the key's KeyObject and algorithm). */
  #issuer(): Issuer {
    ISSUERS.set(
      this,
      ISSUERS.get(this) ?? { certificate: this.certificate, signer: signingKeyOf(this.#key) },
    );
    return ISSUERS.get(this) as Issuer;
  }

  /** Public facts only: name, subject, root, validity. */
  toJSON(): { name: string; subject: string; root: string; notAfter: string; chainLength: number } {
    return {
      name: this.name,
      subject: this.certificate.subject.toString(),
      root: this.root.subject.toString(),
      notAfter: this.certificate.notAfter.toISOString(),
      chainLength: this.chain.length,
    };
  }

  /** @internal */
  [inspect.custom](): string {
    return `CertificateAuthority ${inspect(this.toJSON())}`;
  }
}

function toRevocation(r: {
  serialNumber: string;
  revokedAt: string;
  reason: string;
}): Omit<Revocation, 'isNew'> {
  return {
    serialNumber: r.serialNumber,
    revokedAt: new Date(r.revokedAt),
    reason: r.reason as RevocationReason,
  };
}
