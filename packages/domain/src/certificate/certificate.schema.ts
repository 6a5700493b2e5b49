import { z } from 'zod';
import { CERTIFICATE_STATES } from './certificate-state';

/**
 * A certificate as the inventory serves it. Derived from the certificate (decoded once when stored) plus the
 * inventory's own fields. Never holds a private key: `hasPrivateKey` says whether Gatehouse keeps one.
 */
export const CertificateStateSchema = z.enum(CERTIFICATE_STATES);

export const SanListsSchema = z.object({ dns: z.array(z.string()), ip: z.array(z.string()), uri: z.array(z.string()), email: z.array(z.string()) });

export const CertificateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.enum(['ca', 'server', 'client', 'server+client', 'other']),
  origin: z.enum(['generated', 'imported', 'csr']),
  state: CertificateStateSchema,
  subject: z.string(),
  commonName: z.string().nullable(),
  issuer: z.string().describe('issuer DN as text'),
  issuerId: z.string().nullable().describe('inventory id of the issuing CA, when it is in the inventory'),
  sans: SanListsSchema,
  serialHex: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  keyAlgorithm: z.string(),
  keySize: z.number(),
  curve: z.string().nullable(),
  fingerprints: z.object({ sha1: z.string(), sha256: z.string() }),
  isCA: z.boolean(),
  pathLen: z.number().nullable(),
  keyUsage: z.array(z.string()).nullable(),
  extKeyUsage: z.array(z.string()).nullable(),
  isSelfSigned: z.boolean(),
  hasPrivateKey: z.boolean(),
  autoRenew: z.boolean(),
  renewalDueAt: z.string().nullable().describe('when auto-renew will renew it (null when it will not)'),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  renewedFromId: z.string().nullable(),
  supersededById: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CertificateSummary = z.infer<typeof CertificateSummarySchema>;

export const CertificateDetailSchema = CertificateSummarySchema.extend({
  subjectKeyId: z.string().nullable(),
  authorityKeyId: z.string().nullable(),
  pem: z.string().describe('the certificate, PEM'),
  chain: z.array(z.string()).describe('issuer certificates above it, nearest first, PEM'),
  text: z.string().describe('decoded, as `openssl x509 -text` shows it'),
});
export type CertificateDetail = z.infer<typeof CertificateDetailSchema>;

/** The answer of a create/issue/import/sign/renew: the certificate plus anything the operator should know. */
export const CertificateResultSchema = CertificateDetailSchema.extend({ warnings: z.array(z.string()) });
export type CertificateResult = z.infer<typeof CertificateResultSchema>;

export const CertificateListQuerySchema = z.object({
  state: CertificateStateSchema.optional(),
  issuerId: z.string().min(1).optional().describe('only certificates issued by this CA'),
  ca: z.enum(['true', 'false']).optional().describe('only CAs (true) or only non-CAs (false)'),
  includeSuperseded: z.enum(['true', 'false']).optional().describe('also certificates replaced by a renewal (default false)'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  continue: z.string().optional().describe('`continue` of the previous page'),
});
export type CertificateListQuery = z.infer<typeof CertificateListQuerySchema>;

export const CertificatePageSchema = z.object({ items: z.array(CertificateSummarySchema), continue: z.string().optional(), total: z.number() });

export const SecretBindingSchema = z.object({
  id: z.string(),
  certificateId: z.string(),
  kind: z.enum(['Secret', 'ConfigMap']),
  namespace: z.string(),
  name: z.string(),
  shape: z.enum(['tls', 'ca-bundle', 'custom']),
  keys: z.object({ certificate: z.string().optional(), privateKey: z.string().optional(), ca: z.string().optional() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SecretBindingView = z.infer<typeof SecretBindingSchema>;

const RefSchema = z.object({ kind: z.string(), namespace: z.string(), name: z.string() });

/** "What uses this certificate?" — through the Secrets and ConfigMaps bound to it. */
export const CertificateUsageSchema = z.object({
  bindings: z.array(SecretBindingSchema.extend({ exists: z.boolean() })),
  listeners: z.array(z.object({ gateway: RefSchema, listener: z.string(), via: RefSchema })),
  gatewayClientCertificates: z.array(z.object({ gateway: RefSchema, via: RefSchema })),
  upstreamTlsPolicies: z.array(z.object({ policy: RefSchema, via: RefSchema, accepted: z.string().nullable().describe('status of the Accepted condition') })),
  backendTlsPolicies: z.array(z.object({ policy: RefSchema, via: RefSchema, accepted: z.string().nullable() })),
  issued: z.number().describe('certificates in the inventory issued by this one'),
});
export type CertificateUsage = z.infer<typeof CertificateUsageSchema>;
