import type { KeyAlgorithm } from '../keys/key-info';
import type { ValidityWindow } from './issue-certificate';
import type { ExtKeyUsageName, KeyUsageName } from './usages';

/** What a certificate is for; the same names verifyChain takes as `purpose`. */
export type CertificatePurpose = 'server' | 'client' | 'ca';

/** The product's defaults for one purpose, to spread into issueCertificate / signCsr. */
export interface CertificateProfile {
  validity: ValidityWindow;
  isCA: boolean;
  pathLen?: number;
  keyUsage: KeyUsageName[];
  extKeyUsage: ExtKeyUsageName[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Backdating absorbs clock skew between the console and the peers that check the certificate. */
const BACKDATE_MS = 5 * 60 * 1000;

/**
 * Product defaults: servers 397 days (under the CA/B Forum's 398-day ceiling, BR §6.3.2), clients 1 year,
 * CAs 10 years with pathLen 0 (an issuing CA signs leaves only; pass a larger pathLen for a root above
 * intermediates). keyEncipherment only for RSA servers: TLS 1.2 RSA key exchange is the only use of it, and
 * RFC 8813 forbids it for EC keys.
 */
export function defaultProfile(purpose: CertificatePurpose, options: { now: Date; keyAlgorithm?: KeyAlgorithm; pathLen?: number }): CertificateProfile {
  const notBefore = new Date(options.now.getTime() - BACKDATE_MS);
  if (purpose === 'ca') {
    const notAfter = new Date(options.now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
    return { validity: { notBefore, notAfter }, isCA: true, pathLen: options.pathLen ?? 0, keyUsage: ['keyCertSign', 'cRLSign'], extKeyUsage: [] };
  }
  if (purpose === 'client') {
    const notAfter = new Date(options.now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 1);
    return { validity: { notBefore, notAfter }, isCA: false, keyUsage: ['digitalSignature'], extKeyUsage: ['clientAuth'] };
  }
  const notAfter = new Date(options.now.getTime() + 397 * DAY_MS);
  const keyUsage: KeyUsageName[] = options.keyAlgorithm === 'rsa' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
  return { validity: { notBefore, notAfter }, isCA: false, keyUsage, extKeyUsage: ['serverAuth'] };
}
