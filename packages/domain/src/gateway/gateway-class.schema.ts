import { z } from 'zod';
import { GroupSchema, KindSchema, NamespaceNameSchema, ObjectNameSchema } from '../gateway-api/names.schema';
import { servedApiVersionSchema } from '../object/api-version.schema';
import { ObjectMetaSchema } from '../object/meta';

/**
 * GatewayClass (cluster-scoped; served v1 and v1beta1 with identical schemas; stored as v1), following the v1.6.1
 * standard CRD. controllerName is immutable once created (CEL `self == oldSelf`): an update-time check for the
 * store, not part of this schema.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayclass
 */

/** GatewayController: a domain-prefixed path such as `example.net/gateway-controller`. */
export const GatewayControllerSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/,
    'must be a domain-prefixed path such as example.net/gateway-controller',
  );

/** ParametersReference: group, kind and name required; namespace for namespaced parameters. */
export const ParametersReferenceSchema = z.object({
  group: GroupSchema,
  kind: KindSchema,
  name: ObjectNameSchema,
  namespace: NamespaceNameSchema.optional(),
});

export const GatewayClassSpecSchema = z.object({
  controllerName: GatewayControllerSchema,
  parametersRef: ParametersReferenceSchema.optional(),
  description: z.string().max(64).optional(),
});
export type GatewayClassSpec = z.infer<typeof GatewayClassSpecSchema>;

export const GatewayClassSchema = z.object({
  apiVersion: servedApiVersionSchema(
    'GatewayClass',
    ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
    'gateway.networking.k8s.io/v1',
  ),
  kind: z.literal('GatewayClass'),
  metadata: ObjectMetaSchema,
  spec: GatewayClassSpecSchema,
});
export type GatewayClass = z.infer<typeof GatewayClassSchema>;
