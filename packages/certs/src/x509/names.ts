import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { invalid } from '../parse/input';
import { OID, nameOid } from './oid-names';

/** The subject fields the product lets operators set. Everything else in a CSR's subject is kept as-is when signing. */
export interface DistinguishedName {
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
  locality?: string;
  state?: string;
  /** Two-letter ISO 3166 code. */
  country?: string;
}

/** A decoded name: OpenSSL-style text (`C = US, O = Example, CN = foo`) plus its attributes in DER order. */
export interface NameView {
  text: string;
  commonName?: string;
  attributes: { type: string; oid: string; value: string }[];
}

// Written most significant first, as OpenSSL and most CAs order them; upper bounds from RFC 5280 Appendix A (ub-*).
const FIELDS: { key: keyof DistinguishedName; oid: string; max: number }[] = [
  { key: 'country', oid: OID.country, max: 2 },
  { key: 'state', oid: OID.state, max: 128 },
  { key: 'locality', oid: OID.locality, max: 128 },
  { key: 'organization', oid: OID.organization, max: 64 },
  { key: 'organizationalUnit', oid: OID.organizationalUnit, max: 64 },
  { key: 'commonName', oid: OID.commonName, max: 64 },
];

/**
 * Builds an X.501 Name. Values are UTF8String (RFC 5280 §4.1.2.4: "CAs MUST use UTF8String" for new
 * certificates) except countryName, which X.520 fixes as a two-letter PrintableString.
 */
export function buildName(dn: DistinguishedName, path = 'subject'): Name {
  const rdns: RelativeDistinguishedName[] = [];
  for (const field of FIELDS) {
    const raw = dn[field.key];
    if (raw === undefined) continue;
    const value = raw.trim();
    const fieldPath = `${path}.${field.key}`;
    if (value === '') throw invalid(`${fieldPath} is empty`, fieldPath);
    if (value.length > field.max) throw invalid(`${fieldPath} is longer than ${field.max} characters (RFC 5280 upper bound)`, fieldPath);
    if (field.key === 'country' && !/^[A-Z]{2}$/.test(value)) throw invalid(`${fieldPath} must be two capital letters (ISO 3166)`, fieldPath);
    const attrValue = field.key === 'country' ? new AttributeValue({ printableString: value }) : new AttributeValue({ utf8String: value });
    rdns.push(new RelativeDistinguishedName([new AttributeTypeAndValue({ type: field.oid, value: attrValue })]));
  }
  return new Name(rdns);
}

/** Decodes a Name into text and attributes. */
export function describeName(name: Name): NameView {
  const attributes: NameView['attributes'] = [];
  for (const rdn of name) {
    for (const atv of rdn) attributes.push({ type: nameOid(atv.type), oid: atv.type, value: attributeText(atv.value) });
  }
  const commonNames = attributes.filter((a) => a.oid === OID.commonName);
  const view: NameView = { text: attributes.map((a) => `${a.type} = ${a.value}`).join(', '), attributes };
  const cn = commonNames[commonNames.length - 1];
  if (cn) view.commonName = cn.value;
  return view;
}

function attributeText(value: AttributeValue): string {
  if (value.anyValue) return `#${Buffer.from(value.anyValue).toString('hex')}`;
  return value.toString();
}

export function isEmptyName(name: Name): boolean {
  return name.length === 0;
}
