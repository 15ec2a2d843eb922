/**
 * Builds an x509-limbo testcase from minted certificates and CRLs, so a rule of a newer upstream vector is
 * reproduced and run through the conformance harness exactly as a bundle case would be (profile by family,
 * `pedantic: true`, CRLs under hard-fail, the EKU / peer-name mapping).
 */
import { KeyObject, sign } from 'node:crypto';
import type * as x509 from '@peculiar/x509';
import { X509Crl } from '@peculiar/x509';
import { type LimboResult, type LimboTestcase, runTestcase } from '../../../scripts/conformance.js';
import {
  derBitString,
  derBoolean,
  derSequence,
  encodeTlv,
  readRoot,
  readTlv,
} from '../../../src/internal/der/index.js';
import { generalName, type Minted, type NameSpec, rawExtension } from '../../helpers/make-certs.js';

/** What a reproduced case validates. */
export interface CaseSpec {
  readonly id: string;
  readonly leaf: Minted;
  readonly trust: readonly Minted[];
  readonly intermediates?: readonly Minted[];
  readonly crls?: readonly x509.X509Crl[];
  readonly kind?: 'SERVER' | 'CLIENT';
  readonly peer?: { kind: 'DNS' | 'IP' | 'RFC822'; value: string };
  readonly eku?: readonly string[];
  readonly features?: readonly string[];
  readonly at?: Date;
  readonly expected?: 'SUCCESS' | 'FAILURE';
}

/** The testcase of a spec. */
export function limboCase(s: CaseSpec): LimboTestcase {
  const client = s.kind === 'CLIENT';
  return {
    id: s.id,
    features: s.features ?? null,
    validation_kind: s.kind ?? 'SERVER',
    trusted_certs: s.trust.map((m) => m.pem),
    untrusted_intermediates: (s.intermediates ?? []).map((m) => m.pem),
    peer_certificate: s.leaf.pem,
    validation_time: (s.at ?? new Date()).toISOString(),
    signature_algorithms: null,
    key_usage: null,
    extended_key_usage: s.eku ?? null,
    expected_result: s.expected ?? 'SUCCESS',
    expected_peer_name: !client && s.peer ? s.peer : null,
    expected_peer_names: client && s.peer ? [s.peer] : null,
    max_chain_depth: null,
    crls: s.crls ? s.crls.map((c) => c.toString('pem')) : null,
  };
}

/** Runs a spec through the conformance harness. */
export function runCase(s: CaseSpec): Promise<LimboResult> {
  return runTestcase(limboCase(s));
}

const fullName = (names: readonly NameSpec[]) =>
  encodeTlv(0xa0, encodeTlv(0xa0, ...names.map((n) => generalName(n, false))));

/** A cRLDistributionPoints extension with one distribution point of `names` (RFC 5280 4.2.1.13). */
export function cdpExtension(names: readonly NameSpec[]): x509.Extension {
  return rawExtension('2.5.29.31', false, derSequence(derSequence(fullName(names))));
}

/** What an issuingDistributionPoint says (RFC 5280 5.2.5). */
export interface IdpSpec {
  readonly fullName?: readonly NameSpec[];
  /** nameRelativeToCRLIssuer, as the DER of the RDN's AttributeTypeAndValue SEQUENCEs. */
  readonly relativeName?: Uint8Array;
  readonly onlyUser?: boolean;
  readonly onlyCa?: boolean;
  readonly indirect?: boolean;
  readonly onlyAttribute?: boolean;
}

/** A critical issuingDistributionPoint CRL extension. */
export function idpExtension(i: IdpSpec): x509.Extension {
  const parts: Uint8Array[] = [];
  if (i.fullName) parts.push(fullName(i.fullName));
  if (i.relativeName) parts.push(encodeTlv(0xa0, encodeTlv(0xa1, i.relativeName)));
  const flag = (tag: number) => encodeTlv(tag, derBoolean(true).subarray(2));
  if (i.onlyUser) parts.push(flag(0x81));
  if (i.onlyCa) parts.push(flag(0x82));
  if (i.indirect) parts.push(flag(0x84));
  if (i.onlyAttribute) parts.push(flag(0x85));
  return rawExtension('2.5.29.28', true, derSequence(...parts));
}

/**
 * A copy of `crl` whose TBSCertList went through `patch` (bytes of equal length, for example one serial
 * turned into another), signed again with `signer`'s key: for CRLs the generator refuses to make.
 */
export async function patchCrl(
  crl: x509.X509Crl,
  signer: Minted,
  patch: (tbs: Uint8Array) => Uint8Array,
): Promise<x509.X509Crl> {
  const der = new Uint8Array(crl.rawData);
  const outer = readRoot(der);
  const tbsTlv = readTlv(der, outer.valueStart, outer.end);
  const algTlv = readTlv(der, tbsTlv.end, outer.end);
  const tbs = patch(der.slice(tbsTlv.start, tbsTlv.end));
  const key = KeyObject.from(signer.keys.privateKey as unknown as Parameters<typeof KeyObject.from>[0]);
  const sig = sign('sha256', tbs, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key);
  const out = derSequence(tbs, der.slice(algTlv.start, algTlv.end), derBitString(new Uint8Array(sig)));
  return new X509Crl(out);
}
