import { z } from 'zod';
import { CertificateNameSchema, DistinguishedNameSchema, KeySpecSchema, ValidityDaysSchema } from './certificate-fields.schema';

/**
 * A self-signed root CA. Defaults: ECDSA P-256, 10 years, pathLen 1 — room for one level of intermediate CAs
 * below the root, as smallstep's root does (an intermediate defaults to pathLen 0: it issues leaves only).
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
 */
export const CreateRootCaSchema = z
  .object({
    name: CertificateNameSchema.optional().describe('display name; default the subject common name'),
    subject: DistinguishedNameSchema.refine((s) => s.commonName !== undefined, { message: 'a CA needs a commonName', path: ['commonName'] }),
    key: KeySpecSchema.optional(),
    validityDays: ValidityDaysSchema.optional().describe('default 3650 (10 years)'),
    pathLen: z.number().int().min(0).max(255).nullable().optional().describe('default 1; null = no limit'),
    autoRenew: z.boolean().optional(),
  })
  .strict();
export type CreateRootCa = z.infer<typeof CreateRootCaSchema>;
