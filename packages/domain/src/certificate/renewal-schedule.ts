/**
 * When a managed certificate with autoRenew is renewed: at 2/3 of its lifetime, cert-manager's default
 * (renewBefore = 1/3 of the duration), which leaves a third of the lifetime to notice and fix a failing renewal.
 * @see https://cert-manager.io/docs/usage/certificate/#renewal
 */
export function renewalDueAt(notBefore: Date, notAfter: Date): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  return new Date(notBefore.getTime() + Math.floor((lifetime * 2) / 3));
}

export interface RenewalCandidate {
  autoRenew: boolean;
  notBefore: Date;
  notAfter: Date;
  revokedAt: Date | null;
  /** Set once a renewal replaced this certificate: only the newest of a lineage renews. */
  supersededById: string | null;
  /** Gatehouse can renew it: it holds the issuer's key (or the key of a self-signed certificate). */
  renewable: boolean;
}

/** Whether the auto-renew timer should renew this certificate now. Pure: the moment is passed in. */
export function isRenewalDue(c: RenewalCandidate, now: Date): boolean {
  if (!c.autoRenew || !c.renewable || c.revokedAt !== null || c.supersededById !== null) return false;
  return now.getTime() >= renewalDueAt(c.notBefore, c.notAfter).getTime();
}
