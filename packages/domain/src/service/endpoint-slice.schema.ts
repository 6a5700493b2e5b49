import { z } from 'zod';
import { endpointIpProblem, isIPv4, isIPv6 } from '../object/ip-address';
import { Dns1123LabelSchema, LabelKeySchema, LabelValueSchema, ObjectMetaSchema, isDns1123Subdomain } from '../object/meta';
import { addDuplicateIssues } from '../object/unique-items';
import { AppProtocolSchema, ProtocolSchema } from './service.schema';

/**
 * EndpointSlice (discovery.k8s.io/v1) with the API server's defaults and checks
 * (pkg/apis/discovery/v1/defaults.go, pkg/apis/discovery/validation/validation.go).
 *
 * Kubernetes semantics the worker relies on: the label `kubernetes.io/service-name` names the Service a slice
 * belongs to, and a slice port is matched to a Service port **by name** (an unnamed Service port matches the
 * slice port named ""); the slice port number is the port to dial on each endpoint address.
 * @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
 */

/** The label that ties a slice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export const AddressTypeSchema = z.enum(['IPv4', 'IPv6', 'FQDN']);
export type AddressType = z.infer<typeof AddressTypeSchema>;

export const EndpointConditionsSchema = z.object({
  ready: z.boolean().optional(),
  serving: z.boolean().optional(),
  terminating: z.boolean().optional(),
});
export type EndpointConditions = z.infer<typeof EndpointConditionsSchema>;

/** core/v1 ObjectReference (the Pod behind an endpoint). */
export const ObjectReferenceSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
});

export const EndpointSchema = z.object({
  // Checked against addressType by the slice (the type lives one level up).
  addresses: z.array(z.string()).min(1, 'must contain at least 1 address').max(100),
  conditions: EndpointConditionsSchema.prefault({}),
  hostname: Dns1123LabelSchema.optional(),
  targetRef: ObjectReferenceSchema.optional(),
  nodeName: z.string().refine(isDns1123Subdomain, 'must be a lower-case RFC 1123 subdomain').optional(),
  zone: z.string().optional(),
  hints: z
    .object({
      forZones: z.array(z.object({ name: z.string() })).max(8).optional(),
      forNodes: z.array(z.object({ name: z.string() })).max(8).optional(),
    })
    .optional(),
  deprecatedTopology: z.record(LabelKeySchema, LabelValueSchema).optional(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

/** EndpointPort: name defaults to "" and protocol to TCP (SetDefaults_EndpointPort). */
export const EndpointPortSchema = z.object({
  name: z.union([z.literal(''), Dns1123LabelSchema]).default(''),
  protocol: ProtocolSchema.default('TCP'),
  // Kubernetes leaves the range unchecked; a slice port outside 1–65535 cannot be dialled, so Gatehouse refuses it.
  port: z.number().int().min(1).max(65535).optional(),
  appProtocol: AppProtocolSchema.optional(),
});
export type EndpointPort = z.infer<typeof EndpointPortSchema>;

/** Fully qualified domain name (IsFullyQualifiedDomainName): a subdomain of at least two labels, trailing dot allowed. */
function isFqdn(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return isDns1123Subdomain(name) && name.includes('.');
}

function addressProblem(type: AddressType, address: string): string | undefined {
  switch (type) {
    case 'IPv4':
      return isIPv4(address) ? endpointIpProblem(address) : 'must be a valid IPv4 address';
    case 'IPv6':
      return isIPv6(address) ? endpointIpProblem(address) : 'must be a valid IPv6 address';
    case 'FQDN':
      return isFqdn(address) ? undefined : 'must be a fully qualified domain name (at least two lower-case labels)';
  }
}

export const EndpointSliceSchema = z
  .object({
    apiVersion: z.literal('discovery.k8s.io/v1'),
    kind: z.literal('EndpointSlice'),
    metadata: ObjectMetaSchema,
    addressType: AddressTypeSchema,
    endpoints: z.array(EndpointSchema).max(1000).default([]),
    ports: z
      .array(EndpointPortSchema)
      .max(100)
      .superRefine((ports, ctx) => addDuplicateIssues(ctx, ports, (p) => p.name, { field: 'name' }))
      .optional(),
  })
  .superRefine((slice, ctx) => {
    slice.endpoints.forEach((e, i) =>
      e.addresses.forEach((a, j) => {
        const problem = addressProblem(slice.addressType, a);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['endpoints', i, 'addresses', j] });
      }),
    );
  });
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;

/** The name of the Service a slice belongs to (its `kubernetes.io/service-name` label), if any. */
export function serviceNameOfSlice(slice: Pick<EndpointSlice, 'metadata'>): string | undefined {
  return slice.metadata.labels?.[SERVICE_NAME_LABEL];
}
