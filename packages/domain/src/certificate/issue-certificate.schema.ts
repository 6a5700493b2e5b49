import { z } from 'zod';
import {
  CertificateNameSchema,
  DistinguishedNameSchema,
  IssuerIdSchema,
  KeySpecSchema,
  LeafProfileSchema,
  SanListSchema,
  UsageOverridesSchema,
  ValidityDaysSchema,
} from './certificate-fields.schema';

/**
 * A server, client or server+client certificate from a managed CA, with a key Gatehouse generates. Defaults:
 * ECDSA P-256; 397 days for servers (under the CA/Browser Forum's 398-day ceiling) and server+client, 1 year for
 * clients; usages per profile. A requested lifetime beyond the issuer's notAfter is refused.
 */
export const IssueCertificateSchema = UsageOverridesSchema.extend({
  issuerId: IssuerIdSchema,
  name: CertificateNameSchema.optional(),
  profile: LeafProfileSchema.default('server'),
  subject: DistinguishedNameSchema.default({}),
  sans: SanListSchema.default([]),
  key: KeySpecSchema.optional(),
  validityDays: ValidityDaysSchema.optional(),
  autoRenew: z.boolean().optional(),
})
  .strict()
  .superRefine((v, ctx) => {
    // RFC 5280 §4.1.2.6: an empty subject is allowed only with a (critical) subjectAltName.
    if (Object.keys(v.subject).length === 0 && v.sans.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['sans'], message: 'give a subject commonName or at least one subject alternative name' });
    }
  });
export type IssueCertificate = z.infer<typeof IssueCertificateSchema>;
