import { fingerprintDer } from '../fingerprint';
import { loadCertificates } from '../parse/parse-certificates';
import type { CertificateInput, LoadedCertificate } from '../x509/load-certificate';
import { readExtensions, type ReadExtensions } from '../x509/read-extensions';

/** A certificate with its extensions read once, for path building. */
export interface ChainCert {
  cert: LoadedCertificate;
  ext: ReadExtensions;
  sha256: string;
  subject: string;
}

/** One certificate or bundle, or a list of them, as ChainCerts (duplicates by fingerprint dropped). */
export function toChainCerts(input: CertificateInput | readonly CertificateInput[] | undefined, path: string): ChainCert[] {
  if (input === undefined) return [];
  const list = Array.isArray(input) ? (input as readonly CertificateInput[]) : [input as CertificateInput];
  const seen = new Set<string>();
  const out: ChainCert[] = [];
  list.forEach((item, i) => {
    for (const cert of loadCertificates(item, list.length > 1 ? `${path}[${i}]` : path)) {
      const sha256 = fingerprintDer(cert.der).sha256;
      if (seen.has(sha256)) continue;
      seen.add(sha256);
      out.push({ cert, ext: readExtensions(cert.asn.tbsCertificate.extensions, path), sha256, subject: cert.x509.subject.replace(/\n/g, ', ') });
    }
  });
  return out;
}

/**
 * Whether `parent` names itself as `child`'s issuer: issuer/subject names equal and, when both carry them, the
 * authority key identifier equals the subject key identifier (RFC 5280 §4.2.1.1, used to tell re-keyed CAs apart).
 */
export function namesIssuer(parent: ChainCert, child: ChainCert): boolean {
  if (parent.cert.x509.subject !== child.cert.x509.issuer) return false;
  const aki = child.ext.authorityKeyId;
  const ski = parent.ext.subjectKeyId;
  return !aki || !ski || aki.equals(ski);
}

/** Whether `parent`'s public key verifies `child`'s signature. */
export function signedBy(child: ChainCert, parent: ChainCert): boolean {
  try {
    return child.cert.x509.verify(parent.cert.x509.publicKey);
  } catch {
    return false;
  }
}

/** Subject equals issuer (self-issued, RFC 5280 §3.2); a root is self-issued and self-signed. */
export function isSelfIssued(c: ChainCert): boolean {
  return c.cert.x509.subject === c.cert.x509.issuer;
}
