import { z } from 'zod';

// Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 subdomain (most object names): lower case, digits, '-', '.', at most 253 characters. */
export const Dns1123SubdomainSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(DNS1123_SUBDOMAIN, 'must be a lower-case RFC 1123 subdomain (a-z, 0-9, "-", ".")');

/** A DNS-1123 label (Namespace names, Service names): at most 63 characters, no dots. */
export const Dns1123LabelSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(DNS1123_LABEL, 'must be a lower-case RFC 1123 label (a-z, 0-9, "-")');

// Label keys: optional DNS prefix + '/' + name (63, alnum with -_.); values 63 chars, may be empty.
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LabelKeySchema = z.string().refine((k) => {
  const slash = k.lastIndexOf('/');
  const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}, 'must be a qualified name ([prefix/]name, name ≤ 63 characters of a-z, A-Z, 0-9, "-", "_", ".")');
const LabelValueSchema = z
  .string()
  .max(63)
  .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, 'must be empty or ≤ 63 characters of a-z, A-Z, 0-9, "-", "_", "."');

/**
 * metadata as clients send it. Server-owned fields (uid, resourceVersion, generation,
 * creationTimestamp) are accepted so an exported object applies back unchanged; the server decides their values.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/
 */
export const ObjectMetaSchema = z.object({
  name: Dns1123SubdomainSchema,
  namespace: Dns1123LabelSchema.optional(),
  labels: z.record(LabelKeySchema, LabelValueSchema).optional(),
  annotations: z.record(LabelKeySchema, z.string()).optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().optional(),
  creationTimestamp: z.string().optional(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

/** A Kubernetes-shaped object of any kind, as stored, served and put into snapshots. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A Kubernetes condition (metav1.Condition). */
export const ConditionSchema = z.object({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string(),
  message: z.string(),
  observedGeneration: z.number().int().optional(),
  lastTransitionTime: z.string(),
});
export type Condition = z.infer<typeof ConditionSchema>;
