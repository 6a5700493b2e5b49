import { z } from 'zod';

/**
 * Building blocks shared by the certificate operation inputs (one schema per operation, in the files beside this
 * one). The same schemas validate REST bodies, tRPC inputs and, later, the console's forms; @gatehouse/certs checks
 * everything again (it is the authority on X.509), these give early, per-field messages.
 */

/** Subject fields an operator sets; upper bounds from RFC 5280 Appendix A (ub-common-name 64, …). */
export const DistinguishedNameSchema = z
  .object({
    commonName: z.string().trim().min(1).max(64).optional(),
    organization: z.string().trim().min(1).max(64).optional(),
    organizationalUnit: z.string().trim().min(1).max(64).optional(),
    locality: z.string().trim().min(1).max(128).optional(),
    state: z.string().trim().min(1).max(128).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be two capital letters (ISO 3166)').optional(),
  })
  .strict();
export type DistinguishedNameInput = z.infer<typeof DistinguishedNameSchema>;

/**
 * Which key to generate. Default ECDSA P-256: cheap to make, accepted by every TLS peer. Ed25519 only where the
 * consumer supports it (OpenSSL, Go, Node do; browsers and many Java stacks do not).
 */
export const KeySpecSchema = z.discriminatedUnion('algorithm', [
  z.object({ algorithm: z.literal('ecdsa'), curve: z.enum(['P-256', 'P-384']).default('P-256') }).strict(),
  z.object({ algorithm: z.literal('rsa'), size: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).default(2048) }).strict(),
  z.object({ algorithm: z.literal('ed25519') }).strict(),
]);
export type KeySpecInput = z.infer<typeof KeySpecSchema>;

/**
 * Subject alternative names as one list — DNS names, IP addresses, URIs and e-mail addresses are told apart by
 * their form (an `IP:`/`DNS:`/`URI:`/`email:` prefix forces the kind). A single string is split at commas and
 * white space, so a form field can hold `foo.example.com, 10.0.0.1`.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6
 */
export const SanListSchema = z
  .union([z.string().max(16_384), z.array(z.string().trim().min(1).max(1024)).max(100)])
  .transform((v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter((s) => s !== '') : v));

/** keyUsage bit names (RFC 5280 §4.2.1.3). */
export const KeyUsageNameSchema = z.enum([
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
]);

/** extKeyUsage purposes by name (RFC 5280 §4.2.1.12), or a dotted OID for others. */
export const ExtKeyUsageSchema = z.union([
  z.enum(['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning', 'anyExtendedKeyUsage']),
  z.string().regex(/^\d+(\.\d+)+$/, 'must be a known purpose name or a dotted OID'),
]);

/** Lifetime in days; at most 100 years. Omitted = the product default for the profile. */
export const ValidityDaysSchema = z.number().int().min(1).max(36_500);

/** A display name in the inventory (not part of the certificate). */
export const CertificateNameSchema = z.string().trim().min(1).max(200);

/** An inventory id (UUID as Gatehouse makes them). */
export const CertificateIdSchema = z.string().min(1).max(100);

/** What a leaf certificate is for; decides the default usages and lifetime. */
export const LeafProfileSchema = z.enum(['server', 'client', 'server+client']);
export type LeafProfile = z.infer<typeof LeafProfileSchema>;

/** Certificate material in a JSON body: PEM text, or base64 of DER bytes. */
export const PemOrBase64Schema = z.string().min(1, 'is empty');

/** The issuing CA, by inventory id. */
export const IssuerIdSchema = CertificateIdSchema.describe('inventory id of the issuing CA');

/** Shared by the leaf operations: usages override the profile's defaults when given. */
export const UsageOverridesSchema = z.object({
  keyUsage: z.array(KeyUsageNameSchema).max(9).optional().describe('replaces the profile default'),
  extKeyUsage: z.array(ExtKeyUsageSchema).max(16).optional().describe('replaces the profile default'),
});
