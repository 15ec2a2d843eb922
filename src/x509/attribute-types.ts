/**
 * Name attribute types (X.520, PKCS#9, RFC 4519): OID to the short name OpenSSL prints, plus the
 * aliases `DistinguishedName.get()` accepts.
 */
const ATTRIBUTE_TYPES: ReadonlyArray<readonly [oid: string, shortName: string, ...aliases: string[]]> = [
  ['2.5.4.3', 'CN', 'commonName'],
  ['2.5.4.4', 'SN', 'surname'],
  ['2.5.4.5', 'serialNumber'],
  ['2.5.4.6', 'C', 'countryName'],
  ['2.5.4.7', 'L', 'localityName'],
  ['2.5.4.8', 'ST', 'stateOrProvinceName', 'S'],
  ['2.5.4.9', 'street', 'streetAddress'],
  ['2.5.4.10', 'O', 'organizationName'],
  ['2.5.4.11', 'OU', 'organizationalUnitName'],
  ['2.5.4.12', 'title'],
  ['2.5.4.13', 'description'],
  ['2.5.4.15', 'businessCategory'],
  ['2.5.4.16', 'postalAddress'],
  ['2.5.4.17', 'postalCode'],
  ['2.5.4.18', 'postOfficeBox'],
  ['2.5.4.20', 'telephoneNumber'],
  ['2.5.4.41', 'name'],
  ['2.5.4.42', 'GN', 'givenName'],
  ['2.5.4.43', 'initials'],
  ['2.5.4.44', 'generationQualifier'],
  ['2.5.4.45', 'x500UniqueIdentifier'],
  ['2.5.4.46', 'dnQualifier'],
  ['2.5.4.51', 'houseIdentifier'],
  ['2.5.4.54', 'dmdName'],
  ['2.5.4.65', 'pseudonym'],
  ['2.5.4.72', 'role'],
  ['2.5.4.97', 'organizationIdentifier'],
  ['1.2.840.113549.1.9.1', 'emailAddress', 'E', 'email'],
  ['1.2.840.113549.1.9.2', 'unstructuredName'],
  ['1.2.840.113549.1.9.8', 'unstructuredAddress'],
  ['0.9.2342.19200300.100.1.1', 'UID', 'userId'],
  ['0.9.2342.19200300.100.1.25', 'DC', 'domainComponent'],
  ['1.3.6.1.4.1.311.60.2.1.1', 'jurisdictionL', 'jurisdictionLocalityName'],
  ['1.3.6.1.4.1.311.60.2.1.2', 'jurisdictionST', 'jurisdictionStateOrProvinceName'],
  ['1.3.6.1.4.1.311.60.2.1.3', 'jurisdictionC', 'jurisdictionCountryName'],
];

const SHORT_NAME = new Map<string, string>();
const OID_BY_NAME = new Map<string, string>();
for (const [oid, ...names] of ATTRIBUTE_TYPES) {
  SHORT_NAME.set(oid, names[0]!);
  for (const n of names) OID_BY_NAME.set(n.toLowerCase(), oid);
}

/** OpenSSL's short name for an attribute type, or the dotted OID when it has none. */
export function attributeShortName(oid: string): string {
  return SHORT_NAME.get(oid) ?? oid;
}

/** Whether certkit knows a short name for this attribute type. */
export function isKnownAttributeType(oid: string): boolean {
  return SHORT_NAME.has(oid);
}

/** The OID for a short name, long name or alias (case-insensitive), or the input if it is a dotted OID. */
export function attributeOid(nameOrOid: string): string | undefined {
  const byName = OID_BY_NAME.get(nameOrOid.toLowerCase());
  if (byName !== undefined) return byName;
  return /^\d+(\.\d+)+$/.test(nameOrOid) ? nameOrOid : undefined;
}
