import { inspect } from 'node:util';
import { buildChain } from '../../../src/chain/index.js';
import { isCertkitError } from '../../../src/errors/index.js';
import { berToDer } from '../../../src/internal/der/index.js';
import { parsePrivateKey, parsePublicKey } from '../../../src/keys/index.js';
import { classifyDer } from '../../../src/pem/index.js';
import { readPfx } from '../../../src/stores/formats/pkcs12/pfx-structure.js';
import { readAuthenticatedSafe, readSafeBags } from '../../../src/stores/formats/pkcs12/safe-bags.js';
import { readJks, readPkcs12 } from '../../../src/stores/index.js';
import {
  Certificate,
  CertificateRequest,
  CertificateRevocationList,
  type DistinguishedName,
  parseCertificates,
} from '../../../src/x509/index.js';
import { parseOcspResponse } from '../../../src/x509/ocsp-response.js';
import { parsePkcs7Certificates } from '../../../src/x509/pkcs7-certificates.js';
import { certkitTree } from './der-tree.js';
import type { Seeds } from './seeds.js';

/**
 * Every parser certkit has, driven through every getter, `toJSON`, `util.inspect` and the functions
 * that consume its result. A target returns normally or throws; the harness accepts a thrown
 * `CertkitError` (bad data) and reports anything else as a non-coded exception.
 */
export interface FuzzTarget {
  readonly name: string;
  /** Which seeds to mutate. */
  readonly seeds: keyof Seeds;
  /** Runs the parser and everything downstream; `tolerate` runs one step that may fail with a CertkitError. */
  readonly run: (bytes: Uint8Array, tolerate: (step: () => unknown) => void) => void;
}

function touchName(dn: DistinguishedName): void {
  dn.toString();
  dn.toOpenSslString();
  void dn.canonical;
  dn.get('CN');
  dn.equals(dn);
}

/** Every getter of a certificate (the x509 property test reads them all too). */
export const CERT_GETTERS = [
  'pem',
  'version',
  'serialNumber',
  'serialNumberBytes',
  'subject',
  'issuer',
  'notBefore',
  'notAfter',
  'extensions',
  'subjectAltNames',
  'issuerAltNames',
  'keyUsage',
  'extendedKeyUsage',
  'basicConstraints',
  'isCA',
  'subjectKeyIdentifier',
  'authorityKeyIdentifier',
  'authorityInfoAccess',
  'authorityInfoAccessDescriptions',
  'crlDistributionPoints',
  'distributionPoints',
  'freshestCrl',
  'subjectInfoAccess',
  'tlsFeatures',
  'mustStaple',
  'certificatePolicies',
  'policyConstraints',
  'policyMappings',
  'inhibitAnyPolicy',
  'nameConstraints',
  'signatureAlgorithm',
  'tbsSignatureAlgorithmOid',
  'tbs',
  'signatureValue',
  'publicKey',
  'sha256Fingerprint',
  'sha1Fingerprint',
  'isSelfIssued',
  'encodingDeviations',
] as const;

/** Every getter of a CSR (the x509 property test reads them all too). */
export const CSR_GETTERS = [
  'pem',
  'version',
  'subject',
  'publicKey',
  'attributes',
  'extensions',
  'hasChallengePassword',
  'subjectAltNames',
  'keyUsage',
  'extendedKeyUsage',
  'basicConstraints',
  'signatureAlgorithm',
  'tbs',
  'signatureValue',
] as const;

/** Every getter of a CRL (the x509 property test reads them all too). */
export const CRL_GETTERS = [
  'pem',
  'version',
  'issuer',
  'thisUpdate',
  'nextUpdate',
  'revoked',
  'extensions',
  'crlNumber',
  'deltaCrlIndicator',
  'authorityKeyIdentifier',
  'issuingDistributionPoint',
  'signatureAlgorithm',
  'tbsSignatureAlgorithmOid',
  'tbs',
  'signatureValue',
] as const;

/** Everything a caller can do with a certificate. */
export function exerciseCertificate(cert: Certificate, tolerate: (step: () => unknown) => void): void {
  for (const g of CERT_GETTERS) tolerate(() => cert[g]);
  tolerate(() => touchName(cert.subject));
  tolerate(() => touchName(cert.issuer));
  tolerate(() => {
    for (const n of cert.subjectAltNames) if (n.type === 'directory') touchName(n.value);
  });
  tolerate(() => cert.getExtension('2.5.29.17'));
  tolerate(() => [
    cert.publicKey.bits,
    cert.publicKey.curve,
    cert.publicKey.rsa,
    cert.publicKey.sha256Fingerprint,
  ]);
  tolerate(() => cert.publicKey.toKeyObject());
  tolerate(() => cert.isSelfSigned());
  tolerate(() => cert.status({ at: new Date(0) }));
  tolerate(() => cert.verifySignature(cert.publicKey));
  tolerate(() => JSON.stringify(cert));
  tolerate(() => inspect(cert));
  // Path validation consumes every field: as leaf under itself, allowing and refusing deviations.
  tolerate(() => buildChain(cert, { trust: [cert], purpose: 'any', at: new Date(Date.UTC(2030, 0, 1)) }));
  tolerate(() =>
    buildChain(cert, {
      trust: [],
      intermediates: [cert],
      hostname: 'a.example',
      allowEncodingDeviations: true,
    }),
  );
}

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'der-tree',
    seeds: 'certificates',
    run: (bytes, tolerate) => {
      tolerate(() => certkitTree(bytes));
      tolerate(() => certkitTree(berToDer(bytes)));
      tolerate(() => classifyDer(bytes));
    },
  },
  {
    name: 'certificate',
    seeds: 'certificates',
    run: (bytes, tolerate) => {
      let cert: Certificate | undefined;
      tolerate(() => (cert = Certificate.fromDer(bytes)));
      if (cert) exerciseCertificate(cert, tolerate);
    },
  },
  {
    name: 'certificate-pem',
    seeds: 'certificates',
    run: (bytes, tolerate) => {
      const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(bytes).toString('base64')}\n-----END CERTIFICATE-----\n`;
      tolerate(() => parseCertificates(pem + pem).map((c) => c.toJSON()));
    },
  },
  {
    name: 'csr',
    seeds: 'csrs',
    run: (bytes, tolerate) => {
      let csr: CertificateRequest | undefined;
      tolerate(() => (csr = CertificateRequest.fromDer(bytes)));
      if (!csr) return;
      const c = csr;
      for (const g of CSR_GETTERS) {
        tolerate(() => c[g]);
      }
      tolerate(() => touchName(c.subject));
      tolerate(() => c.verifySignature());
      tolerate(() => JSON.stringify(c));
      tolerate(() => inspect(c));
    },
  },
  {
    name: 'crl',
    seeds: 'crls',
    run: (bytes, tolerate) => {
      let crl: CertificateRevocationList | undefined;
      tolerate(() => (crl = CertificateRevocationList.fromDer(bytes)));
      if (!crl) return;
      const c = crl;
      for (const g of CRL_GETTERS) {
        tolerate(() => c[g]);
      }
      tolerate(() => touchName(c.issuer));
      tolerate(() => c.findRevoked('01'));
      tolerate(() => c.isStale(new Date(0)));
      tolerate(() => JSON.stringify(c));
      tolerate(() => inspect(c));
    },
  },
  {
    name: 'ocsp-response',
    seeds: 'ocsp',
    run: (bytes, tolerate) => {
      tolerate(() => {
        const r = parseOcspResponse(bytes);
        for (const der of r.basic?.certificates ?? []) {
          tolerate(() => exerciseCertificate(Certificate.fromDer(der), tolerate));
        }
      });
    },
  },
  {
    name: 'pkcs7',
    seeds: 'pkcs7',
    run: (bytes, tolerate) => {
      tolerate(() =>
        parsePkcs7Certificates(bytes).map((der) => tolerate(() => Certificate.fromDer(der).toJSON())),
      );
    },
  },
  {
    name: 'pkcs12-structure',
    seeds: 'pkcs12',
    run: (bytes, tolerate) => {
      tolerate(() => {
        const pfx = readPfx(bytes);
        for (const item of readAuthenticatedSafe(pfx.authSafe)) {
          if (item.kind === 'plain') tolerate(() => readSafeBags(item.contents));
        }
      });
    },
  },
  {
    name: 'pkcs12',
    seeds: 'pkcs12',
    run: (bytes, tolerate) => {
      tolerate(() => readPkcs12(bytes, { password: 'changeit' }));
    },
  },
  {
    name: 'private-key',
    seeds: 'keys',
    run: (bytes, tolerate) => {
      tolerate(() => {
        const k = parsePrivateKey(bytes);
        tolerate(() => [k.algorithm, k.bits, k.curve, k.format, k.publicKey.sha256Fingerprint]);
        tolerate(() => k.toKeyObject());
        tolerate(() => JSON.stringify(k));
        tolerate(() => inspect(k));
      });
    },
  },
  {
    name: 'public-key',
    seeds: 'certificates',
    run: (bytes, tolerate) => {
      tolerate(() => {
        const k = parsePublicKey(bytes);
        tolerate(() => [k.bits, k.curve, k.rsa, k.sha256Fingerprint]);
        tolerate(() => k.toKeyObject());
      });
    },
  },
  {
    name: 'jks',
    seeds: 'jks',
    run: (bytes, tolerate) => {
      tolerate(() => readJks(bytes, { storePassword: 'changeit' }));
    },
  },
];

/** The outcome of one input on one target. */
export interface TargetOutcome {
  /** Non-coded exceptions: anything thrown that is not a CertkitError (must be none). */
  readonly uncoded: unknown[];
  /** Steps that threw a CertkitError (normal for bad data). */
  readonly coded: number;
  readonly ms: number;
}

/** Runs one input through a target, collecting non-coded exceptions instead of stopping at the first. */
export function runTarget(target: FuzzTarget, bytes: Uint8Array): TargetOutcome {
  const uncoded: unknown[] = [];
  let coded = 0;
  const tolerate = (step: () => unknown): void => {
    try {
      step();
    } catch (e) {
      if (isCertkitError(e)) coded++;
      else uncoded.push(e);
    }
  };
  const t0 = performance.now();
  tolerate(() => target.run(bytes, tolerate));
  return { uncoded, coded, ms: performance.now() - t0 };
}
