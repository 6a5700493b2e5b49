import { DomainError, type ErrorDetail } from '@gatehouse/domain/errors/domain-error';

/** keyUsage bits in RFC 5280 §4.2.1.3 order (bit 0 first), with the labels `openssl x509 -text` prints. */
const KEY_USAGE_BITS = [
  ['digitalSignature', 'Digital Signature'],
  ['nonRepudiation', 'Non Repudiation'],
  ['keyEncipherment', 'Key Encipherment'],
  ['dataEncipherment', 'Data Encipherment'],
  ['keyAgreement', 'Key Agreement'],
  ['keyCertSign', 'Certificate Sign'],
  ['cRLSign', 'CRL Sign'],
  ['encipherOnly', 'Encipher Only'],
  ['decipherOnly', 'Decipher Only'],
] as const;

export type KeyUsageName = (typeof KEY_USAGE_BITS)[number][0];
export const KEY_USAGE_NAMES: readonly KeyUsageName[] = KEY_USAGE_BITS.map(([name]) => name);

/** Extended key usage purposes (RFC 5280 §4.2.1.12) the product knows by name. */
export const EXT_KEY_USAGE_OIDS = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

export type ExtKeyUsageName = keyof typeof EXT_KEY_USAGE_OIDS;

const EKU_LABELS: Record<ExtKeyUsageName, string> = {
  serverAuth: 'TLS Web Server Authentication',
  clientAuth: 'TLS Web Client Authentication',
  codeSigning: 'Code Signing',
  emailProtection: 'E-mail Protection',
  timeStamping: 'Time Stamping',
  OCSPSigning: 'OCSP Signing',
  anyExtendedKeyUsage: 'Any Extended Key Usage',
};

/** keyUsage names → the bit mask asn1-x509's KeyUsage takes (bit n = 1 << n). Unknown names are refused. */
export function keyUsageMask(names: readonly string[], path = 'keyUsage'): number {
  const details: ErrorDetail[] = [];
  let mask = 0;
  names.forEach((name, i) => {
    const bit = KEY_USAGE_NAMES.indexOf(name as KeyUsageName);
    if (bit < 0) details.push({ path: `${path}[${i}]`, message: `unknown key usage '${name}' (known: ${KEY_USAGE_NAMES.join(', ')})` });
    else mask |= 1 << bit;
  });
  if (details.length > 0) throw new DomainError('invalid', details.map((d) => d.message).join('; '), details);
  return mask;
}

export function keyUsageNames(mask: number): KeyUsageName[] {
  return KEY_USAGE_NAMES.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

export function keyUsageLabel(name: KeyUsageName): string {
  return KEY_USAGE_BITS.find(([n]) => n === name)?.[1] ?? name;
}

/** Extended key usage names → OIDs. A dotted OID is accepted as-is for purposes without a name here. */
export function extKeyUsageOids(names: readonly string[], path = 'extKeyUsage'): string[] {
  const details: ErrorDetail[] = [];
  const oids = names.map((name, i) => {
    if (name in EXT_KEY_USAGE_OIDS) return EXT_KEY_USAGE_OIDS[name as ExtKeyUsageName];
    if (/^\d+(\.\d+)+$/.test(name)) return name;
    details.push({ path: `${path}[${i}]`, message: `unknown extended key usage '${name}' (known: ${Object.keys(EXT_KEY_USAGE_OIDS).join(', ')}, or a dotted OID)` });
    return '';
  });
  if (details.length > 0) throw new DomainError('invalid', details.map((d) => d.message).join('; '), details);
  return [...new Set(oids)];
}

/** OID → name (`serverAuth`), or the OID when it has no name here. */
export function extKeyUsageName(oid: string): string {
  const entry = Object.entries(EXT_KEY_USAGE_OIDS).find(([, o]) => o === oid);
  return entry ? entry[0] : oid;
}

export function extKeyUsageLabel(nameOrOid: string): string {
  return nameOrOid in EKU_LABELS ? EKU_LABELS[nameOrOid as ExtKeyUsageName] : nameOrOid;
}
