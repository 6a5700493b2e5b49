import { z } from 'zod';
import { GroupSchema, KindSchema, NamespaceNameSchema, ObjectNameSchema, PortNumberSchema, SectionNameSchema } from './names.schema';

/**
 * Object references of Gateway API v1.6.1 (apis/v1/object_reference_types.go, shared_types.go) with the
 * defaults the CRDs apply.
 */

/** SecretObjectReference: group defaults to '' and kind to Secret. */
export const SecretObjectReferenceSchema = z.object({
  group: GroupSchema.default(''),
  kind: KindSchema.default('Secret'),
  name: ObjectNameSchema,
  namespace: NamespaceNameSchema.optional(),
});
export type SecretObjectReference = z.infer<typeof SecretObjectReferenceSchema>;

/** ObjectReference (frontend CA refs): group and kind required, namespace optional. */
export const ObjectReferenceSchema = z.object({
  group: GroupSchema,
  kind: KindSchema,
  name: ObjectNameSchema,
  namespace: NamespaceNameSchema.optional(),
});
export type ObjectReference = z.infer<typeof ObjectReferenceSchema>;

/** LocalObjectReference: a same-namespace referent; group and kind required ('' is the core group). */
export const LocalObjectReferenceSchema = z.object({
  group: GroupSchema,
  kind: KindSchema,
  name: ObjectNameSchema,
});
export type LocalObjectReference = z.infer<typeof LocalObjectReferenceSchema>;

/** ParentReference: group defaults to gateway.networking.k8s.io and kind to Gateway. */
export const ParentReferenceSchema = z.object({
  group: GroupSchema.default('gateway.networking.k8s.io'),
  kind: KindSchema.default('Gateway'),
  namespace: NamespaceNameSchema.optional(),
  name: ObjectNameSchema,
  sectionName: SectionNameSchema.optional(),
  port: PortNumberSchema.optional(),
});
export type ParentReference = z.infer<typeof ParentReferenceSchema>;

/** The fields of BackendObjectReference: group defaults to '' and kind to Service. */
export const backendObjectReferenceShape = {
  group: GroupSchema.default(''),
  kind: KindSchema.default('Service'),
  name: ObjectNameSchema,
  namespace: NamespaceNameSchema.optional(),
  port: PortNumberSchema.optional(),
};

/** CEL (BackendObjectReference): "Must have port for Service reference". */
export function addServicePortRequiredIssue(
  ref: { group: string; kind: string; port?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (ref.group === '' && ref.kind === 'Service' && ref.port === undefined) {
    ctx.addIssue({ code: 'custom', message: 'Must have port for Service reference', path: ['port'] });
  }
}

/** BackendObjectReference (mirror backends, policy targets): a Service needs a port. */
export const BackendObjectReferenceSchema = z.object(backendObjectReferenceShape).superRefine(addServicePortRequiredIssue);
export type BackendObjectReference = z.infer<typeof BackendObjectReferenceSchema>;
