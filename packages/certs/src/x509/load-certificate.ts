import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { assertInputSize, errorMessage, invalid, toBytes, type BinaryOrText } from '../parse/input';
import { measureDer } from '../parse/der-length';
import { looksLikePem, splitPem, toPem } from '../parse/pem';

/** One certificate as callers hold it: PEM text or DER bytes. */
export type CertificateInput = BinaryOrText;

/** A certificate read both ways: the ASN.1 tree for fields, node:crypto's object for OpenSSL's checks. */
export interface LoadedCertificate {
  der: Buffer;
  pem: string;
  asn: Certificate;
  x509: X509Certificate;
}

const CERT_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'];

/** Reads exactly one certificate (PEM or DER). Bundles go through parseCertificates instead. */
export function loadCertificate(input: CertificateInput, path = 'certificate'): LoadedCertificate {
  assertInputSize(input, path);
  const bytes = toBytes(input);
  if (typeof input === 'string' || looksLikePem(bytes)) {
    const blocks = splitPem(bytes.toString('utf8'), path).filter((b) => CERT_LABELS.includes(b.label));
    if (blocks.length === 0) throw invalid(`${path} holds no CERTIFICATE PEM block`, path);
    if (blocks.length > 1) throw invalid(`${path} holds ${blocks.length} certificates; expected one`, path);
    const block = blocks[0] ?? { der: Buffer.alloc(0), label: '' };
    // OpenSSL's TRUSTED CERTIFICATE appends trust settings after the certificate; only the certificate is read.
    const der = block.label === 'TRUSTED CERTIFICATE' ? block.der.subarray(0, measureDer(block.der, path)) : block.der;
    return certificateFromDer(der, path);
  }
  return certificateFromDer(bytes, path);
}

/** Parses DER that must be exactly one X.509 certificate; trailing bytes are refused. */
export function certificateFromDer(der: Buffer, path = 'certificate'): LoadedCertificate {
  const total = measureDer(der, path);
  if (total !== undefined && total !== der.length) throw invalid(`${path} has ${der.length - total} bytes after the certificate`, path);
  const exact = der;
  let asn: Certificate;
  let x509: X509Certificate;
  try {
    asn = AsnConvert.parse(exact, Certificate);
    x509 = new X509Certificate(exact);
    // OpenSSL decodes the public key lazily; reading it here turns a damaged key into 'invalid' now, not a crash later.
    void x509.publicKey;
  } catch (e) {
    throw invalid(`${path} is not an X.509 certificate: ${errorMessage(e)}`, path);
  }
  return { der: Buffer.from(exact), pem: toPem('CERTIFICATE', exact), asn, x509 };
}
