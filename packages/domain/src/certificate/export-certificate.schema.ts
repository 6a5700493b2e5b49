import { z } from 'zod';

/**
 * What to export. `certificate` and `chain` (leaf first) go to anyone who may read certificates; `privateKey`,
 * `pkcs12` and `combined` (key + certificate + chain in one PEM) only to admins. Every export is audited.
 */
export const ExportCertificateSchema = z
  .object({
    what: z.enum(['certificate', 'chain', 'privateKey', 'pkcs12', 'combined']).default('certificate'),
    format: z.enum(['pem', 'der']).default('pem').describe('DER for one certificate or a private key'),
    password: z.string().min(1).max(1024).optional().describe('required for pkcs12; encrypts a privateKey PEM (PKCS#8, AES-256-CBC)'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.what === 'pkcs12' && v.password === undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: 'a PKCS#12 export needs a password' });
    if (v.format === 'der' && (v.what === 'combined' || v.what === 'pkcs12')) ctx.addIssue({ code: 'custom', path: ['format'], message: `${v.what} has no DER form` });
    if (v.password !== undefined && v.what !== 'pkcs12' && v.what !== 'privateKey') ctx.addIssue({ code: 'custom', path: ['password'], message: `password applies to pkcs12 and privateKey only` });
    if (v.password !== undefined && v.what === 'privateKey' && v.format === 'der') ctx.addIssue({ code: 'custom', path: ['format'], message: 'an encrypted private key is exported as PEM' });
  });
export type ExportCertificate = z.infer<typeof ExportCertificateSchema>;
