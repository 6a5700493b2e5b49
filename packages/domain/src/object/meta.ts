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

/** A DNS-1123 label (Namespace names, port names, hostnames of endpoints): at most 63 characters, no dots. */
export const Dns1123LabelSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(DNS1123_LABEL, 'must be a lower-case RFC 1123 label (a-z, 0-9, "-")');

/**
 * A DNS-1035 label (Service names): like a DNS-1123 label but starting with a letter, so that it can be
 * an environment variable prefix and a DNS name. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#rfc-1035-label-names
 */
export const Dns1035LabelSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'must be a lower-case RFC 1035 label (a-z, 0-9, "-", starting with a letter)');

/** True for a DNS-1123 subdomain (k8s.io/apimachinery IsDNS1123Subdomain). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** True for a DNS-1123 label (k8s.io/apimachinery IsDNS1123Label). */
export function isDns1123Label(value: string): boolean {
  return value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

// Label keys: optional DNS prefix + '/' + name (63, alnum with -_.); values 63 chars, may be empty.
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/** True for a qualified name (`[prefix/]name`): label keys, annotation keys, appProtocol, finalizers. */
export function isQualifiedName(k: string): boolean {
  const slash = k.lastIndexOf('/');
  const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

/** A label or annotation key (k8s.io/apimachinery IsQualifiedName). */
export const LabelKeySchema = z
  .string()
  .refine(isQualifiedName, 'must be a qualified name ([prefix/]name, name ≤ 63 characters of a-z, A-Z, 0-9, "-", "_", ".")');

/** A label value: empty, or ≤ 63 characters of a-z, A-Z, 0-9, "-", "_", "." starting and ending alphanumeric. */
export const LabelValueSchema = z
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
