import { z } from 'zod';
import { GroupSchema, KindSchema, NamespaceNameSchema, ObjectNameSchema } from '../gateway-api/names.schema';
import { servedApiVersionSchema } from '../object/api-version.schema';
import { ObjectMetaSchema } from '../object/meta';

/**
 * ReferenceGrant (served v1 and v1beta1 with identical schemas; Gatehouse stores v1 — upstream v1.6.1 still
 * stores v1beta1, the shapes are the same). Lives in the namespace of the referent (`to`).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#referencegrant
 */

/** ReferenceGrantFrom: who may refer (group '' is core). */
export const ReferenceGrantFromSchema = z.object({
  group: GroupSchema,
  kind: KindSchema,
  namespace: NamespaceNameSchema,
});
export type ReferenceGrantFrom = z.infer<typeof ReferenceGrantFromSchema>;

/** ReferenceGrantTo: what may be referred to; without name, every object of the kind. */
export const ReferenceGrantToSchema = z.object({
  group: GroupSchema,
  kind: KindSchema,
  name: ObjectNameSchema.optional(),
});
export type ReferenceGrantTo = z.infer<typeof ReferenceGrantToSchema>;

export const ReferenceGrantSpecSchema = z.object({
  from: z.array(ReferenceGrantFromSchema).min(1).max(16),
  to: z.array(ReferenceGrantToSchema).min(1).max(16),
});
export type ReferenceGrantSpec = z.infer<typeof ReferenceGrantSpecSchema>;

export const ReferenceGrantSchema = z.object({
  apiVersion: servedApiVersionSchema(
    'ReferenceGrant',
    ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
    'gateway.networking.k8s.io/v1',
  ),
  kind: z.literal('ReferenceGrant'),
  metadata: ObjectMetaSchema,
  spec: ReferenceGrantSpecSchema,
});
export type ReferenceGrant = z.infer<typeof ReferenceGrantSchema>;
