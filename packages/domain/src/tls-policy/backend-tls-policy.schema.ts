import { z } from 'zod';
import { GroupSchema, HostnameSchema, KindSchema, ObjectNameSchema, OptionsMapSchema, PreciseHostnameSchema, SectionNameSchema } from '../gateway-api/names.schema';
import { LocalObjectReferenceSchema } from '../gateway-api/references.schema';
import { ObjectMetaSchema } from '../object/meta';
import { addDuplicateIssues } from '../object/unique-items';

/**
 * BackendTLSPolicy (gateway.networking.k8s.io/v1 — the only served version in v1.6.1; v1alpha3 is not served),
 * following the v1.6.1 standard CRD.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendtlspolicy
 */

/** LocalPolicyTargetReferenceWithSectionName: sectionName is the Service port name. */
export const PolicyTargetReferenceWithSectionNameSchema = z.object({
  group: GroupSchema,
  kind: KindSchema,
  name: ObjectNameSchema,
  sectionName: SectionNameSchema.optional(),
});
export type PolicyTargetReferenceWithSectionName = z.infer<typeof PolicyTargetReferenceWithSectionNameSchema>;

/** SubjectAltName: the field named by `type` must be set and the other must not (four CEL rules). */
export const SubjectAltNameSchema = z
  .object({
    type: z.enum(['Hostname', 'URI']),
    hostname: HostnameSchema.optional(),
    uri: z
      .string()
      .min(1)
      .max(253)
      .regex(/^(([^:/?#]+):)(\/\/([^/?#]*))([^?#]*)(\?([^#]*))?(#(.*))?/, 'must be an absolute URI such as spiffe://example.com/id')
      .optional(),
  })
  .superRefine((san, ctx) => {
    const add = (message: string, field: string) => ctx.addIssue({ code: 'custom', message, path: [field] });
    if (san.type === 'Hostname' && !san.hostname) add('SubjectAltName element must contain Hostname, if Type is set to Hostname', 'hostname');
    if (san.type !== 'Hostname' && san.hostname) add('SubjectAltName element must not contain Hostname, if Type is not set to Hostname', 'hostname');
    if (san.type === 'URI' && !san.uri) add('SubjectAltName element must contain URI, if Type is set to URI', 'uri');
    if (san.type !== 'URI' && san.uri) add('SubjectAltName element must not contain URI, if Type is not set to URI', 'uri');
  });
export type SubjectAltName = z.infer<typeof SubjectAltNameSchema>;

/** BackendTLSPolicyValidation: caCertificateRefs XOR wellKnownCACertificates; hostname is the SNI. */
export const BackendTlsPolicyValidationSchema = z
  .object({
    caCertificateRefs: z.array(LocalObjectReferenceSchema).max(8).optional(),
    wellKnownCACertificates: z
      .string()
      .min(1)
      .max(253)
      .regex(
        /^(System|([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]))$/,
        'must be "System" or a domain-prefixed name',
      )
      .optional(),
    hostname: PreciseHostnameSchema,
    subjectAltNames: z.array(SubjectAltNameSchema).max(5).optional(),
  })
  .superRefine((v, ctx) => {
    const hasRefs = (v.caCertificateRefs?.length ?? 0) > 0;
    const hasWellKnown = v.wellKnownCACertificates !== undefined && v.wellKnownCACertificates !== '';
    if (hasRefs && hasWellKnown)
      ctx.addIssue({ code: 'custom', message: 'must not contain both CACertificateRefs and WellKnownCACertificates', path: ['wellKnownCACertificates'] });
    if (!hasRefs && !hasWellKnown)
      ctx.addIssue({ code: 'custom', message: 'must specify either CACertificateRefs or WellKnownCACertificates', path: ['caCertificateRefs'] });
  });
export type BackendTlsPolicyValidation = z.infer<typeof BackendTlsPolicyValidationSchema>;

/** targetRefs with the CEL rules: the same target twice only with distinct sectionNames. */
const TargetRefsSchema = z
  .array(PolicyTargetReferenceWithSectionNameSchema)
  .min(1)
  .max(16)
  .superRefine((refs, ctx) => {
    const targetKey = (r: PolicyTargetReferenceWithSectionName) => JSON.stringify([r.group, r.kind, r.name]);
    refs.forEach((r1, i) => {
      if (refs.some((r2) => targetKey(r2) === targetKey(r1) && (r2.sectionName === undefined) !== (r1.sectionName === undefined)))
        ctx.addIssue({
          code: 'custom',
          message: 'sectionName must be specified when targetRefs includes 2 or more references to the same target',
          path: [i, 'sectionName'],
        });
    });
    addDuplicateIssues(ctx, refs, (r) => JSON.stringify([targetKey(r), r.sectionName ?? '']), {
      field: 'sectionName',
      message: () => 'sectionName must be unique when targetRefs includes 2 or more references to the same target',
    });
  });

export const BackendTlsPolicySpecSchema = z.object({
  targetRefs: TargetRefsSchema,
  validation: BackendTlsPolicyValidationSchema,
  options: OptionsMapSchema.optional(),
});
export type BackendTlsPolicySpec = z.infer<typeof BackendTlsPolicySpecSchema>;

export const BackendTlsPolicySchema = z.object({
  apiVersion: z.literal('gateway.networking.k8s.io/v1', { error: () => 'apiVersion must be gateway.networking.k8s.io/v1 for kind BackendTLSPolicy' }),
  kind: z.literal('BackendTLSPolicy'),
  metadata: ObjectMetaSchema,
  spec: BackendTlsPolicySpecSchema,
});
export type BackendTlsPolicy = z.infer<typeof BackendTlsPolicySchema>;

/** Aliases spelled like the Kubernetes kind. */
export const BackendTLSPolicySchema = BackendTlsPolicySchema;
export type BackendTLSPolicy = BackendTlsPolicy;
export const BackendTLSPolicySpecSchema = BackendTlsPolicySpecSchema;
export type BackendTLSPolicySpec = BackendTlsPolicySpec;
