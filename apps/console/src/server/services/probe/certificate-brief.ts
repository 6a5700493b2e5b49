import { certificateState, type CertificateState } from '@gatehouse/domain/certificate/certificate-state';
import { loadCertificates } from '@gatehouse/certs/parse/parse-certificates';
import { certificateFromDer } from '@gatehouse/certs/x509/load-certificate';
import { viewOf } from '@gatehouse/certs/x509/decode-certificate';

/** A certificate in a few words, for pages that show chains and CAs (probe, simulator, topology). */
export interface CertificateBrief {
  subject: string;
  commonName: string | null;
  issuer: string;
  /** `DNS:foo.example.com`, `IP:10.0.0.1`, … (OpenSSL's spelling). */
  sans: string[];
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
  state: Exclude<CertificateState, 'revoked'>;
  isCA: boolean;
  isSelfSigned: boolean;
  key: string;
  signatureAlgorithm: string;
  sha256: string;
}

const DAY_MS = 86_400_000;

function briefOf(view: ReturnType<typeof viewOf>, now: Date): CertificateBrief {
  const state = certificateState({ notBefore: view.notBefore, notAfter: view.notAfter, revokedAt: null }, now) as CertificateBrief['state'];
  return {
    subject: view.subject.text,
    commonName: view.subject.commonName ?? null,
    issuer: view.issuer.text,
    sans: [...view.sans.dns.map((v) => `DNS:${v}`), ...view.sans.ip.map((v) => `IP:${v}`), ...view.sans.uri.map((v) => `URI:${v}`), ...view.sans.email.map((v) => `email:${v}`)],
    notBefore: view.notBefore.toISOString(),
    notAfter: view.notAfter.toISOString(),
    daysLeft: Math.floor((view.notAfter.getTime() - now.getTime()) / DAY_MS),
    state,
    isCA: view.isCA,
    isSelfSigned: view.isSelfSigned,
    key: view.keyAlgorithm === 'ecdsa' ? `ECDSA ${view.curve ?? ''}`.trim() : `${view.keyAlgorithm.toUpperCase()} ${view.keySize}`,
    signatureAlgorithm: view.signatureAlgorithm,
    sha256: view.fingerprints.sha256,
  };
}

/** One certificate from base64 DER (what the worker's probe sends). Undecodable input → null. */
export function briefFromDerBase64(der: string, now: Date): CertificateBrief | null {
  try {
    return briefOf(viewOf(certificateFromDer(Buffer.from(der, 'base64'))), now);
  } catch {
    return null;
  }
}

/** Every certificate of a PEM bundle (a CA Secret's ca.crt). Undecodable input → []. */
export function briefsFromPem(pem: string, now: Date): CertificateBrief[] {
  try {
    return loadCertificates(pem, 'ca.crt').map((c) => briefOf(viewOf(c), now));
  } catch {
    return [];
  }
}
