import { z } from 'zod';
import {
  CertificateNameSchema,
  DistinguishedNameSchema,
  IssuerIdSchema,
  LeafProfileSchema,
  PemOrBase64Schema,
  SanListSchema,
  UsageOverridesSchema,
  ValidityDaysSchema,
} from './certificate-fields.schema';

/**
 * Signs a PKCS#10 request with a managed CA. The CSR's subject and SANs are used unless overridden; the CA
 * decides usages and lifetime (profile defaults as for issuing). Gatehouse never sees the key.
 */
export const SignCsrSchema = UsageOverridesSchema.extend({
  issuerId: IssuerIdSchema,
  csr: PemOrBase64Schema.describe('PEM or base64 DER'),
  name: CertificateNameSchema.optional(),
  profile: LeafProfileSchema.default('server'),
  subject: DistinguishedNameSchema.optional().describe("replaces the CSR's subject"),
  sans: SanListSchema.optional().describe("replaces the CSR's SANs"),
  validityDays: ValidityDaysSchema.optional(),
}).strict();
export type SignCsr = z.infer<typeof SignCsrSchema>;
