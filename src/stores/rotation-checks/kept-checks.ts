import { matchesHostname, matchesIpAddress } from '../../chain/hostname.js';
import { ExtendedKeyUsageOid } from '../../internal/oids.js';
import type { Certificate } from '../../x509/certificate.js';
import { isDowngrade, keyStrength } from '../key-strength.js';
import { subjectOf } from '../store-finding.js';
import type { Truststore } from '../truststore.js';
import { ekuLabel, ekuOids } from './candidate-checks.js';
import { rotationFinding as f, type RotationFinding, safe } from './rotation-finding.js';

/** The DNS names and IP addresses a certificate is valid for (SANs; the CN only when there is no SAN). */
function namesOf(cert: Certificate): { dns: string[]; ip: string[] } {
  const sans = safe(() => cert.subjectAltNames, []);
  const dns = sans.filter((n) => n.type === 'dns').map((n) => String(n.value).toLowerCase());
  const ip = sans.filter((n) => n.type === 'ip').map((n) => String(n.value));
  if (sans.length === 0) {
    for (const cn of safe(() => cert.subject.get('CN'), [] as string[])) {
      if (/^[*a-z0-9.-]+$/i.test(cn) && cn.includes('.')) dns.push(cn.toLowerCase());
    }
  }
  return { dns, ip };
}

function covers(next: Certificate, name: string, nextNames: { dns: string[] }): boolean {
  if (name.startsWith('*.')) return nextNames.dns.includes(name);
  return safe(() => matchesHostname(next, name, { allowCommonNameFallback: true }), false);
}

/** Key usage bits that only make sense for some key types: not "lost" when the new key cannot use them. */
function applicable(bit: string, algorithm: string): boolean {
  const rsa = algorithm === 'rsa' || algorithm === 'rsa-pss';
  if (bit === 'keyEncipherment' || bit === 'dataEncipherment') return rsa;
  if (bit === 'keyAgreement' || bit === 'encipherOnly' || bit === 'decipherOnly') return !rsa;
  return true;
}

/** @internal Check "names kept": every DNS name and IP the current certificate covers, the candidate covers. */
export function namesKept(current: Certificate, leaf: Certificate): RotationFinding[] {
  const before = namesOf(current);
  const after = namesOf(leaf);
  const dropped = [
    ...before.dns.filter((n) => !covers(leaf, n, after)),
    ...before.ip.filter((ip) => !safe(() => matchesIpAddress(leaf, ip), false)),
  ];
  if (dropped.length === 0) return [];
  return [
    f(
      'ERR_ROTATION_HOSTNAME_DROPPED',
      'blocking',
      `The candidate certificate does not cover ${dropped.join(', ')}, which the current one does.`,
      {
        depth: 0,
        cert: leaf,
        details: { dropped, before: [...before.dns, ...before.ip], after: [...after.dns, ...after.ip] },
      },
    ),
  ];
}

/** @internal Check "strength kept": the key does not get weaker (RSA 3072 → 2048, P-384 → P-256). */
export function strengthKept(current: Certificate, leaf: Certificate): RotationFinding[] {
  const was = keyStrength(current.publicKey);
  const now = keyStrength(leaf.publicKey);
  if (!isDowngrade(was, now)) return [];
  return [
    f(
      'ERR_ROTATION_KEY_DOWNGRADE',
      'blocking',
      `The key drops from ${was.label} (${was.securityBits}-bit strength) to ${now.label} (${now.securityBits}-bit).`,
      { depth: 0, cert: leaf, details: { before: was, after: now } },
    ),
  ];
}

/** @internal Check "key usage kept": no key usage bit the new key type can use is lost. */
export function keyUsageKept(current: Certificate, leaf: Certificate): RotationFinding[] {
  const oldKu = safe(() => current.keyUsage, undefined);
  const newKu = safe(() => leaf.keyUsage, undefined);
  if (oldKu === undefined || newKu === undefined) return [];
  const algorithm = keyStrength(leaf.publicKey).algorithm;
  const lost = oldKu.names.filter((n) => !newKu.names.includes(n) && applicable(n, algorithm));
  if (lost.length === 0) return [];
  return [
    f(
      'ERR_ROTATION_KEY_USAGE_LOST',
      'blocking',
      `The candidate certificate lacks key usage ${lost.join(', ')}.`,
      {
        depth: 0,
        cert: leaf,
        details: { lost, before: oldKu.names, after: newKu.names },
      },
    ),
  ];
}

/** @internal Check "EKU kept": no extended key usage is lost (a warning when the current one had none). */
export function ekuKept(current: Certificate, leaf: Certificate): RotationFinding[] {
  const eku = ekuOids(leaf);
  if (eku === undefined || eku.includes(ExtendedKeyUsageOid.anyExtendedKeyUsage)) return [];
  const oldEku = ekuOids(current);
  if (oldEku === undefined) {
    return [
      f(
        'ERR_ROTATION_EKU_LOST',
        'warning',
        'The current certificate has no EKU (any purpose); the candidate restricts it.',
        {
          depth: 0,
          cert: leaf,
          details: { lost: ['(unrestricted)'], after: eku.map(ekuLabel) },
        },
      ),
    ];
  }
  const lost = oldEku.filter((o) => !eku.includes(o));
  if (lost.length === 0) return [];
  return [
    f(
      'ERR_ROTATION_EKU_LOST',
      'blocking',
      `The candidate certificate lacks extended key usage ${lost.map(ekuLabel).join(', ')}.`,
      {
        depth: 0,
        cert: leaf,
        details: { lost: lost.map(ekuLabel), before: oldEku.map(ekuLabel), after: eku.map(ekuLabel) },
      },
    ),
  ];
}

/**
 * @internal Check "anchor kept": every certificate the current truststore trusts, the candidate still
 * trusts (`ERR_ROTATION_ANCHOR_REMOVED`, blocking: peers whose chains end there would be refused).
 */
export function anchorsKept(current: Truststore | undefined, candidate: Truststore): RotationFinding[] {
  const findings: RotationFinding[] = [];
  for (const e of current?.entries() ?? []) {
    if (candidate.contains(e.certificate)) continue;
    findings.push(
      f(
        'ERR_ROTATION_ANCHOR_REMOVED',
        'blocking',
        `The candidate truststore no longer trusts "${subjectOf(e.certificate) ?? e.alias}": peers whose chains end there will be refused.`,
        {
          cert: e.certificate,
          details: { alias: e.alias, sha256Fingerprint: e.certificate.sha256Fingerprint },
        },
      ),
    );
  }
  return findings;
}
