import { z } from 'zod';
import { HostnameSchema, SectionNameSchema } from '../gateway-api/names.schema';
import { addServicePortRequiredIssue, backendObjectReferenceShape } from '../gateway-api/references.schema';
import { isIPv4, isIPv6 } from '../object/ip-address';
import { servedApiVersionSchema } from '../object/api-version.schema';
import { ObjectMetaSchema } from '../object/meta';
import { ParentRefsSchema } from './http-route.schema';

/**
 * TLSRoute (gateway.networking.k8s.io). The v1.6.1 standard CRD serves only `v1` (v1alpha2 and v1alpha3 are
 * listed with `served: false`), so that is the one version accepted and stored. Shapes, limits and
 * x-kubernetes-validations follow that CRD: hostnames 1–1024 (no IPs, RFC 1123, a wildcard only as the first
 * label), parentRefs ≤ 32 with the same-parent sectionName rules, exactly one rule with 1–16 backendRefs.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroute
 */

/** BackendRef of a TLSRoute rule: group '' / kind Service / weight 1 by default; a Service needs a port. No filters. */
export const TlsBackendRefSchema = z
  .object({ ...backendObjectReferenceShape, weight: z.number().int().min(0).max(1_000_000).default(1) })
  .superRefine(addServicePortRequiredIssue);
export type TlsBackendRef = z.infer<typeof TlsBackendRefSchema>;

export const TlsRouteRuleSchema = z.object({
  name: SectionNameSchema.optional(),
  backendRefs: z.array(TlsBackendRefSchema).min(1).max(16),
});
export type TlsRouteRule = z.infer<typeof TlsRouteRuleSchema>;

/**
 * hostnames: the pattern is the Hostname type's; the CEL rules add "Hostnames cannot contain an IP" (SNI never
 * carries an address, RFC 6066 §3). An IPv4 address would otherwise pass the DNS pattern.
 */
export const TlsRouteHostnamesSchema = z
  .array(HostnameSchema)
  .min(1)
  .max(1024)
  .superRefine((hosts, ctx) => {
    hosts.forEach((h, i) => {
      if (isIPv4(h) || isIPv6(h)) ctx.addIssue({ code: 'custom', message: 'Hostnames cannot contain an IP', path: [i] });
    });
  });

export const TlsRouteSpecSchema = z.object({
  parentRefs: ParentRefsSchema.optional(),
  hostnames: TlsRouteHostnamesSchema,
  rules: z.array(TlsRouteRuleSchema).min(1).max(1),
});
export type TlsRouteSpec = z.infer<typeof TlsRouteSpecSchema>;

export const TlsRouteSchema = z.object({
  apiVersion: servedApiVersionSchema('TLSRoute', ['gateway.networking.k8s.io/v1'], 'gateway.networking.k8s.io/v1'),
  kind: z.literal('TLSRoute'),
  metadata: ObjectMetaSchema,
  spec: TlsRouteSpecSchema,
});
export type TlsRoute = z.infer<typeof TlsRouteSchema>;

/** Aliases spelled like the Kubernetes kind. */
export const TLSRouteSchema = TlsRouteSchema;
export type TLSRoute = TlsRoute;
