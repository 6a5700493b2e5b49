import { loadCertificate, type CertificateInput } from '../x509/load-certificate';
import { toPrivateKey, type KeyInput } from './key-input';

/**
 * Whether the private key belongs to the certificate (OpenSSL's X509_check_private_key: same public key).
 * Unreadable input throws DomainError invalid; a readable key of another type is simply false.
 */
export function keyMatchesCertificate(key: KeyInput, cert: CertificateInput): boolean {
  const privateKey = toPrivateKey(key, 'key');
  const certificate = loadCertificate(cert, 'cert');
  try {
    return certificate.x509.checkPrivateKey(privateKey);
  } catch {
    return false;
  }
}
