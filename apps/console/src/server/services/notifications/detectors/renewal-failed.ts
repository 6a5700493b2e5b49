import type { NotificationDraft } from './draft';

/**
 * An auto-renewal that failed (auto-renew.ts reports it). Once per certificate row: the timer retries every pass,
 * and a successful renewal makes a new row, whose own failure later is news again.
 */
export function renewalFailedDraft(cert: { id: string; name: string; notAfter: Date }, error: string, now: Date): NotificationDraft {
  return {
    type: 'certificate.renewal-failed',
    severity: 'warning',
    title: `Auto-renewal of certificate "${cert.name}" failed`,
    body: [
      `Gatehouse tried to renew it at ${now.toISOString()} and could not: ${error}`,
      `It stays valid until ${cert.notAfter.toISOString()}; the renewal is tried again on every pass of the auto-renew timer.`,
    ].join('\n'),
    subject: { kind: 'Certificate', name: cert.name, id: cert.id },
    dedupeKey: `certificate.renewal-failed/${cert.id}`,
    detail: { certificateId: cert.id, error, notAfter: cert.notAfter.toISOString() },
  };
}
