import type { PrivateKeySummary } from '../../keys/private-key.js';
import type { CertificateStatus } from '../../x509/certificate-status.js';
import type { CertificateSummary } from '../../x509/certificate-summary.js';

/** Where an object stood in its file: the PEM block's BEGIN line, or null for DER files. */
interface Located {
  readonly line: number | null;
  /** The keystore alias the object came from (PKCS#12 friendlyName, JKS alias). */
  readonly alias?: string;
}

/** One object found in a file by `certkit inspect`, in the stable `--json` shape. */
export type DescribedObject =
  | (Located & {
      readonly type: 'certificate';
      readonly certificate: CertificateSummary;
      readonly status: StatusJson;
    })
  | (Located & { readonly type: 'private-key'; readonly key: PrivateKeySummary })
  | (Located & { readonly type: 'encrypted-private-key'; readonly note: string })
  | (Located & {
      readonly type: 'public-key';
      readonly key: {
        algorithm: string;
        bits: number | null;
        curve: string | null;
        sha256Fingerprint: string;
      };
    })
  | (Located & { readonly type: 'csr'; readonly csr: unknown })
  | (Located & { readonly type: 'crl'; readonly crl: unknown })
  | (Located & { readonly type: 'other'; readonly label: string; readonly note: string })
  | (Located & {
      readonly type: 'error';
      readonly error: { code: string; message: string; details: unknown };
    });

/** A certificate status in JSON. */
export interface StatusJson {
  readonly status: CertificateStatus['status'];
  readonly daysRemaining: number;
  readonly at: string;
}

/** A file described by `certkit inspect`. */
export interface DescribedFile {
  readonly path: string;
  readonly format: string;
  readonly objects: readonly DescribedObject[];
  /** Set when the file could not be read or framed at all. */
  readonly error?: { code: string; message: string; details: unknown };
}
