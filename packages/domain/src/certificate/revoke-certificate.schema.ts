import { z } from 'zod';

/**
 * CRLReason names (RFC 5280 §5.3.1). removeFromCRL is left out: it only has meaning in delta CRLs, which
 * Gatehouse does not publish.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1
 */
export const RevocationReasonSchema = z.enum([
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise',
]);
export type RevocationReason = z.infer<typeof RevocationReasonSchema>;

export const RevokeCertificateSchema = z.object({ reason: RevocationReasonSchema.default('unspecified') }).strict();
export type RevokeCertificate = z.infer<typeof RevokeCertificateSchema>;
