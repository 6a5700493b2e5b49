import { createPublicKey } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { fingerprintDer, type Fingerprints } from '../fingerprint';
import { describeKey, type CurveName, type KeyAlgorithm } from '../keys/key-info';
import { errorMessage, invalid } from '../parse/input';
import type { SanLists } from './classify-sans';
import { loadCertificate, type CertificateInput, type LoadedCertificate } from './load-certificate';
import { describeName, type NameView } from './names';
import { nameOid } from './oid-names';
import { colonHex, readExtensions } from './read-extensions';
import { serialToHex } from './serial';
import type { KeyUsageName } from './usages';

/** A certificate's fields, decoded for display, storage and policy checks. */
export interface CertificateView {
  version: number;
  serialHex: string;
  signatureAlgorithm: string;
  subject: NameView;
  issuer: NameView;
  notBefore: Date;
  notAfter: Date;
  sans: SanLists;
  /** SAN kinds without a list of their own (directoryName, otherName, registeredID). */
  otherSans: string[];
  keyAlgorithm: KeyAlgorithm;
  keySize: number;
  curve?: CurveName;
  publicKeyPem: string;
  isCA: boolean;
  pathLen?: number;
  /** Absent extension = undefined (no restriction), not an empty list. */
  keyUsage?: KeyUsageName[];
  extKeyUsage?: string[];
  fingerprints: Fingerprints;
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** Subject equals issuer and the certificate's own key verifies its signature. */
  isSelfSigned: boolean;
  extensions: { oid: string; name: string; critical: boolean }[];
  pem: string;
}

/** Decodes one certificate (PEM or DER). Malformed input → DomainError invalid. */
export function decodeCertificate(input: CertificateInput): CertificateView {
  return viewOf(loadCertificate(input));
}

export function viewOf(cert: LoadedCertificate): CertificateView {
  const tbs = cert.asn.tbsCertificate;
  const ext = readExtensions(tbs.extensions);
  const spkiDer = AsnConvert.serialize(tbs.subjectPublicKeyInfo ?? new SubjectPublicKeyInfo());
  let publicKey;
  try {
    publicKey = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  } catch (e) {
    throw invalid(`certificate public key is unreadable: ${errorMessage(e)}`, 'certificate');
  }
  const key = describeKey(publicKey);
  const subject = describeName(tbs.subject);
  const issuer = describeName(tbs.issuer);
  const view: CertificateView = {
    version: tbs.version + 1,
    serialHex: serialToHex(tbs.serialNumber),
    signatureAlgorithm: nameOid(cert.asn.signatureAlgorithm.algorithm),
    subject,
    issuer,
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    sans: ext.sans,
    otherSans: ext.otherSans,
    keyAlgorithm: key.algorithm,
    keySize: key.size,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    isCA: ext.basicConstraints?.isCA ?? false,
    fingerprints: fingerprintDer(cert.der),
    isSelfSigned: cert.x509.subject === cert.x509.issuer && safeVerify(cert),
    extensions: ext.list,
    pem: cert.pem,
  };
  if (key.curve) view.curve = key.curve;
  if (ext.basicConstraints?.pathLen !== undefined) view.pathLen = ext.basicConstraints.pathLen;
  if (ext.keyUsage) view.keyUsage = ext.keyUsage;
  if (ext.extKeyUsage) view.extKeyUsage = ext.extKeyUsage;
  if (ext.subjectKeyId) view.subjectKeyId = colonHex(ext.subjectKeyId);
  if (ext.authorityKeyId) view.authorityKeyId = colonHex(ext.authorityKeyId);
  return view;
}

function safeVerify(cert: LoadedCertificate): boolean {
  try {
    return cert.x509.verify(cert.x509.publicKey);
  } catch {
    return false;
  }
}
