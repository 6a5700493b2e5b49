import type { CertificateState } from '@gatehouse/domain/certificate/certificate-state';
import type { Tone } from '../resources/describe-status';

/** Inventory states in words and colours: 30 days amber, 7 days red (issue 4 §4). */
export const CERTIFICATE_STATE_WORDS: Record<CertificateState, { label: string; tone: Tone }> = {
  valid: { label: 'Valid', tone: 'ok' },
  expiring30: { label: 'Expires within 30 days', tone: 'pending' },
  expiring7: { label: 'Expires within 7 days', tone: 'bad' },
  expired: { label: 'Expired', tone: 'bad' },
  revoked: { label: 'Revoked', tone: 'neutral' },
  notYetValid: { label: 'Not yet valid', tone: 'pending' },
};

export const PURPOSE_WORDS: Record<string, string> = {
  ca: 'Certificate authority', server: 'Server', client: 'Client', 'server+client': 'Server and client', other: 'Other',
};
