import { z } from 'zod';
import { GroupSchema, KindSchema, NamespaceNameSchema, ObjectNameSchema } from '../gateway-api/names.schema';
import { ListenersSchema } from '../gateway/listener.schema';
import { servedApiVersionSchema } from '../object/api-version.schema';
import { ObjectMetaSchema } from '../object/meta';

/**
 * ListenerSet (gateway.networking.k8s.io, standard channel since v1.5; v1.6.1 serves and stores v1 only): extra
 * listeners that join a Gateway which allows them (`spec.allowedListeners`, GEP-1713).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerset
 */

/** ParentGatewayReference: group defaults to gateway.networking.k8s.io, kind to Gateway, namespace to the ListenerSet's. */
export const ParentGatewayReferenceSchema = z.object({
  group: GroupSchema.default('gateway.networking.k8s.io'),
  kind: KindSchema.default('Gateway'),
  name: ObjectNameSchema,
  namespace: NamespaceNameSchema.optional(),
});
export type ParentGatewayReference = z.infer<typeof ParentGatewayReferenceSchema>;

/**
 * ListenerSetSpec. `listeners` are ListenerEntry items: the fields and CEL rules of Gateway listeners (1–64, unique
 * names, unique port/protocol/hostname, tls only where the protocol takes it), so the Gateway's list schema is reused.
 */
export const ListenerSetSpecSchema = z.object({
  parentRef: ParentGatewayReferenceSchema,
  listeners: ListenersSchema,
});
export type ListenerSetSpec = z.infer<typeof ListenerSetSpecSchema>;

export const ListenerSetSchema = z.object({
  apiVersion: servedApiVersionSchema('ListenerSet', ['gateway.networking.k8s.io/v1'], 'gateway.networking.k8s.io/v1'),
  kind: z.literal('ListenerSet'),
  metadata: ObjectMetaSchema,
  spec: ListenerSetSpecSchema,
});
export type ListenerSet = z.infer<typeof ListenerSetSchema>;
