import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  ExtendedKeyUsage,
  Extension,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  type SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import type { SanLists } from './classify-sans';
import { OID } from './oid-names';

function extension(oid: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** basicConstraints, always critical: RFC 5280 §4.2.1.9 requires it for CAs and CA/B BR §7.1.2 marks leaves CA:FALSE. */
export function basicConstraintsExtension(isCA: boolean, pathLen?: number): Extension {
  const value = new BasicConstraints({ cA: isCA, ...(isCA && pathLen !== undefined ? { pathLenConstraint: pathLen } : {}) });
  return extension(OID.basicConstraints, true, value);
}

/** keyUsage, critical as RFC 5280 §4.2.1.3 recommends. */
export function keyUsageExtension(mask: number): Extension {
  return extension(OID.keyUsage, true, new KeyUsage(mask));
}

export function extKeyUsageExtension(oids: string[]): Extension {
  return extension(OID.extKeyUsage, false, new ExtendedKeyUsage(oids));
}

/** SAN is critical only when the subject is empty (RFC 5280 §4.2.1.6). */
export function subjectAltNameExtension(sans: SanLists, subjectIsEmpty: boolean): Extension {
  const names = [
    ...sans.dns.map((dNSName) => new GeneralName({ dNSName })),
    ...sans.ip.map((iPAddress) => new GeneralName({ iPAddress })),
    ...sans.uri.map((uniformResourceIdentifier) => new GeneralName({ uniformResourceIdentifier })),
    ...sans.email.map((rfc822Name) => new GeneralName({ rfc822Name })),
  ];
  return extension(OID.subjectAltName, subjectIsEmpty, new SubjectAlternativeName(names));
}

/** Key identifier method 1 of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey BIT STRING value (what OpenSSL does). */
export function keyIdentifier(spki: SubjectPublicKeyInfo): Buffer {
  return createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest();
}

export function subjectKeyIdentifierExtension(id: Uint8Array): Extension {
  return extension(OID.subjectKeyIdentifier, false, new SubjectKeyIdentifier(toArrayBuffer(id)));
}

export function authorityKeyIdentifierExtension(id: Uint8Array): Extension {
  return extension(OID.authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(toArrayBuffer(id)) }));
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
