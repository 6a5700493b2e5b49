import { z } from 'zod';
import { CertificateNameSchema, DistinguishedNameSchema, IssuerIdSchema, KeySpecSchema, ValidityDaysSchema } from './certificate-fields.schema';

/**
 * An intermediate CA signed by a managed CA. Defaults: ECDSA P-256, 10 years (shortened to the issuer's own
 * notAfter, with a warning), pathLen 0 (an issuing CA signs leaves only).
 */
export const CreateIntermediateCaSchema = z
  .object({
    issuerId: IssuerIdSchema,
    name: CertificateNameSchema.optional(),
    subject: DistinguishedNameSchema.refine((s) => s.commonName !== undefined, { message: 'a CA needs a commonName', path: ['commonName'] }),
    key: KeySpecSchema.optional(),
    validityDays: ValidityDaysSchema.optional().describe('default 3650, never beyond the issuer'),
    pathLen: z.number().int().min(0).max(255).nullable().optional().describe('default 0; null = no limit'),
    autoRenew: z.boolean().optional(),
  })
  .strict();
export type CreateIntermediateCa = z.infer<typeof CreateIntermediateCaSchema>;
