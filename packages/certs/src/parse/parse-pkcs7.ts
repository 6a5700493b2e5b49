import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData, id_signedData } from '@peculiar/asn1-cms';
import { errorMessage, invalid } from './input';

/**
 * Certificates inside a PKCS#7 / CMS SignedData (RFC 5652 §5), as `openssl crl2pkcs7 -nocrl` and Windows
 * `.p7b` exports make them. Only the certificate set is read; signatures and content are ignored.
 */
export function parsePkcs7Certificates(der: Uint8Array, path = 'input'): Buffer[] {
  let signed: SignedData;
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== id_signedData) throw invalid(`${path} is PKCS#7 of type ${info.contentType}, not signedData`, path);
    signed = AsnConvert.parse(info.content, SignedData);
  } catch (e) {
    if (e instanceof Error && e.name === 'DomainError') throw e;
    throw invalid(`${path} is not a PKCS#7 certificate bundle: ${errorMessage(e)}`, path);
  }
  const out: Buffer[] = [];
  for (const choice of signed.certificates ?? []) {
    if (choice.certificate) out.push(Buffer.from(AsnConvert.serialize(choice.certificate)));
  }
  return out;
}
