import { isCertkitError } from '../errors/is-certkit-error.js';
import { isGeneralizedTimeBefore2050 } from '../internal/der/time.js';
import { readTlv, type Tlv } from '../internal/der/tlv.js';
import { ExtensionOid } from '../internal/oids.js';
import type { Certificate } from './certificate.js';
import { attributeProblem, type DistinguishedName } from './distinguished-name.js';
import {
  type DeviationReport,
  ENCODING_DEVIATION_RULES,
  type EncodingDeviation,
} from './encoding-deviation.js';
import { parseBasicConstraints } from './extensions/basic-constraints.js';
import { parseDistributionPoints } from './extensions/distribution-points.js';
import { readExtensionList } from './extensions/extension.js';
import { parseAccessDescriptions } from './extensions/information-access.js';
import { parseAuthorityKeyIdentifier } from './extensions/key-identifiers.js';
import { parseKeyUsage } from './extensions/key-usage.js';
import { parseNameConstraints } from './extensions/name-constraints.js';
import { parseCertificatePolicies } from './extensions/policies.js';
import { readGeneralNames } from './general-name.js';
import { readRootSequence } from './structure.js';

/** Where the certificate's version, validity and extensions are (offsets into its DER). */
export interface CertificateLayout {
  readonly version: Tlv | undefined;
  readonly validity: Tlv;
  readonly extensions: Tlv | undefined;
}

type Audit = (value: Uint8Array, critical: boolean, report: DeviationReport) => unknown;

const generalNames: Audit = (v, _c, report) =>
  readGeneralNames(v, readRootSequence(v, 'GeneralNames'), report);

/** The extensions whose values can hold a deviation, with the decoder that reports it. */
const AUDITED: Readonly<Record<string, Audit>> = {
  [ExtensionOid.keyUsage]: parseKeyUsage,
  [ExtensionOid.basicConstraints]: parseBasicConstraints,
  [ExtensionOid.subjectAltName]: generalNames,
  [ExtensionOid.issuerAltName]: generalNames,
  [ExtensionOid.nameConstraints]: parseNameConstraints,
  [ExtensionOid.authorityKeyIdentifier]: parseAuthorityKeyIdentifier,
  [ExtensionOid.authorityInfoAccess]: parseAccessDescriptions,
  [ExtensionOid.subjectInfoAccess]: parseAccessDescriptions,
  [ExtensionOid.crlDistributionPoints]: parseDistributionPoints,
  [ExtensionOid.freshestCrl]: parseDistributionPoints,
  [ExtensionOid.certificatePolicies]: parseCertificatePolicies,
};

/** Runs `step`; a field that cannot be decoded at all is its getter's error to report, not a deviation. */
function guarded(step: () => void): void {
  try {
    step();
  } catch (e) {
    if (!isCertkitError(e)) throw e;
  }
}

/**
 * Decodes every field of `cert` that can carry an encoding deviation and lists the deviations, in
 * field order: version, validity, issuer, subject, extensions. See {@link EncodingDeviation}.
 */
export function collectCertificateDeviations(
  cert: Certificate,
  layout: CertificateLayout,
): EncodingDeviation[] {
  const out: EncodingDeviation[] = [];
  const at =
    (prefix: string): DeviationReport =>
    (code, message, field) => {
      const where = field === undefined ? prefix : `${prefix}.${field}`;
      out.push({ code, field: where, rule: ENCODING_DEVIATION_RULES[code], message });
    };
  const der = cert.der;

  guarded(() => {
    const version = cert.version;
    if (layout.version !== undefined && version === 1) {
      at('version')('explicit-default', 'version v1 is written out though it is the DEFAULT');
    }
    if (layout.extensions !== undefined && version !== 3) {
      at('extensions')('extensions-without-v3', `a version ${version} certificate carries extensions`);
    }
  });
  if (layout.extensions !== undefined && layout.extensions.valueStart === layout.extensions.end) {
    at('extensions')('empty-extensions', 'the extensions field holds an empty list');
  }

  guarded(() => {
    const { validity } = layout;
    const notBefore = readTlv(der, validity.valueStart, validity.end);
    const notAfter = readTlv(der, notBefore.end, validity.end);
    for (const [name, tlv] of [
      ['notBefore', notBefore],
      ['notAfter', notAfter],
    ] as const) {
      if (isGeneralizedTimeBefore2050(der, tlv)) {
        at(`validity.${name}`)(
          'generalized-time-before-2050',
          'a date before 2050 is written as GeneralizedTime, not UTCTime',
        );
      }
    }
  });

  const names = (field: 'issuer' | 'subject', get: () => DistinguishedName): void =>
    guarded(() => {
      for (const rdn of get().rdns) {
        for (const a of rdn) if (a.problem === 'charset') at(field)('string-charset', attributeProblem(a));
      }
    });
  names('issuer', () => cert.issuer);
  names('subject', () => cert.subject);

  const seq = layout.extensions;
  if (seq !== undefined) {
    guarded(() => void readExtensionList(der, seq, at('extensions')));
    guarded(() => {
      for (const ext of cert.extensions) {
        const audit = AUDITED[ext.oid];
        if (audit !== undefined)
          guarded(() => void audit(ext.value, ext.critical, at(`extensions.${ext.name}`)));
      }
    });
  }
  return out;
}
