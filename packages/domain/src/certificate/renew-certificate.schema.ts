import { z } from 'zod';
import { KeySpecSchema, ValidityDaysSchema } from './certificate-fields.schema';

/**
 * Renewal: the same subject, SANs, usages and lifetime from the same issuer, with a new serial and (by default)
 * a new key. The renewed certificate supersedes the old one; Secrets bound to the old one follow.
 */
export const RenewCertificateSchema = z
  .object({
    newKey: z.boolean().optional().describe('default true when Gatehouse holds the key; false keeps the public key'),
    key: KeySpecSchema.optional().describe('algorithm of the new key; default the current one'),
    validityDays: ValidityDaysSchema.optional().describe('default the current lifetime'),
    revokePrevious: z.boolean().default(false).describe('revoke the old certificate with reason superseded'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.newKey === false && v.key !== undefined) ctx.addIssue({ code: 'custom', path: ['key'], message: 'key applies only to a new key (newKey: true)' });
  });
export type RenewCertificate = z.infer<typeof RenewCertificateSchema>;
