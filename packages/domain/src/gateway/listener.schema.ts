import { z } from 'zod';
import { LabelSelectorSchema } from '../gateway-api/label-selector.schema';
import {
  GroupSchema,
  HostnameSchema,
  KindSchema,
  OptionsMapSchema,
  PortNumberSchema,
  SectionNameSchema,
} from '../gateway-api/names.schema';
import { SecretObjectReferenceSchema } from '../gateway-api/references.schema';
import { addDuplicateIssues } from '../object/unique-items';

/**
 * Gateway listeners as in the Gateway API v1.6.1 standard CRD (apis/v1/gateway_types.go, `Listener`).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
 */

/** ProtocolType: HTTP, HTTPS, TLS, TCP, UDP or a domain-prefixed custom protocol (`example.com/foo`). */
export const ProtocolTypeSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$/,
    'must be HTTP, HTTPS, TLS, TCP, UDP or a domain-prefixed protocol such as example.com/proto',
  );

/** Listener TLS (GatewayTLSConfig). mode defaults to Terminate. */
export const ListenerTlsConfigSchema = z
  .object({
    mode: z.enum(['Terminate', 'Passthrough']).default('Terminate'),
    certificateRefs: z.array(SecretObjectReferenceSchema).max(64).optional(),
    options: OptionsMapSchema.optional(),
  })
  .superRefine((tls, ctx) => {
    // CEL: "certificateRefs or options must be specified when mode is Terminate".
    const hasRefs = (tls.certificateRefs?.length ?? 0) > 0;
    const hasOptions = Object.keys(tls.options ?? {}).length > 0;
    if (tls.mode === 'Terminate' && !hasRefs && !hasOptions) {
      ctx.addIssue({
        code: 'custom',
        message: 'certificateRefs or options must be specified when mode is Terminate',
        path: ['certificateRefs'],
      });
    }
  });
export type ListenerTlsConfig = z.infer<typeof ListenerTlsConfigSchema>;

/** RouteGroupKind: group defaults to gateway.networking.k8s.io. */
export const RouteGroupKindSchema = z.object({
  group: GroupSchema.default('gateway.networking.k8s.io'),
  kind: KindSchema,
});
export type RouteGroupKind = z.infer<typeof RouteGroupKindSchema>;

/** RouteNamespaces: from defaults to Same. */
export const RouteNamespacesSchema = z.object({
  from: z.enum(['All', 'Selector', 'Same']).default('Same'),
  selector: LabelSelectorSchema.optional(),
});
export type RouteNamespaces = z.infer<typeof RouteNamespacesSchema>;

/** AllowedRoutes: defaults to `{namespaces: {from: Same}}`. */
export const AllowedRoutesSchema = z.object({
  namespaces: RouteNamespacesSchema.prefault({ from: 'Same' }),
  kinds: z.array(RouteGroupKindSchema).max(8).optional(),
});
export type AllowedRoutes = z.infer<typeof AllowedRoutesSchema>;

export const ListenerSchema = z.object({
  name: SectionNameSchema,
  hostname: HostnameSchema.optional(),
  port: PortNumberSchema,
  protocol: ProtocolTypeSchema,
  tls: ListenerTlsConfigSchema.optional(),
  allowedRoutes: AllowedRoutesSchema.prefault({ namespaces: { from: 'Same' } }),
});
export type Listener = z.infer<typeof ListenerSchema>;

/**
 * The listener list and its CEL rules (x-kubernetes-validations on `spec.listeners`). Each problem is reported
 * at the listener it concerns rather than at the whole list, so a form can show it beside the field.
 */
export const ListenersSchema = z
  .array(ListenerSchema)
  .min(1)
  .max(64)
  .superRefine((listeners, ctx) => {
    listeners.forEach((l, i) => {
      if (['HTTP', 'TCP', 'UDP'].includes(l.protocol) && l.tls !== undefined) {
        ctx.addIssue({ code: 'custom', message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']", path: [i, 'tls'] });
      }
      if (l.protocol === 'HTTPS' && l.tls !== undefined && l.tls.mode !== 'Terminate') {
        ctx.addIssue({ code: 'custom', message: 'tls mode must be Terminate for protocol HTTPS', path: [i, 'tls', 'mode'] });
      }
      if (l.protocol === 'TLS' && l.tls === undefined) {
        ctx.addIssue({ code: 'custom', message: 'tls mode must be set for protocol TLS', path: [i, 'tls'] });
      }
      if (['TCP', 'UDP'].includes(l.protocol) && l.hostname !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: "hostname must not be specified for protocols ['TCP', 'UDP']",
          path: [i, 'hostname'],
        });
      }
    });
    // x-kubernetes-list-type: map keyed by name, and CEL "Listener name must be unique within the Gateway".
    addDuplicateIssues(ctx, listeners, (l) => l.name, {
      field: 'name',
      message: (k) => `Listener name must be unique within the Gateway: "${k}"`,
    });
    // CEL: "Combination of port, protocol and hostname must be unique for each listener" (absent hostname is its own value).
    addDuplicateIssues(
      ctx,
      listeners,
      (l) => JSON.stringify([l.port, l.protocol, l.hostname ?? null]),
      { message: () => 'Combination of port, protocol and hostname must be unique for each listener' },
    );
  });
