import { z } from 'zod';
import { GroupSchema, KindSchema, NamespaceNameSchema, ObjectNameSchema, PortNumberSchema } from '../gateway-api/names.schema';
import { SecretObjectReferenceSchema } from '../gateway-api/references.schema';
import { ObjectMetaSchema } from '../object/meta';
import { addDuplicateIssues } from '../object/unique-items';

/**
 * UpstreamTLSPolicy (gateway.flomesh.io/v1alpha1), the policy of FSM's "Upstream TLS" scenario: the gateway speaks
 * TLS to a Service's port and verifies the upstream certificate against the `ca.crt` of a Secret.
 *
 * Shape and defaults: fsm v1.3.10 pkg/apis/policyattachment/v1alpha1/upstreamtls.go and its CRD
 * (cmd/fsm-bootstrap/crds/gateway.flomesh.io_upstreamtlspolicies.yaml). Extra rules: FSM's admission webhook
 * (pkg/webhook/upstreamtls/webhook.go) — target ''/Service or flomesh.io/ServiceImport, ports non-empty, each
 * port needs a config unless spec.config is set, certificateRef must be ''/Secret. The webhook's Secret
 * existence and `ca.crt` / `tls.crt` / `tls.key` checks are status (Accepted/ResolvedRefs), not validation, here.
 * @see https://fsm-docs.flomesh.io/docs/guides/traffic_management/ingress/fsm_gateway/upstream_tls/
 */

/** NamespacedPolicyTargetReference: group, kind and name required; namespace defaults to the policy's. */
export const NamespacedPolicyTargetReferenceSchema = z.object({
  group: GroupSchema,
  kind: KindSchema,
  name: ObjectNameSchema,
  namespace: NamespaceNameSchema.optional(),
});
export type NamespacedPolicyTargetReference = z.infer<typeof NamespacedPolicyTargetReferenceSchema>;

/** UpstreamTLSConfig: certificateRef ({group '', kind Secret} by default) and mTLS (default false). */
export const UpstreamTlsConfigSchema = z.object({
  certificateRef: SecretObjectReferenceSchema,
  mTLS: z.boolean().default(false),
});
export type UpstreamTlsConfig = z.infer<typeof UpstreamTlsConfigSchema>;

/** PortUpstreamTLS: a Service port (the `port`, not the targetPort) and its config. */
export const PortUpstreamTlsSchema = z.object({
  port: PortNumberSchema,
  config: UpstreamTlsConfigSchema.optional(),
});
export type PortUpstreamTls = z.infer<typeof PortUpstreamTlsSchema>;

function addCertificateRefIssues(config: UpstreamTlsConfig, ctx: z.RefinementCtx, at: PropertyKey[]): void {
  const ref = config.certificateRef;
  if (ref.group !== '')
    ctx.addIssue({ code: 'custom', message: `certificateRef group must be "" (core), not "${ref.group}"`, path: [...at, 'certificateRef', 'group'] });
  if (ref.kind !== 'Secret')
    ctx.addIssue({ code: 'custom', message: `certificateRef kind must be Secret, not ${ref.kind}`, path: [...at, 'certificateRef', 'kind'] });
}

const SUPPORTED_TARGETS = [
  { group: '', kind: 'Service' },
  { group: 'flomesh.io', kind: 'ServiceImport' },
];

export const UpstreamTlsPolicySpecSchema = z
  .object({
    targetRef: NamespacedPolicyTargetReferenceSchema,
    // +listType=map +listMapKey=port, 1–16 items; the webhook refuses an empty or missing list.
    ports: z
      .array(PortUpstreamTlsSchema, { error: (iss) => (iss.input === undefined ? 'Required value: at least one port is required' : undefined) })
      .min(1)
      .max(16)
      .superRefine((ports, ctx) => addDuplicateIssues(ctx, ports, (p) => p.port, { field: 'port' })),
    config: UpstreamTlsConfigSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    const t = spec.targetRef;
    if (!SUPPORTED_TARGETS.some((s) => s.group === t.group && s.kind === t.kind))
      ctx.addIssue({
        code: 'custom',
        message: `targetRef must be a Service (group "") or a ServiceImport (group flomesh.io), not ${t.group === '' ? 'core' : t.group}/${t.kind}`,
        path: ['targetRef', 'kind'],
      });
    spec.ports.forEach((p, i) => {
      if (p.config === undefined && spec.config === undefined)
        ctx.addIssue({ code: 'custom', message: `Required value: port ${p.port} has no config and spec.config is not set`, path: ['ports', i, 'config'] });
      if (p.config !== undefined) addCertificateRefIssues(p.config, ctx, ['ports', i, 'config']);
    });
    if (spec.config !== undefined) addCertificateRefIssues(spec.config, ctx, ['config']);
  });
export type UpstreamTlsPolicySpec = z.infer<typeof UpstreamTlsPolicySpecSchema>;

export const UpstreamTlsPolicySchema = z.object({
  apiVersion: z.literal('gateway.flomesh.io/v1alpha1', { error: () => 'apiVersion must be gateway.flomesh.io/v1alpha1 for kind UpstreamTLSPolicy' }),
  kind: z.literal('UpstreamTLSPolicy'),
  metadata: ObjectMetaSchema,
  spec: UpstreamTlsPolicySpecSchema,
});
export type UpstreamTlsPolicy = z.infer<typeof UpstreamTlsPolicySchema>;

/** Aliases spelled like the Kubernetes kind. */
export const UpstreamTLSPolicySchema = UpstreamTlsPolicySchema;
export type UpstreamTLSPolicy = UpstreamTlsPolicy;
export const UpstreamTLSPolicySpecSchema = UpstreamTlsPolicySpecSchema;
export type UpstreamTLSPolicySpec = UpstreamTlsPolicySpec;
