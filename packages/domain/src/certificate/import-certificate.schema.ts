import { z } from 'zod';
import { CertificateNameSchema, PemOrBase64Schema } from './certificate-fields.schema';

/**
 * An existing certificate: PEM text or base64 DER, with an optional key and chain (the certificate field may also
 * hold the whole bundle); or a PKCS#12 file (base64) with its password. The key must match, the chain is stored
 * leaf first. Expired or not-yet-valid certificates are imported with a warning.
 */
export const ImportCertificateSchema = z
  .object({
    name: CertificateNameSchema.optional(),
    certificate: PemOrBase64Schema.optional().describe('PEM (one certificate or a bundle) or base64 DER'),
    chain: PemOrBase64Schema.optional().describe('issuer certificates, PEM bundle or base64 DER/PKCS#7'),
    privateKey: PemOrBase64Schema.optional().describe('PEM or base64 DER (PKCS#8, PKCS#1, SEC1)'),
    privateKeyPassword: z.string().max(1024).optional().describe('for an encrypted private key'),
    pkcs12: PemOrBase64Schema.optional().describe('base64 of a .p12/.pfx file'),
    password: z.string().max(1024).optional().describe('the PKCS#12 password'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.certificate === undefined && v.pkcs12 === undefined) ctx.addIssue({ code: 'custom', path: ['certificate'], message: 'give certificate (PEM/DER) or pkcs12' });
    if (v.certificate !== undefined && v.pkcs12 !== undefined) ctx.addIssue({ code: 'custom', path: ['pkcs12'], message: 'give either certificate or pkcs12, not both' });
    if (v.pkcs12 !== undefined && (v.privateKey !== undefined || v.chain !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['pkcs12'], message: 'a PKCS#12 file carries its own key and chain' });
    }
  });
export type ImportCertificate = z.infer<typeof ImportCertificateSchema>;
