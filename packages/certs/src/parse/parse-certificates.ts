import { assertInputSize, invalid, toBytes, type BinaryOrText } from './input';
import { measureDer } from './der-length';
import { parsePkcs7Certificates } from './parse-pkcs7';
import { looksLikePem, splitPem } from './pem';
import { certificateFromDer, type LoadedCertificate } from '../x509/load-certificate';

const CERT_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'];
const PKCS7_LABELS = ['PKCS7', 'CMS'];

/**
 * Every certificate in the input, in input order, as PEM: a PEM bundle (CERTIFICATE and PKCS7 blocks; key
 * blocks and text around blocks are skipped), one DER certificate, or DER PKCS#7. Nothing found → invalid.
 */
export function parseCertificates(input: BinaryOrText, path = 'input'): string[] {
  return loadCertificates(input, path).map((c) => c.pem);
}

export function loadCertificates(input: BinaryOrText, path = 'input'): LoadedCertificate[] {
  assertInputSize(input, path);
  const bytes = toBytes(input);
  const ders: Buffer[] = [];
  if (typeof input === 'string' || looksLikePem(bytes)) {
    for (const block of splitPem(bytes.toString('utf8'), path)) {
      if (CERT_LABELS.includes(block.label)) ders.push(block.label === 'TRUSTED CERTIFICATE' ? block.der.subarray(0, measureDer(block.der, path)) : block.der);
      else if (PKCS7_LABELS.includes(block.label)) ders.push(...parsePkcs7Certificates(block.der, path));
    }
    if (ders.length === 0) throw invalid(`${path} holds no certificate (no CERTIFICATE or PKCS7 PEM block)`, path);
  } else {
    if (bytes[0] !== 0x30) throw invalid(`${path} is neither PEM nor DER (first byte 0x${(bytes[0] ?? 0).toString(16).padStart(2, '0')})`, path);
    const total = measureDer(bytes, path);
    if (total !== undefined && total !== bytes.length) throw invalid(`${path} has ${bytes.length - total} bytes after its DER structure`, path);
    ders.push(...(isPkcs7(bytes) ? parsePkcs7Certificates(bytes, path) : [bytes]));
    if (ders.length === 0) throw invalid(`${path} is a PKCS#7 bundle without certificates`, path);
  }
  return ders.map((der, i) => certificateFromDer(der, ders.length > 1 ? `${path}[${i}]` : path));
}

// ContentInfo starts SEQUENCE { OBJECT IDENTIFIER ... }; a certificate starts SEQUENCE { SEQUENCE ... }.
function isPkcs7(der: Buffer): boolean {
  const lengthByte = der[1] ?? 0;
  const headerLength = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
  return der[headerLength] === 0x06;
}
