import { createPublicKey, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { Extensions } from '@peculiar/asn1-x509';
import { measureDer } from '../parse/der-length';
import { assertInputSize, errorMessage, invalid, toBytes, type BinaryOrText } from '../parse/input';
import { looksLikePem, splitPem, toPem } from '../parse/pem';
import { OID } from '../x509/oid-names';
import { readExtensions, type ReadExtensions } from '../x509/read-extensions';
import { schemeForOid, verifyBytes } from '../x509/signature';

/** A PKCS#10 request read once: ASN.1, public key, requested extensions, and whether its self-signature holds. */
export interface LoadedCsr {
  der: Buffer;
  pem: string;
  asn: CertificationRequest;
  publicKey: KeyObject;
  requested: ReadExtensions;
  signatureValid: boolean;
}

const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

export function loadCsr(input: BinaryOrText, path = 'csr'): LoadedCsr {
  assertInputSize(input, path);
  const bytes = toBytes(input);
  let der: Buffer;
  if (typeof input === 'string' || looksLikePem(bytes)) {
    const block = splitPem(bytes.toString('utf8'), path).find((b) => CSR_LABELS.includes(b.label));
    if (!block) throw invalid(`${path} holds no CERTIFICATE REQUEST PEM block`, path);
    der = block.der;
  } else {
    const total = measureDer(bytes, path);
    if (total !== undefined && total !== bytes.length) throw invalid(`${path} has ${bytes.length - total} bytes after the request`, path);
    der = bytes;
  }
  let asn: CertificationRequest;
  let publicKey: KeyObject;
  try {
    asn = AsnConvert.parse(der, CertificationRequest);
    publicKey = createPublicKey({ key: Buffer.from(AsnConvert.serialize(asn.certificationRequestInfo.subjectPKInfo)), format: 'der', type: 'spki' });
  } catch (e) {
    throw invalid(`${path} is not a PKCS#10 certificate request: ${errorMessage(e)}`, path);
  }
  let extensions: Extensions;
  try {
    extensions = extensionRequest(asn);
  } catch (e) {
    throw invalid(`${path} has a malformed extensionRequest attribute: ${errorMessage(e)}`, path);
  }
  const requested = readExtensions(extensions, path);
  const scheme = schemeForOid(asn.signatureAlgorithm.algorithm);
  const info = asn.certificationRequestInfoRaw ?? AsnConvert.serialize(asn.certificationRequestInfo);
  const signatureValid = scheme !== undefined && verifyBytes(scheme, new Uint8Array(info), publicKey, new Uint8Array(asn.signature));
  return { der: Buffer.from(der), pem: toPem('CERTIFICATE REQUEST', der), asn, publicKey, requested, signatureValid };
}

/** The extensionRequest attribute (PKCS#9, RFC 2985 §5.4.2) where requesters put SANs and usages. */
function extensionRequest(asn: CertificationRequest): Extensions {
  const attr = (asn.certificationRequestInfo.attributes ?? []).find((a) => a.type === OID.extensionRequest);
  const value = attr?.values[0];
  return value ? AsnConvert.parse(value, Extensions) : new Extensions();
}
