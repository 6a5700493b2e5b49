/**
 * A certificate's health at a moment, in the order it is decided: revoked beats everything; then not yet valid,
 * expired, expiring within 7 days, within 30 days, valid. Pure: the moment is passed in.
 */
export const CERTIFICATE_STATES = ['valid', 'expiring30', 'expiring7', 'expired', 'revoked', 'notYetValid'] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
/** "Expiring" windows, as cert-manager and most dashboards show them. */
export const EXPIRING_SOON_MS = 30 * DAY_MS;
export const EXPIRING_VERY_SOON_MS = 7 * DAY_MS;

export interface StateInput {
  notBefore: Date;
  notAfter: Date;
  revokedAt: Date | null;
}

export function certificateState(c: StateInput, now: Date): CertificateState {
  const t = now.getTime();
  if (c.revokedAt !== null) return 'revoked';
  if (t < c.notBefore.getTime()) return 'notYetValid';
  // RFC 5280 §4.1.2.5: notAfter is the last moment the certificate is valid (inclusive).
  if (t > c.notAfter.getTime()) return 'expired';
  const left = c.notAfter.getTime() - t;
  if (left <= EXPIRING_VERY_SOON_MS) return 'expiring7';
  if (left <= EXPIRING_SOON_MS) return 'expiring30';
  return 'valid';
}
