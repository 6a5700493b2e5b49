import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  ExtendedKeyUsage,
  KeyUsage,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  type Extension,
  type GeneralName,
} from '@peculiar/asn1-x509';
import { errorMessage, invalid } from '../parse/input';
import type { SanLists } from './classify-sans';
import { OID, nameOid } from './oid-names';
import { extKeyUsageName, keyUsageNames, type KeyUsageName } from './usages';

/** The extensions this package understands, decoded; `list` names every extension present, known or not. */
export interface ReadExtensions {
  basicConstraints?: { isCA: boolean; pathLen?: number };
  keyUsage?: KeyUsageName[];
  /** Names (`serverAuth`) or dotted OIDs for purposes without a name. */
  extKeyUsage?: string[];
  sans: SanLists;
  /** directoryName, otherName and other GeneralName kinds, as text. */
  otherSans: string[];
  subjectKeyId?: Buffer;
  authorityKeyId?: Buffer;
  list: { oid: string; name: string; critical: boolean }[];
}

/** Extensions that path validation in this package acts on (RFC 5280 §6.1.3 (o): others must not be critical). */
export const UNDERSTOOD_EXTENSIONS: readonly string[] = [
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
];

export function readExtensions(extensions: readonly Extension[] | undefined, path = 'certificate'): ReadExtensions {
  const out: ReadExtensions = { sans: { dns: [], ip: [], uri: [], email: [] }, otherSans: [], list: [] };
  for (const ext of extensions ?? []) {
    out.list.push({ oid: ext.extnID, name: nameOid(ext.extnID), critical: ext.critical });
    try {
      readOne(ext, out);
    } catch (e) {
      throw invalid(`${path} has a malformed ${nameOid(ext.extnID)} extension: ${errorMessage(e)}`, path);
    }
  }
  return out;
}

function readOne(ext: Extension, out: ReadExtensions): void {
  const value = ext.extnValue.buffer;
  switch (ext.extnID) {
    case OID.basicConstraints: {
      const bc = AsnConvert.parse(value, BasicConstraints);
      out.basicConstraints = { isCA: bc.cA, ...(bc.cA && bc.pathLenConstraint !== undefined ? { pathLen: bc.pathLenConstraint } : {}) };
      return;
    }
    case OID.keyUsage:
      out.keyUsage = keyUsageNames(AsnConvert.parse(value, KeyUsage).toNumber());
      return;
    case OID.extKeyUsage:
      out.extKeyUsage = AsnConvert.parse(value, ExtendedKeyUsage).map((oid) => extKeyUsageName(oid));
      return;
    case OID.subjectAltName:
      for (const name of AsnConvert.parse(value, SubjectAlternativeName)) addSan(name, out);
      return;
    case OID.subjectKeyIdentifier:
      out.subjectKeyId = Buffer.from(AsnConvert.parse(value, SubjectKeyIdentifier).buffer);
      return;
    case OID.authorityKeyIdentifier: {
      const aki = AsnConvert.parse(value, AuthorityKeyIdentifier);
      if (aki.keyIdentifier) out.authorityKeyId = Buffer.from(aki.keyIdentifier.buffer);
      return;
    }
    default:
  }
}

function addSan(name: GeneralName, out: ReadExtensions): void {
  if (name.dNSName !== undefined) out.sans.dns.push(name.dNSName);
  else if (name.iPAddress !== undefined) out.sans.ip.push(name.iPAddress);
  else if (name.uniformResourceIdentifier !== undefined) out.sans.uri.push(name.uniformResourceIdentifier);
  else if (name.rfc822Name !== undefined) out.sans.email.push(name.rfc822Name);
  else if (name.registeredID !== undefined) out.otherSans.push(`Registered ID:${name.registeredID}`);
  else if (name.directoryName !== undefined) out.otherSans.push('DirName');
  else if (name.otherName !== undefined) out.otherSans.push(`othername:${name.otherName.typeId}`);
  else out.otherSans.push('<unsupported>');
}

/** Colon-separated upper-case hex, as OpenSSL prints key identifiers and fingerprints. */
export function colonHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/(..)(?=.)/g, '$1:');
}
