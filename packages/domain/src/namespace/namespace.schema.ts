import { z } from 'zod';
import { Dns1123LabelSchema, ObjectMetaSchema, isQualifiedName } from '../object/meta';

/**
 * Namespace (core v1, cluster-scoped): the name is an RFC 1123 label; spec.finalizers are qualified names
 * (the API server adds `kubernetes`).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/namespace-v1/
 */
export const NamespaceSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Namespace'),
  metadata: ObjectMetaSchema.extend({ name: Dns1123LabelSchema }),
  spec: z
    .object({
      finalizers: z.array(z.string().refine(isQualifiedName, 'must be a qualified name such as "kubernetes"')).optional(),
    })
    .optional(),
});
export type Namespace = z.infer<typeof NamespaceSchema>;
