import { z } from 'zod';
import { Dns1035LabelSchema, Dns1123LabelSchema, LabelKeySchema, LabelValueSchema, ObjectMetaSchema, isDns1123Subdomain, isQualifiedName } from '../object/meta';
import { addDuplicateIssues } from '../object/unique-items';

/**
 * Service (core v1), the parts Gatehouse reads plus the common fields an exported Service carries, with the
 * defaults and checks of the API server (pkg/apis/core/v1/defaults.go, pkg/apis/core/validation ValidateService).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/
 */

/** IANA_SVC_NAME (a named targetPort): ≤15 characters of a-z, 0-9, '-', with a letter, no '--', no '-' at the ends. */
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export function isIanaServiceName(value: string): boolean {
  return value.length <= 15 && IANA_SVC_NAME.test(value) && /[a-z]/.test(value) && !value.includes('--');
}

export const ProtocolSchema = z.enum(['TCP', 'UDP', 'SCTP']);
export type Protocol = z.infer<typeof ProtocolSchema>;

/** appProtocol: an IANA service name or a domain-prefixed name such as kubernetes.io/h2c. */
export const AppProtocolSchema = z.string().refine(isQualifiedName, 'must be a qualified name such as "http" or "kubernetes.io/h2c"');

/** IntOrString targetPort: a number 1–65535 or the name of a container port. */
export const TargetPortSchema = z.union([
  z.number().int().min(1).max(65535),
  z.string().refine(isIanaServiceName, 'must be a port number or an IANA service name (≤15 characters of a-z, 0-9, "-")'),
]);

/** ServicePort: protocol defaults to TCP and targetPort to port (SetDefaults_Service). */
export const ServicePortSchema = z
  .object({
    name: Dns1123LabelSchema.optional(),
    protocol: ProtocolSchema.default('TCP'),
    appProtocol: AppProtocolSchema.optional(),
    port: z.number().int().min(1).max(65535),
    targetPort: TargetPortSchema.optional(),
    nodePort: z.number().int().min(1).max(65535).optional(),
  })
  .transform(({ targetPort, ...p }) => ({ ...p, targetPort: targetPort ?? p.port }));
export type ServicePort = z.output<typeof ServicePortSchema>;

export const ServiceTypeSchema = z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);

export const ServiceSpecSchema = z
  .object({
    type: ServiceTypeSchema.default('ClusterIP'),
    selector: z.record(LabelKeySchema, LabelValueSchema).optional(),
    ports: z.array(ServicePortSchema).optional(),
    clusterIP: z.string().optional(),
    clusterIPs: z.array(z.string()).max(2).optional(),
    externalName: z.string().optional(),
    externalIPs: z.array(z.string()).optional(),
    externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
    internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
    ipFamilies: z.array(z.enum(['IPv4', 'IPv6'])).max(2).optional(),
    ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional(),
    sessionAffinity: z.enum(['ClientIP', 'None']).default('None'),
    sessionAffinityConfig: z.object({ clientIP: z.object({ timeoutSeconds: z.number().int().min(1).max(86400).optional() }).optional() }).optional(),
    loadBalancerIP: z.string().optional(),
    loadBalancerSourceRanges: z.array(z.string()).optional(),
    loadBalancerClass: z.string().optional(),
    allocateLoadBalancerNodePorts: z.boolean().optional(),
    healthCheckNodePort: z.number().int().min(0).max(65535).optional(),
    publishNotReadyAddresses: z.boolean().optional(),
    trafficDistribution: z.string().optional(),
  })
  .superRefine((spec, ctx) => {
    const ports = spec.ports ?? [];
    const headless = spec.clusterIP === 'None';
    if (ports.length === 0 && !headless && spec.type !== 'ExternalName')
      ctx.addIssue({ code: 'custom', message: 'Required value: a Service needs at least one port (unless headless or ExternalName)', path: ['ports'] });
    if (ports.length > 1) {
      ports.forEach((p, i) => {
        if (p.name === undefined || p.name === '')
          ctx.addIssue({ code: 'custom', message: 'Required value: every port needs a name when a Service has more than one', path: ['ports', i, 'name'] });
      });
    }
    addDuplicateIssues(ctx, ports, (p) => p.name, { at: ['ports'], field: 'name' });
    addDuplicateIssues(ctx, ports, (p) => `${p.port}/${p.protocol}`, { at: ['ports'], message: (k) => `Duplicate value: port and protocol ${String(k)}` });
    if (spec.type === 'ClusterIP' || spec.type === 'ExternalName') {
      ports.forEach((p, i) => {
        if (p.nodePort !== undefined)
          ctx.addIssue({ code: 'custom', message: `Forbidden: may not be used when type is '${spec.type}'`, path: ['ports', i, 'nodePort'] });
      });
    }
    if (spec.type === 'ExternalName') {
      const name = spec.externalName?.replace(/\.$/, '');
      if (name === undefined || name === '') ctx.addIssue({ code: 'custom', message: 'Required value: externalName is required for type ExternalName', path: ['externalName'] });
      else if (!isDns1123Subdomain(name)) ctx.addIssue({ code: 'custom', message: 'must be a lower-case RFC 1123 subdomain', path: ['externalName'] });
    }
  });
export type ServiceSpec = z.output<typeof ServiceSpecSchema>;

export const ServiceSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Service'),
  // Service names are DNS-1035 labels (ValidateServiceName): they become DNS names and environment variables.
  metadata: ObjectMetaSchema.extend({ name: Dns1035LabelSchema }),
  spec: ServiceSpecSchema,
});
export type Service = z.output<typeof ServiceSchema>;
