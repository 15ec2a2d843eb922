import { expectSequence, malformed, readTlv, type Tlv, UniversalTag } from '../../internal/der/tlv.js';
import { isDerBoolean, readBoolean, readOid } from '../../internal/der/values.js';
import { ExtensionOid } from '../../internal/oids.js';
import type { DeviationReport } from '../encoding-deviation.js';

/**
 * One extension as encoded: its OID, name, criticality and the DER inside its OCTET STRING.
 * @see RFC 5280 section 4.1.2.9
 */
export interface Extension {
  /** The extension OID (`2.5.29.17` for subjectAltName). */
  readonly oid: string;
  /** certkit's name for it (`subjectAltName`, `keyUsage`, …), or the OID when unknown. */
  readonly name: string;
  /** Whether a validator that does not understand it must reject the certificate. */
  readonly critical: boolean;
  /** The extension value: the DER inside the extnValue OCTET STRING (a view, not a copy). */
  readonly value: Uint8Array;
}

const NAME_BY_OID = new Map<string, string>(Object.entries(ExtensionOid).map(([name, oid]) => [oid, name]));

/**
 * certkit's name for an extension OID (`subjectAltName`, `keyUsage`, …), or the OID itself.
 *
 * @example
 * ```ts
 * import { extensionName } from 'certkit/x509';
 * extensionName('2.5.29.17'); // 'subjectAltName'
 * ```
 * @see RFC 5280 section 4.2
 */
export function extensionName(oid: string): string {
  return NAME_BY_OID.get(oid) ?? oid;
}

/**
 * Decodes `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` at `seq`, keeping duplicates and order.
 * `report` receives encoding deviations of the criticality: FALSE written out (X.690 11.5), TRUE as a
 * byte other than 0xFF (X.690 11.1); the field is `<extension name>.critical`.
 */
export function readExtensionList(der: Uint8Array, seq: Tlv, report?: DeviationReport): Extension[] {
  const out: Extension[] = [];
  walkExtensions(der, seq, report, (oid, critical, value) => {
    out.push({ oid, name: extensionName(oid), critical, value: der.subarray(value.valueStart, value.end) });
  });
  return out;
}

/**
 * Checks every Extension of the list at `seq` as {@link readExtensionList} does, in order, and calls
 * `visit` with each one's OID, criticality and extnValue OCTET STRING, allocating nothing of its own.
 */
export function walkExtensions(
  der: Uint8Array,
  seq: Tlv,
  report: DeviationReport | undefined,
  visit: (oid: string, critical: boolean, value: Tlv) => void,
): void {
  expectSequence(seq, 'Extensions');
  let pos = seq.valueStart;
  while (pos < seq.end) {
    const ext = expectSequence(readTlv(der, pos, seq.end), 'Extension');
    const oidTlv = readTlv(der, ext.valueStart, ext.end);
    let next = readTlv(der, oidTlv.end, ext.end);
    let critical = false;
    let criticalTlv: Tlv | undefined;
    if (next.cls === 0 && next.tag === UniversalTag.boolean) {
      critical = readBoolean(der, next);
      criticalTlv = next;
      next = readTlv(der, next.end, ext.end);
    }
    if (next.cls !== 0 || next.tag !== UniversalTag.octetString || next.constructed) {
      malformed(next.start, 'Extension: expected an OCTET STRING value');
    }
    if (next.end !== ext.end) malformed(next.end, 'Extension has extra fields');
    const oid = readOid(der, oidTlv);
    if (report && criticalTlv) {
      const field = `${extensionName(oid)}.critical`;
      if (!critical)
        report('explicit-default', 'critical FALSE is written out though it is the DEFAULT', field);
      else if (!isDerBoolean(der, criticalTlv))
        report('boolean-not-der', 'critical TRUE is not encoded as 0xFF', field);
    }
    visit(oid, critical, next);
    pos = ext.end;
  }
}
