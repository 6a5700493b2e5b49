import type { KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Extensions, SubjectPublicKeyInfo, TBSCertificate, Validity, Version, type Extension, type Name } from '@peculiar/asn1-x509';
import { algorithmIdentifierFor, signBytes, signatureSchemeFor } from './signature';
import { toArrayBuffer } from './extensions';

/** Everything that goes into one certificate, already validated. */
export interface CertificateParts {
  serial: Buffer;
  subject: Name;
  issuer: Name;
  notBefore: Date;
  notAfter: Date;
  spki: SubjectPublicKeyInfo;
  extensions: Extension[];
  signingKey: KeyObject;
}

/**
 * Assembles and signs an X.509 v3 certificate (RFC 5280 §4.1): the ASN.1 comes from @peculiar/asn1-x509, the
 * signature from node:crypto. Times before 2050 are UTCTime, later ones GeneralizedTime (§4.1.2.5), which
 * asn1-x509's Time does; sub-second parts are dropped there too.
 */
export function buildCertificate(parts: CertificateParts): Buffer {
  const scheme = signatureSchemeFor(parts.signingKey);
  const algorithm = algorithmIdentifierFor(scheme);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(parts.serial),
    signature: algorithm,
    issuer: parts.issuer,
    validity: new Validity({ notBefore: parts.notBefore, notAfter: parts.notAfter }),
    subject: parts.subject,
    subjectPublicKeyInfo: parts.spki,
    ...(parts.extensions.length > 0 ? { extensions: new Extensions(parts.extensions) } : {}),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = signBytes(scheme, tbsDer, parts.signingKey);
  const certificate = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: toArrayBuffer(signature) });
  return Buffer.from(AsnConvert.serialize(certificate));
}

/** The SubjectPublicKeyInfo of a public key, in asn1-x509's form. */
export function spkiOf(publicKey: KeyObject): SubjectPublicKeyInfo {
  return AsnConvert.parse(publicKey.export({ format: 'der', type: 'spki' }), SubjectPublicKeyInfo);
}
