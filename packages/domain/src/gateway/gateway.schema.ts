import { z } from 'zod';
import { LabelSelectorSchema } from '../gateway-api/label-selector.schema';
import { ObjectNameSchema, PortNumberSchema } from '../gateway-api/names.schema';
import { LocalObjectReferenceSchema, ObjectReferenceSchema, SecretObjectReferenceSchema } from '../gateway-api/references.schema';
import { servedApiVersionSchema } from '../object/api-version.schema';
import { isIPv4, isIPv6 } from '../object/ip-address';
import { LabelValueSchema, ObjectMetaSchema } from '../object/meta';
import { addDuplicateIssues } from '../object/unique-items';
import { ListenersSchema } from './listener.schema';

export {
  AllowedRoutesSchema,
  ListenerSchema,
  ListenerTlsConfigSchema,
  ProtocolTypeSchema,
  RouteGroupKindSchema,
  RouteNamespacesSchema,
  type AllowedRoutes,
  type Listener,
  type ListenerTlsConfig,
  type RouteGroupKind,
  type RouteNamespaces,
} from './listener.schema';

/**
 * Gateway (gateway.networking.k8s.io, served v1 and v1beta1 with identical schemas; stored as v1), following the
 * v1.6.1 standard CRD: shapes, limits, defaults and x-kubernetes-validations.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
 */

const ADDRESS_TYPE =
  /^Hostname|IPAddress|NamedAddress|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;
const ADDRESS_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** GatewaySpecAddress: type defaults to IPAddress; value may be omitted to request an address of that type. */
export const GatewayAddressSchema = z
  .object({
    type: z.string().min(1).max(253).regex(ADDRESS_TYPE, 'must be IPAddress, Hostname, NamedAddress or a domain-prefixed type').default('IPAddress'),
    value: z.string().max(253).optional(),
  })
  .superRefine((a, ctx) => {
    // oneOf: an IPAddress value must have format ipv4 or ipv6.
    if (a.type === 'IPAddress' && a.value !== undefined && !isIPv4(a.value) && !isIPv6(a.value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a valid IPv4 or IPv6 address', path: ['value'] });
    }
    if (a.type === 'Hostname' && a.value !== undefined && !ADDRESS_HOSTNAME.test(a.value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'Hostname value must be empty or contain only valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)',
        path: ['value'],
      });
    }
  });
export type GatewayAddress = z.infer<typeof GatewayAddressSchema>;

const AddressesSchema = z
  .array(GatewayAddressSchema)
  .max(16)
  .superRefine((addresses, ctx) => {
    const keyed = (type: string) => (a: GatewayAddress) => (a.type === type && a.value !== undefined ? a.value : undefined);
    addDuplicateIssues(ctx, addresses, keyed('IPAddress'), { field: 'value', message: () => 'IPAddress values must be unique' });
    addDuplicateIssues(ctx, addresses, keyed('Hostname'), { field: 'value', message: () => 'Hostname values must be unique' });
  });

const INFRA_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
function infrastructureMap(value: z.ZodType<string>, maxEntries: number) {
  return z.record(z.string(), value).superRefine((m, ctx) => {
    const keys = Object.keys(m);
    if (keys.length > maxEntries) ctx.addIssue({ code: 'custom', message: `must have at most ${maxEntries} entries` });
    for (const k of keys) {
      if (!INFRA_KEY.test(k)) {
        ctx.addIssue({
          code: 'custom',
          message: 'keys must be an optional DNS subdomain prefix followed by a required name segment of up to 63 characters',
          path: [k],
        });
      } else if ((k.split('/')[0] ?? '').length >= 253) {
        ctx.addIssue({ code: 'custom', message: 'the key prefix must be a DNS subdomain not longer than 253 characters', path: [k] });
      }
    }
  });
}

/** GatewayInfrastructure: labels (≤8) and annotations (≤16) for generated resources, and parametersRef. */
export const GatewayInfrastructureSchema = z.object({
  labels: infrastructureMap(LabelValueSchema, 8).optional(),
  annotations: infrastructureMap(z.string().max(4096), 16).optional(),
  parametersRef: LocalObjectReferenceSchema.optional(),
});

/** AllowedListeners (ListenerSet attachment): namespaces.from defaults to None. */
export const AllowedListenersSchema = z.object({
  namespaces: z
    .object({
      from: z.enum(['All', 'Selector', 'Same', 'None']).default('None'),
      selector: LabelSelectorSchema.optional(),
    })
    .prefault({ from: 'None' }),
});

/** FrontendTLSValidation: client certificate validation; mode defaults to AllowValidOnly. */
export const FrontendTlsValidationSchema = z.object({
  caCertificateRefs: z.array(ObjectReferenceSchema).min(1).max(16),
  mode: z.enum(['AllowValidOnly', 'AllowInsecureFallback']).default('AllowValidOnly'),
});

const TlsConfigSchema = z.object({ validation: FrontendTlsValidationSchema.optional() });

/** Gateway-level TLS (spec.tls): backend client certificate and frontend client validation. */
export const GatewayTlsConfigSchema = z.object({
  backend: z.object({ clientCertificateRef: SecretObjectReferenceSchema.optional() }).optional(),
  frontend: z
    .object({
      default: TlsConfigSchema,
      perPort: z
        .array(z.object({ port: PortNumberSchema, tls: TlsConfigSchema }))
        .max(64)
        .superRefine((perPort, ctx) =>
          addDuplicateIssues(ctx, perPort, (p) => p.port, {
            field: 'port',
            message: () => 'Port for TLS configuration must be unique within the Gateway',
          }),
        )
        .optional(),
    })
    .optional(),
});

export const GatewaySpecSchema = z.object({
  gatewayClassName: ObjectNameSchema,
  listeners: ListenersSchema,
  addresses: AddressesSchema.optional(),
  infrastructure: GatewayInfrastructureSchema.optional(),
  allowedListeners: AllowedListenersSchema.optional(),
  tls: GatewayTlsConfigSchema.optional(),
});
export type GatewaySpec = z.infer<typeof GatewaySpecSchema>;

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export const GatewaySchema = z.object({
  apiVersion: servedApiVersionSchema('Gateway', ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'], 'gateway.networking.k8s.io/v1'),
  kind: z.literal('Gateway'),
  metadata: ObjectMetaSchema,
  spec: GatewaySpecSchema,
});
export type Gateway = z.infer<typeof GatewaySchema>;
