import { describeKey, type CurveName, type KeyAlgorithm } from '../keys/key-info';
import type { BinaryOrText } from '../parse/input';
import type { SanLists } from '../x509/classify-sans';
import { describeName, type NameView } from '../x509/names';
import { nameOid } from '../x509/oid-names';
import { loadCsr } from './load-csr';

/** A certificate request, decoded. */
export interface CsrView {
  subject: NameView;
  sans: SanLists;
  publicKeyPem: string;
  keyAlgorithm: KeyAlgorithm;
  keySize: number;
  curve?: CurveName;
  signatureAlgorithm: string;
  /** The request's self-signature verifies with its own key (proof of possession, RFC 2986 §3). */
  signatureValid: boolean;
  requestedExtensions: { oid: string; name: string; critical: boolean }[];
  pem: string;
}

/** Decodes a PKCS#10 request (PEM or DER). Malformed input → DomainError invalid; a bad signature is reported, not thrown. */
export function parseCsr(input: BinaryOrText): CsrView {
  const csr = loadCsr(input);
  const key = describeKey(csr.publicKey);
  const view: CsrView = {
    subject: describeName(csr.asn.certificationRequestInfo.subject),
    sans: csr.requested.sans,
    publicKeyPem: csr.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyAlgorithm: key.algorithm,
    keySize: key.size,
    signatureAlgorithm: nameOid(csr.asn.signatureAlgorithm.algorithm),
    signatureValid: csr.signatureValid,
    requestedExtensions: csr.requested.list,
    pem: csr.pem,
  };
  if (key.curve) view.curve = key.curve;
  return view;
}
