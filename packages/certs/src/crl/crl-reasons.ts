/**
 * CRLReason codes by their RFC 5280 §5.3.1 names. Value 7 is unused in the standard.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1
 */
export const CRL_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type CrlReason = keyof typeof CRL_REASONS;

export function isCrlReason(value: unknown): value is CrlReason {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CRL_REASONS, value);
}
