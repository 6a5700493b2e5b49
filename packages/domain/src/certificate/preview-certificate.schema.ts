import { z } from 'zod';
import { CertificateDetailSchema, SanListsSchema } from './certificate.schema';
import { PemOrBase64Schema } from './certificate-fields.schema';
import { CreateIntermediateCaSchema } from './create-intermediate-ca.schema';
import { CreateRootCaSchema } from './create-root-ca.schema';
import { ImportCertificateSchema } from './import-certificate.schema';
import { IssueCertificateSchema } from './issue-certificate.schema';
import { SignCsrSchema } from './sign-csr.schema';

/**
 * What the certificate wizard is about to do: one of the five creating operations with exactly the input the
 * operation takes (the same schemas as REST and tRPC). A preview runs that operation as a dry run — the same
 * validation, key generation and signing, rolled back — so what it shows is what "Create" will produce.
 */
export const CertificateIntentSchema = z.enum(['root-ca', 'intermediate-ca', 'issue', 'sign-csr', 'import']);
export type CertificateIntent = z.infer<typeof CertificateIntentSchema>;

export const PreviewCertificateSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('root-ca'), input: CreateRootCaSchema }).strict(),
  z.object({ intent: z.literal('intermediate-ca'), input: CreateIntermediateCaSchema }).strict(),
  z.object({ intent: z.literal('issue'), input: IssueCertificateSchema }).strict(),
  z.object({ intent: z.literal('sign-csr'), input: SignCsrSchema }).strict(),
  z.object({ intent: z.literal('import'), input: ImportCertificateSchema }).strict(),
]);
export type PreviewCertificate = z.infer<typeof PreviewCertificateSchema>;

/**
 * The answer of a preview: the certificate as it would be (decoded, with the `openssl x509 -text` view) but
 * without its PEM — a dry-run certificate is signed for a key nobody keeps and must not circulate — plus the
 * operation's own warnings and the wizard's advice (`advice`: things that are allowed but probably unintended).
 */
export const CertificatePreviewSchema = CertificateDetailSchema.omit({ pem: true, chain: true, id: true }).extend({
  chainLength: z.number().describe('issuer certificates above it'),
  warnings: z.array(z.string()),
  advice: z.array(z.string()),
});
export type CertificatePreview = z.infer<typeof CertificatePreviewSchema>;

/** A PKCS#10 request to look into before signing it (the wizard pre-fills subject and SANs from it). */
export const InspectCsrSchema = z.object({ csr: PemOrBase64Schema }).strict();

/** A certificate request, decoded: what it asks for and whether its self-signature holds (RFC 2986 §3). */
export const CsrViewSchema = z.object({
  subject: z.object({
    text: z.string(),
    commonName: z.string().optional(),
    organization: z.string().optional(),
    organizationalUnit: z.string().optional(),
    locality: z.string().optional(),
    state: z.string().optional(),
    country: z.string().optional(),
  }),
  sans: SanListsSchema,
  keyAlgorithm: z.string(),
  keySize: z.number(),
  curve: z.string().nullable(),
  signatureValid: z.boolean(),
  requestedExtensions: z.array(z.string()),
});
export type CsrView = z.infer<typeof CsrViewSchema>;
