import type { KeySpecInput } from '@gatehouse/domain/certificate/certificate-fields.schema';
import type { CertificateSummary } from '@gatehouse/domain/certificate/certificate.schema';
import type { RevocationReason } from '@gatehouse/domain/certificate/revoke-certificate.schema';

/** RFC 5280 §5.3.1 revocation reasons in words, with when to pick each. */
export const REVOCATION_REASON_WORDS: Record<RevocationReason, { label: string; hint: string }> = {
  unspecified: { label: 'No reason given', hint: 'The default when none of the others fits.' },
  keyCompromise: { label: 'Key compromised', hint: 'The private key was (or may have been) disclosed.' },
  cACompromise: { label: 'CA compromised', hint: "The issuing CA's key was disclosed." },
  affiliationChanged: { label: 'Affiliation changed', hint: 'The subject’s name or organisation changed; nothing was compromised.' },
  superseded: { label: 'Replaced', hint: 'A new certificate replaces this one; nothing was compromised.' },
  cessationOfOperation: { label: 'No longer used', hint: 'The service it was for is gone.' },
  certificateHold: { label: 'On hold', hint: 'Suspended for now (RFC 5280 allows lifting a hold later).' },
  privilegeWithdrawn: { label: 'Privilege withdrawn', hint: 'The subject may no longer hold this certificate.' },
  aACompromise: { label: 'Attribute authority compromised', hint: 'Rarely used: for attribute certificates.' },
};

/** A key in words: "ECDSA P-256", "RSA 3072-bit", "Ed25519". */
export function describeKeySpec(key: KeySpecInput): string {
  if (key.algorithm === 'ecdsa') return `ECDSA ${key.curve ?? 'P-256'}`;
  if (key.algorithm === 'rsa') return `RSA ${key.size ?? 2048}-bit`;
  return 'Ed25519';
}

export function describeKeyOf(c: Pick<CertificateSummary, 'keyAlgorithm' | 'keySize' | 'curve'>): string {
  if (c.keyAlgorithm === 'ecdsa') return `ECDSA ${c.curve ?? `${c.keySize}-bit`}`;
  if (c.keyAlgorithm === 'rsa') return `RSA ${c.keySize}-bit`;
  if (c.keyAlgorithm === 'ed25519') return 'Ed25519';
  return c.keyAlgorithm.toUpperCase();
}

/** All names of a certificate, the way `openssl x509 -text` prefixes them. */
export function sanEntries(sans: CertificateSummary['sans']): string[] {
  return [...sans.dns.map((n) => `DNS:${n}`), ...sans.ip.map((n) => `IP:${n}`), ...sans.uri.map((n) => `URI:${n}`), ...sans.email.map((n) => `email:${n}`)];
}

/** "in 12 days", "3 days ago", "today" — for expiry at a glance. */
export function describeDaysLeft(notAfterIso: string, now: number): string {
  const days = Math.floor((Date.parse(notAfterIso) - now) / 86_400_000);
  if (days === 0) return Date.parse(notAfterIso) >= now ? 'expires today' : 'expired today';
  if (days > 0) return days === 1 ? 'expires tomorrow' : days < 730 ? `${days} days left` : `${Math.floor(days / 365)} years left`;
  return -days === 1 ? 'expired yesterday' : `expired ${-days} days ago`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
