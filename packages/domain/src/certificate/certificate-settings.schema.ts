import { z } from 'zod';
import { CertificateNameSchema } from './certificate-fields.schema';

/** Inventory settings of one certificate (nothing here changes the certificate itself). */
export const CertificateSettingsSchema = z
  .object({
    name: CertificateNameSchema.optional(),
    autoRenew: z.boolean().optional().describe('renew at 2/3 of the lifetime (managed certificates only)'),
  })
  .strict();
export type CertificateSettings = z.infer<typeof CertificateSettingsSchema>;
