import { DAY_MS, describeDuration, type NotificationDraft } from './draft';

/** Days before notAfter at which a certificate notifies, once each; 0 = it has expired. */
export const EXPIRY_THRESHOLDS_DAYS = [30, 7, 1] as const;

export interface CertificateForExpiry {
  id: string;
  name: string;
  commonName: string | null;
  serialHex: string;
  notAfter: Date;
  isCA: boolean;
  autoRenew: boolean;
  revokedAt: Date | null;
  supersededById: string | null;
  /** `Secret ns/name` / `ConfigMap ns/name` rendered from it. */
  boundTo: string[];
}

const SEVERITY_BY_THRESHOLD = { 30: 'info', 7: 'warning', 1: 'critical', 0: 'critical' } as const;

/**
 * Certificates at or past an expiry threshold, one draft per certificate for the nearest threshold crossed (a
 * certificate first seen with 5 days left notifies for 7 days, and later for 1 day, never for 30 after the fact).
 * Revoked and superseded (renewed) certificates are skipped: nothing uses them any more.
 */
export function detectExpiringCertificates(certs: readonly CertificateForExpiry[], now: Date, thresholds: readonly number[] = EXPIRY_THRESHOLDS_DAYS): NotificationDraft[] {
  const ascending = [...thresholds].sort((a, b) => a - b);
  const drafts: NotificationDraft[] = [];
  for (const c of certs) {
    if (c.revokedAt || c.supersededById) continue;
    const left = c.notAfter.getTime() - now.getTime();
    // RFC 5280: notAfter itself is still valid.
    const threshold = left < 0 ? 0 : ascending.find((t) => left <= t * DAY_MS);
    if (threshold === undefined) continue;
    const what = c.isCA ? 'CA certificate' : 'Certificate';
    const title = threshold === 0 ? `${what} "${c.name}" has expired` : `${what} "${c.name}" expires in ${describeDuration(left)}`;
    const lines = [
      threshold === 0 ? `It expired ${describeDuration(-left)} ago (not after ${c.notAfter.toISOString()}).` : `It is valid until ${c.notAfter.toISOString()}.`,
      `${c.commonName ? `CN ${c.commonName}, ` : ''}serial ${c.serialHex}.`,
      c.boundTo.length ? `Used by ${c.boundTo.join(', ')}.` : 'No Secret or ConfigMap is rendered from it.',
      c.autoRenew ? 'Auto-renew is on, yet it has not been renewed: check the auto-renewal notifications and the console log.' : 'Auto-renew is off: renew it (or replace it) before it expires.',
    ];
    drafts.push({
      type: 'certificate.expiring',
      severity: SEVERITY_BY_THRESHOLD[threshold as keyof typeof SEVERITY_BY_THRESHOLD] ?? 'warning',
      title,
      body: lines.join('\n'),
      subject: { kind: 'Certificate', name: c.name, id: c.id },
      dedupeKey: `certificate.expiring/${c.id}/${threshold}d`,
      detail: { certificateId: c.id, thresholdDays: threshold, notAfter: c.notAfter.toISOString(), daysLeft: Math.floor(left / DAY_MS), autoRenew: c.autoRenew, boundTo: c.boundTo },
    });
  }
  return drafts;
}
