import { createHash } from 'node:crypto';
import { loadCertificate, type CertificateInput } from './x509/load-certificate';
import { colonHex } from './x509/read-extensions';

/** SHA-1 and SHA-256 over the certificate's DER, colon-separated upper-case hex as `openssl x509 -fingerprint` prints. */
export interface Fingerprints {
  sha1: string;
  sha256: string;
}

export function fingerprintDer(der: Uint8Array): Fingerprints {
  return {
    sha1: colonHex(createHash('sha1').update(der).digest()),
    sha256: colonHex(createHash('sha256').update(der).digest()),
  };
}

/** Fingerprints of one certificate given as PEM or DER. */
export function fingerprintCertificate(cert: CertificateInput): Fingerprints {
  return fingerprintDer(loadCertificate(cert).der);
}
