import { children, readRoot, readTlv } from '../internal/der/index.js';
import { ExtendedKeyUsageOid, ExtensionOid, SignatureAlgorithmByOid } from '../internal/oids.js';
import type { Certificate, Extension } from '../x509/index.js';
import { checkCommonName } from './common-name-check.js';
import { checkDistributionPoints } from './distribution-point-checks.js';
import { checkKeyIdentifiers } from './key-identifier-checks.js';
import type { ChainProblem } from './problem.js';
import { type CertRole, type ProblemSink, read } from './problem-sink.js';
import { checkSubjectAltName } from './san-checks.js';
import { checkSmimeProfile } from './smime-checks.js';
import type { ValidationContext } from './validation-context.js';

export { type CertRole, ProblemSink, read } from './problem-sink.js';

/** Extensions this validator processes, so they may be critical. */
const UNDERSTOOD_CRITICAL: ReadonlySet<string> = new Set([
  ExtensionOid.basicConstraints,
  ExtensionOid.keyUsage,
  ExtensionOid.extKeyUsage,
  ExtensionOid.subjectAltName,
  ExtensionOid.nameConstraints,
  ExtensionOid.certificatePolicies,
  ExtensionOid.policyMappings,
  ExtensionOid.policyConstraints,
  ExtensionOid.inhibitAnyPolicy,
  ExtensionOid.authorityKeyIdentifier,
  ExtensionOid.subjectKeyIdentifier,
  ExtensionOid.authorityInfoAccess,
  ExtensionOid.crlDistributionPoints,
  ExtensionOid.issuerAltName,
]);

/** Extensions RFC 5280 says conforming CAs MUST NOT mark critical: name and rule (pedantic). */
const MUST_BE_NONCRITICAL: Readonly<Record<string, readonly [string, string]>> = {
  [ExtensionOid.authorityKeyIdentifier]: ['authorityKeyIdentifier', 'RFC 5280 4.2.1.1'],
  [ExtensionOid.subjectKeyIdentifier]: ['subjectKeyIdentifier', 'RFC 5280 4.2.1.2'],
  [ExtensionOid.authorityInfoAccess]: ['authorityInfoAccess', 'RFC 5280 4.2.2.1'],
};

/**
 * Extensions RFC 5280 says conforming CAs MUST mark critical, beyond basicConstraints (checked on CAs
 * below) and nameConstraints (checked where it constrains): name and rule (pedantic).
 */
const MUST_BE_CRITICAL: Readonly<Record<string, readonly [string, string]>> = {
  [ExtensionOid.policyConstraints]: ['policyConstraints', 'RFC 5280 4.2.1.11'],
};

/** The raw AlgorithmIdentifier TLVs (outer, inside TBS) for the mismatch rule of RFC 5280 4.1.1.2. */
function algorithmIdentifiersEqual(der: Uint8Array): boolean {
  const root = readRoot(der);
  const [tbs, outer] = children(der, root);
  if (!tbs || !outer) return false;
  let t = readTlv(der, tbs.valueStart, tbs.end);
  if (t.cls === 2 && t.tag === 0) t = readTlv(der, t.end, tbs.end); // version
  const inner = readTlv(der, t.end, tbs.end); // after serial
  const a = der.subarray(inner.start, inner.end);
  const b = der.subarray(outer.start, outer.end);
  return Buffer.compare(a, b) === 0;
}

const STRONG_HASHES = new Set(['sha256', 'sha384', 'sha512']);

function checkSignatureAlgorithm(
  sink: ProblemSink,
  depth: number,
  cert: Certificate,
  ctx: ValidationContext,
): void {
  const alg = read(sink, depth, cert, 'signatureAlgorithm', () => cert.signatureAlgorithm, undefined);
  if (!alg) return;
  const known = SignatureAlgorithmByOid[alg.oid];
  const hash = alg.hash ?? known?.hash ?? null;
  const name = alg.name || alg.oid;
  const weak = (why: string): void =>
    sink.add('ERR_CHAIN_WEAK_SIGNATURE_ALGORITHM', depth, cert, `signed with ${name}: ${why}`, {
      algorithm: name,
    });
  if (!known) {
    weak('not an algorithm this profile accepts');
    return;
  }
  if (hash === 'md5') {
    weak('MD5 is broken');
    return;
  }
  if (hash === 'sha1') {
    if (!ctx.allowSha1) weak('SHA-1 is refused (set allowSha1 to accept it)');
    return;
  }
  if (ctx.profile !== 'webpki') return;
  if (known.key === 'dsa' || known.key === 'ed25519' || known.key === 'ed448')
    weak('not allowed by the CA/Browser Forum baseline requirements');
  else if (hash !== null && !STRONG_HASHES.has(hash)) weak(`${hash} is not allowed by the CA/Browser Forum`);
  else if (known.key === 'rsa-pss' && (hash === null || !STRONG_HASHES.has(hash)))
    weak('RSA-PSS without SHA-256/384/512');
}

function checkPublicKey(sink: ProblemSink, depth: number, cert: Certificate, ctx: ValidationContext): void {
  const key = read(sink, depth, cert, 'subjectPublicKeyInfo', () => cert.publicKey, undefined);
  if (!key) return;
  const bits = read(sink, depth, cert, 'subjectPublicKeyInfo', () => key.bits, undefined);
  const weak = (why: string): void =>
    sink.add('ERR_CHAIN_WEAK_KEY', depth, cert, why, { algorithm: key.algorithm, bits, curve: key.curve });
  switch (key.algorithm) {
    case 'rsa':
    case 'rsa-pss':
      if (bits === undefined || bits < ctx.minRsaBits)
        weak(`RSA key of ${bits} bits (minimum ${ctx.minRsaBits})`);
      else if (ctx.profile === 'webpki' && bits % 8 !== 0)
        weak(`RSA modulus of ${bits} bits is not a multiple of 8`);
      return;
    case 'ec':
      if (ctx.profile === 'webpki') {
        if (key.curve !== 'P-256' && key.curve !== 'P-384' && key.curve !== 'P-521')
          weak(`EC curve ${key.curve ?? key.curveOid ?? 'unknown'} is not allowed by the CA/Browser Forum`);
      } else if (bits === undefined || bits < 224) weak(`EC key of ${bits ?? 'unknown'} bits`);
      return;
    case 'ed25519':
    case 'ed448':
      if (ctx.profile === 'webpki') weak(`${key.algorithm} keys are not allowed by the CA/Browser Forum`);
      return;
    case 'dsa':
      if (ctx.profile === 'webpki') weak('DSA keys are not allowed by the CA/Browser Forum');
      else if (bits === undefined || bits < 2048) weak(`DSA key of ${bits} bits`);
      return;
    default:
      weak(`unsupported key algorithm ${key.algorithmOid}`);
  }
}

/** What every per-certificate check reads: where to report, the certificate and its place in the path. */
interface CertCheck {
  readonly sink: ProblemSink;
  readonly depth: number;
  readonly cert: Certificate;
  readonly role: CertRole;
  readonly ctx: ValidationContext;
  readonly exts: readonly Extension[];
  readonly isCaRole: boolean;
  readonly pedantic: boolean;
  readonly webpki: boolean;
}

/** Version 3 wherever extensions, a CA role or the web PKI need it (RFC 5280 4.1.2.1). */
function checkVersion({ sink, depth, cert, exts, isCaRole, webpki }: CertCheck): void {
  const version = read(sink, depth, cert, 'version', () => cert.version, 3);
  if (version !== 3 && (webpki || isCaRole || exts.length > 0)) {
    sink.add('ERR_CHAIN_MALFORMED_CERTIFICATE', depth, cert, `version ${version} certificate (v3 required)`, {
      reason: 'version',
    });
  }
}

/**
 * Serial number (RFC 5280 4.1.2.2), pedantic: "certificate users SHOULD be prepared to gracefully
 * handle" non-conforming serials. Not applied to trust anchors (real roots with serial 0 exist).
 */
function checkSerialNumber({ sink, depth, cert, role, pedantic }: CertCheck): void {
  const serial = cert.serialNumberBytes;
  if (serial.length > 0 && role !== 'anchor' && pedantic) {
    const negative = (serial[0]! & 0x80) !== 0;
    const zero = serial.every((b) => b === 0);
    const octets = serial.length - (serial[0] === 0 && serial.length > 1 ? 1 : 0);
    const rule = { rule: 'RFC 5280 4.1.2.2' };
    if (negative)
      sink.add(
        'ERR_CHAIN_SERIAL_NUMBER',
        depth,
        cert,
        'the serial number is negative (RFC 5280 4.1.2.2)',
        rule,
      );
    else if (zero)
      sink.add('ERR_CHAIN_SERIAL_NUMBER', depth, cert, 'the serial number is zero (RFC 5280 4.1.2.2)', rule);
    if (octets > 20)
      sink.add(
        'ERR_CHAIN_SERIAL_NUMBER',
        depth,
        cert,
        `the serial number is ${octets} octets, more than 20 (RFC 5280 4.1.2.2)`,
        rule,
      );
  }
}

/** The signature algorithm inside and outside the TBS must be the same (RFC 5280 4.1.1.2). */
function checkAlgorithmIdentifiersMatch({ sink, depth, cert }: CertCheck): void {
  const same = read(
    sink,
    depth,
    cert,
    'signature algorithm',
    () => algorithmIdentifiersEqual(cert.der),
    true,
  );
  if (!same) {
    sink.add(
      'ERR_CHAIN_MALFORMED_CERTIFICATE',
      depth,
      cert,
      'the signature algorithm in tbsCertificate differs from the outer one',
      { reason: 'signature-algorithm-mismatch' },
    );
  }
}

/** A non-empty issuer, and a non-empty subject on a CA (RFC 5280 4.1.2.4, 4.1.2.6); answers whether the subject is empty. */
function checkNames({ sink, depth, cert, isCaRole }: CertCheck): boolean {
  const issuer = read(sink, depth, cert, 'issuer', () => cert.issuer, undefined);
  const subject = read(sink, depth, cert, 'subject', () => cert.subject, undefined);
  if (issuer && issuer.rdns.length === 0)
    sink.add('ERR_CHAIN_MALFORMED_CERTIFICATE', depth, cert, 'the issuer name is empty', {
      reason: 'empty-issuer',
    });
  const subjectEmpty = subject !== undefined && subject.rdns.length === 0;
  if (subjectEmpty && isCaRole)
    sink.add('ERR_CHAIN_MALFORMED_CERTIFICATE', depth, cert, 'a CA certificate has an empty subject', {
      reason: 'empty-subject',
    });

  return subjectEmpty;
}

/** Extensions: duplicates, unknown critical ones, criticality rules; answers whether there were no duplicates. */
function checkExtensionRules({ sink, depth, cert, exts, pedantic }: CertCheck): boolean {
  const seen = new Set<string>();
  for (const e of exts) {
    if (seen.has(e.oid)) {
      sink.add(
        'ERR_CHAIN_BAD_EXTENSION',
        depth,
        cert,
        `extension ${e.name || e.oid} appears more than once`,
        {
          oid: e.oid,
        },
      );
    }
    seen.add(e.oid);
    if (e.critical && !UNDERSTOOD_CRITICAL.has(e.oid)) {
      sink.add(
        'ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION',
        depth,
        cert,
        `unknown critical extension ${e.name || e.oid}`,
        {
          oid: e.oid,
        },
      );
    }
    const nc = MUST_BE_NONCRITICAL[e.oid];
    if (pedantic && e.critical && nc)
      sink.add('ERR_CHAIN_BAD_EXTENSION', depth, cert, `${nc[0]} must not be critical (${nc[1]})`, {
        oid: e.oid,
        rule: nc[1],
      });
    const mc = MUST_BE_CRITICAL[e.oid];
    if (pedantic && !e.critical && mc)
      sink.add('ERR_CHAIN_BAD_EXTENSION', depth, cert, `${mc[0]} must be critical (${mc[1]})`, {
        oid: e.oid,
        rule: mc[1],
      });
  }
  return seen.size === exts.length;
}

/** Decodes every extension certkit relies on, so that a malformed one is a problem, not a crash. */
function decodeReliedExtensions({ sink, depth, cert }: CertCheck): void {
  read(
    sink,
    depth,
    cert,
    'authorityInfoAccess',
    () => cert.authorityInfoAccess,
    undefined,
    'ERR_CHAIN_BAD_EXTENSION',
  );
  read(
    sink,
    depth,
    cert,
    'crlDistributionPoints',
    () => cert.crlDistributionPoints,
    [],
    'ERR_CHAIN_BAD_EXTENSION',
  );
  read(
    sink,
    depth,
    cert,
    'certificatePolicies',
    () => cert.certificatePolicies,
    undefined,
    'ERR_CHAIN_BAD_EXTENSION',
  );
}

/** Basic constraints and key usage for the certificate's role (RFC 5280 4.2.1.9, 4.2.1.3; CA/B BR 7.1.2.7.8). */
function checkBasicConstraintsAndKeyUsage({
  sink,
  depth,
  cert,
  role,
  ctx,
  exts,
  isCaRole,
  pedantic,
  webpki,
}: CertCheck): void {
  const bcExt = exts.find((e) => e.oid === ExtensionOid.basicConstraints);
  const bc = read(
    sink,
    depth,
    cert,
    'basicConstraints',
    () => cert.basicConstraints,
    undefined,
    'ERR_CHAIN_BAD_EXTENSION',
  );
  const ku = read(sink, depth, cert, 'keyUsage', () => cert.keyUsage, undefined, 'ERR_CHAIN_BAD_EXTENSION');
  if (isCaRole) {
    if (!bc) sink.add('ERR_CHAIN_NOT_CA', depth, cert, 'an issuer has no basicConstraints extension');
    else if (!bc.ca) sink.add('ERR_CHAIN_NOT_CA', depth, cert, 'an issuer has basicConstraints cA=false');
    else if (bcExt && !bcExt.critical && pedantic)
      sink.add(
        'ERR_CHAIN_BAD_EXTENSION',
        depth,
        cert,
        'basicConstraints must be critical in a CA certificate (RFC 5280 4.2.1.9)',
        { oid: ExtensionOid.basicConstraints, rule: 'RFC 5280 4.2.1.9' },
      );
    if (ku && !ku.keyCertSign)
      sink.add('ERR_CHAIN_KEY_USAGE', depth, cert, 'an issuer’s keyUsage lacks keyCertSign');
  } else if (bc?.ca && webpki && ctx.purpose !== 'any') {
    // CA/B Forum BR 7.1.2.7.8: a subscriber (TLS) certificate has cA=false, so under the web PKI a CA
    // certificate is never a TLS leaf, with or without keyCertSign. (RFC 5280 alone lets a CA
    // certificate end a path: the rfc5280 profile and `purpose: 'any'` accept it.)
    sink.add(
      'ERR_CHAIN_CA_AS_LEAF',
      depth,
      cert,
      ctx.purpose === 'email'
        ? 'a CA certificate (basicConstraints cA=true) is not a valid S/MIME certificate (CA/B S/MIME BR 7.1.2.3 (d))'
        : `a CA certificate (basicConstraints cA=true) is not a valid TLS ${ctx.purpose} certificate (CA/B BR 7.1.2.7.8)`,
      { rule: ctx.purpose === 'email' ? 'CA/B S/MIME BR 7.1.2.3' : 'CA/B BR 7.1.2.7.8' },
    );
  }
  if (ku) {
    if (ku.names.length === 0) sink.add('ERR_CHAIN_KEY_USAGE', depth, cert, 'keyUsage has no bit set');
    if (ku.keyCertSign && !bc?.ca)
      sink.add(
        'ERR_CHAIN_KEY_USAGE',
        depth,
        cert,
        'keyUsage has keyCertSign but basicConstraints does not say cA',
      );
    if (role === 'leaf') {
      for (const bit of ctx.requiredKeyUsage)
        if (!ku[bit])
          sink.add('ERR_CHAIN_KEY_USAGE', depth, cert, `the leaf’s keyUsage lacks ${bit}`, { required: bit });
    }
  }
  if (bc?.pathLength !== undefined && !bc.ca)
    sink.add('ERR_CHAIN_BAD_EXTENSION', depth, cert, 'pathLenConstraint without cA', {
      oid: ExtensionOid.basicConstraints,
    });
}

/** Validity at `ctx.at` (RFC 5280 6.1.3 (a)(2)). */
function checkValidity({ sink, depth, cert, ctx }: CertCheck): void {
  // Validity.
  const notBefore = read(sink, depth, cert, 'validity', () => cert.notBefore, undefined);
  const notAfter = read(sink, depth, cert, 'validity', () => cert.notAfter, undefined);
  // RFC 5280 4.1.2.5: the validity period runs from notBefore through notAfter inclusive, and both are
  // written to the second (4.1.2.5.1, 4.1.2.5.2), so notAfter covers its whole second: the validation
  // time is compared at that granularity (floored), as CAs' own compliance reports read it. This never
  // moves notBefore earlier: a time before notBefore floors to a second before it.
  const at = new Date(Math.floor(ctx.at.getTime() / 1000) * 1000);
  if (notBefore && at < notBefore)
    sink.add('ERR_CHAIN_NOT_YET_VALID', depth, cert, `not valid before ${notBefore.toISOString()}`, {
      notBefore: notBefore.toISOString(),
      at: ctx.at.toISOString(),
    });
  if (notAfter && at > notAfter)
    sink.add('ERR_CHAIN_EXPIRED', depth, cert, `expired at ${notAfter.toISOString()}`, {
      notAfter: notAfter.toISOString(),
      at: ctx.at.toISOString(),
    });
}

/**
 * What the checks of a CA certificate (intermediate or anchor) found, by depth, role and the settings
 * they read, except validity (it depends on `ctx.at`). A pool's CAs are checked again for every leaf they
 * issued; the answer cannot change, so it is kept with the certificate object.
 */
const caChecks = new WeakMap<
  Certificate,
  Map<string, { problems: ChainProblem[]; checkValidity: boolean }>
>();

/**
 * Checks that depend on one certificate alone (RFC 5280 section 4 and the profile): version, serial,
 * algorithm identifiers, names, extension criticality and duplicates, key identifiers, basic constraints
 * and key usage for its role, signature algorithm and key strength, validity at `ctx.at`.
 */
export function checkCertificate(
  sink: ProblemSink,
  depth: number,
  cert: Certificate,
  role: CertRole,
  ctx: ValidationContext,
  isTrustAnchor: boolean = role === 'anchor',
): void {
  // What conforming CAs MUST do but path validation does not need (RFC 5280 section 4 profile rules that
  // OpenSSL, Go, Java and Node's TLS do not enforce): only when pedantic, then on the anchor too.
  const c: CertCheck = {
    sink,
    depth,
    cert,
    role,
    ctx,
    exts: EMPTY_EXTS,
    isCaRole: role !== 'leaf',
    pedantic: ctx.pedantic,
    webpki: ctx.profile === 'webpki',
  };
  let checkValidityToo: boolean;
  if (role === 'leaf') {
    checkValidityToo = checkFields(c, isTrustAnchor);
  } else {
    // Every setting the field checks of a CA read (requiredKeyUsage and the common name apply to leaves).
    const key = `${role}|${depth}|${isTrustAnchor}|${ctx.profile}|${ctx.purpose}|${ctx.pedantic}|${ctx.allowSha1}|${ctx.minRsaBits}`;
    let byKey = caChecks.get(cert);
    let known = byKey?.get(key);
    if (known === undefined) {
      const from = sink.problems.length;
      checkValidityToo = checkFields(c, isTrustAnchor);
      known = { problems: sink.problems.slice(from), checkValidity: checkValidityToo };
      if (byKey === undefined) {
        byKey = new Map();
        caChecks.set(cert, byKey);
      }
      byKey.set(key, known);
    } else {
      for (const p of known.problems) sink.problems.push(p);
      checkValidityToo = known.checkValidity;
    }
  }
  if (checkValidityToo) checkValidity(c);
}

const EMPTY_EXTS: readonly Extension[] = Object.freeze([]);

/** Every check but validity; answers whether validity is still worth checking (not after duplicate extensions). */
function checkFields(check: CertCheck, isTrustAnchor: boolean): boolean {
  const { sink, depth, cert, role, ctx } = check;
  const c: CertCheck = {
    ...check,
    exts: read(sink, depth, cert, 'extensions', () => cert.extensions, []),
  };
  checkVersion(c);
  checkSerialNumber(c);
  checkAlgorithmIdentifiersMatch(c);
  const subjectEmpty = checkNames(c);
  if (!checkExtensionRules(c)) return false; // accessors would throw on duplicates; nothing more to learn
  decodeReliedExtensions(c);

  // subjectAltName (4.2.1.6) and, on a TLS server leaf under the web PKI, the commonName (BR 7.1.4.3).
  const sans = checkSubjectAltName(sink, depth, cert, c.exts, subjectEmpty, role, ctx);
  if (role === 'leaf' && c.webpki && c.pedantic && ctx.purpose === 'server')
    checkCommonName(sink, cert, sans);
  checkKeyIdentifiers(sink, depth, cert, role, ctx);
  checkDistributionPoints(sink, depth, cert, role, ctx);
  checkSmimeProfile(sink, depth, cert, role, ctx);
  checkBasicConstraintsAndKeyUsage(c);

  // Name constraints only in CA certificates (4.2.1.10).
  if (role === 'leaf' && c.exts.some((e) => e.oid === ExtensionOid.nameConstraints))
    sink.add('ERR_CHAIN_NAME_CONSTRAINTS', depth, cert, 'nameConstraints in an end-entity certificate');

  checkExtendedKeyUsage(
    sink,
    depth,
    cert,
    role,
    ctx,
    c.exts.find((e) => e.oid === ExtensionOid.extKeyUsage)?.critical ?? false,
  );
  // A trust anchor's own signature is not relied on (RFC 5280 6.1), so neither is its algorithm; this
  // also holds when the certificate being validated is itself the anchor.
  if (!isTrustAnchor) checkSignatureAlgorithm(sink, depth, cert, ctx);
  checkPublicKey(sink, depth, cert, ctx);
  return true;
}

/**
 * Key purposes a TLS subscriber certificate MUST NOT assert (CA/B BR 7.1.2.7.10: serverAuth MUST, clientAuth
 * MAY, these MUST NOT; anyExtendedKeyUsage is refused separately). Checked under the web PKI profile with
 * `pedantic`: TLS stacks accept them.
 */
const TLS_SUBSCRIBER_FORBIDDEN_EKUS: ReadonlyMap<string, string> = new Map([
  [ExtendedKeyUsageOid.codeSigning, 'id-kp-codeSigning'],
  [ExtendedKeyUsageOid.emailProtection, 'id-kp-emailProtection'],
  [ExtendedKeyUsageOid.timeStamping, 'id-kp-timeStamping'],
  [ExtendedKeyUsageOid.OCSPSigning, 'id-kp-OCSPSigning'],
  ['1.3.6.1.4.1.11129.2.4.4', 'the Precertificate Signing Certificate purpose (RFC 6962 3.1)'],
]);

/** The key purpose (RFC 5280 4.2.1.12) each chain purpose needs. */
const PURPOSE_EKU = {
  server: ExtendedKeyUsageOid.serverAuth,
  client: ExtendedKeyUsageOid.clientAuth,
  email: ExtendedKeyUsageOid.emailProtection,
} as const;

function checkExtendedKeyUsage(
  sink: ProblemSink,
  depth: number,
  cert: Certificate,
  role: CertRole,
  ctx: ValidationContext,
  critical: boolean,
): void {
  const eku = read(
    sink,
    depth,
    cert,
    'extendedKeyUsage',
    () => cert.extendedKeyUsage,
    undefined,
    'ERR_CHAIN_BAD_EXTENSION',
  );
  const webpki = ctx.profile === 'webpki';
  const strict = webpki && ctx.pedantic;
  const want = ctx.purpose === 'any' ? undefined : PURPOSE_EKU[ctx.purpose];
  const wantName = ctx.purpose === 'email' ? 'emailProtection' : `${ctx.purpose}Auth`;
  const any = ExtendedKeyUsageOid.anyExtendedKeyUsage;
  if (role === 'anchor') {
    if (strict && eku)
      sink.add(
        'ERR_CHAIN_EXTENDED_KEY_USAGE',
        depth,
        cert,
        'a root certificate must not carry extendedKeyUsage',
      );
    return;
  }
  if (role === 'leaf') {
    if (!eku) {
      let isCa = false;
      try {
        isCa = cert.basicConstraints?.ca === true;
      } catch {
        isCa = false;
      }
      if (strict && want && !isCa)
        sink.add('ERR_CHAIN_EXTENDED_KEY_USAGE', depth, cert, 'the leaf has no extendedKeyUsage');
      return;
    }
    if (strict && critical)
      sink.add('ERR_CHAIN_EXTENDED_KEY_USAGE', depth, cert, 'extendedKeyUsage must not be critical');
    if (strict && eku.oids.includes(any))
      sink.add('ERR_CHAIN_EXTENDED_KEY_USAGE', depth, cert, 'the leaf must not assert anyExtendedKeyUsage');
    if (strict && ctx.purpose === 'server') {
      const banned = eku.oids.filter((o) => TLS_SUBSCRIBER_FORBIDDEN_EKUS.has(o));
      if (banned.length > 0)
        sink.add(
          'ERR_CHAIN_EXTENDED_KEY_USAGE',
          depth,
          cert,
          `a TLS server certificate must not assert ${banned.map((o) => TLS_SUBSCRIBER_FORBIDDEN_EKUS.get(o)).join(', ')} (CA/B BR 7.1.2.7.10)`,
          { rule: 'CA/B BR 7.1.2.7.10', forbidden: banned },
        );
    }
    if (want && !eku.oids.includes(want) && !eku.oids.includes(any))
      sink.add(
        'ERR_CHAIN_EXTENDED_KEY_USAGE',
        depth,
        cert,
        `the leaf’s extendedKeyUsage does not allow ${wantName}`,
        {
          required: want,
          present: eku.oids,
        },
      );
    return;
  }
  // Intermediate: under the web PKI an EKU on a CA constrains what it may issue.
  if (webpki && eku && want && !eku.oids.includes(want) && !eku.oids.includes(any))
    sink.add(
      'ERR_CHAIN_EXTENDED_KEY_USAGE',
      depth,
      cert,
      `the CA’s extendedKeyUsage does not allow ${wantName}`,
      {
        required: want,
        present: eku.oids,
      },
    );
}
