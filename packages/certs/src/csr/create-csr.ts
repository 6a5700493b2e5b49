import { createPublicKey } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Attributes, CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { Attribute, Extensions } from '@peculiar/asn1-x509';
import { toPrivateKey, type KeyInput } from '../keys/key-input';
import { toPem } from '../parse/pem';
import { spkiOf } from '../x509/build-certificate';
import { classifySans } from '../x509/classify-sans';
import { subjectAltNameExtension, toArrayBuffer } from '../x509/extensions';
import { buildName, isEmptyName, type DistinguishedName } from '../x509/names';
import { OID } from '../x509/oid-names';
import { algorithmIdentifierFor, signBytes, signatureSchemeFor } from '../x509/signature';

/** Makes a PKCS#10 request (RFC 2986) for a key, with SANs in an extensionRequest attribute, for an outside CA to sign. */
export function createCsr(request: { subject: DistinguishedName; sans?: readonly string[]; privateKey: KeyInput }): { pem: string; der: Buffer } {
  const key = toPrivateKey(request.privateKey, 'privateKey');
  const subject = buildName(request.subject);
  const sans = classifySans(request.sans ?? []);
  const attributes = new Attributes();
  if (sans.dns.length + sans.ip.length + sans.uri.length + sans.email.length > 0) {
    const extensions = new Extensions([subjectAltNameExtension(sans, isEmptyName(subject))]);
    attributes.push(new Attribute({ type: OID.extensionRequest, values: [AsnConvert.serialize(extensions)] }));
  }
  const info = new CertificationRequestInfo({ version: 0, subject, subjectPKInfo: spkiOf(createPublicKey(key)), attributes });
  const scheme = signatureSchemeFor(key);
  const signature = signBytes(scheme, new Uint8Array(AsnConvert.serialize(info)), key);
  const der = Buffer.from(AsnConvert.serialize(new CertificationRequest({ certificationRequestInfo: info, signatureAlgorithm: algorithmIdentifierFor(scheme), signature: toArrayBuffer(signature) })));
  return { pem: toPem('CERTIFICATE REQUEST', der), der };
}
