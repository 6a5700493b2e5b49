import { z } from 'zod';
import { Dns1123LabelSchema } from '../object/meta';

/**
 * Clusters Gatehouse pushes to (issue 7). One schema per request and answer, shared by REST (and its OpenAPI
 * document), tRPC and the console's forms. Field names are the REST API's, exactly.
 */

/** A cluster's name in Gatehouse: a DNS label, like the names operators give kube contexts. */
export const ClusterNameSchema = Dns1123LabelSchema.describe('the cluster\'s name in Gatehouse (a DNS-1123 label)');

/** 1 MiB of kubeconfig is far more than any real one; the request body limit applies first anyway. */
export const RegisterClusterSchema = z
  .object({
    name: ClusterNameSchema,
    kubeconfig: z.string().min(1, 'Required value: the kubeconfig YAML').max(1_048_576).optional()
      .describe('kubeconfig YAML with credentials embedded (no exec plugins, no file paths); stored encrypted, never returned'),
    context: z.string().min(1).max(253).optional().describe('the context to use; default: the kubeconfig\'s current-context'),
    inCluster: z.boolean().optional().describe('use the service account of the pod the console runs in instead of a kubeconfig'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.inCluster && v.kubeconfig !== undefined) ctx.addIssue({ code: 'custom', path: ['kubeconfig'], message: 'give a kubeconfig or inCluster: true, not both' });
    if (!v.inCluster && v.kubeconfig === undefined) ctx.addIssue({ code: 'custom', path: ['kubeconfig'], message: 'Required value: the kubeconfig YAML (or inCluster: true)' });
  });
export type RegisterCluster = z.infer<typeof RegisterClusterSchema>;

export const ClusterPermissionSchema = z.object({ kind: z.string(), verb: z.string(), allowed: z.boolean() });
export type ClusterPermission = z.infer<typeof ClusterPermissionSchema>;

export const ClusterStatusSchema = z.object({
  reachable: z.boolean(),
  serverVersion: z.string().optional().describe('e.g. v1.35.4'),
  gatewayApi: z.object({
    installed: z.boolean(),
    bundleVersion: z.string().optional().describe('gateway.networking.k8s.io/bundle-version of the CRDs, e.g. v1.6.1'),
    channel: z.enum(['standard', 'experimental']).optional(),
    missing: z.array(z.string()).optional().describe('CRDs Gatehouse pushes that are not installed'),
  }),
  upstreamTlsPolicyCrd: z.boolean(),
  permissions: z.array(ClusterPermissionSchema),
  message: z.string().describe('the check in words'),
  checkedAt: z.string().optional(),
});
export type ClusterStatus = z.infer<typeof ClusterStatusSchema>;

export const ClusterSchema = z.object({
  name: z.string(),
  server: z.string(),
  context: z.string().optional(),
  source: z.enum(['kubeconfig', 'in-cluster']),
  createdAt: z.string(),
  createdBy: z.string(),
  lastPush: z.object({ push: z.number().int(), time: z.string(), outcome: z.string() }).optional(),
  drift: z.number().int().optional().describe('objects drifted at the last check'),
  status: ClusterStatusSchema,
});
export type Cluster = z.infer<typeof ClusterSchema>;
export const ClusterListSchema = z.object({ items: z.array(ClusterSchema) });

/** An object picked by kind, namespace and name (re-push or import of one object). */
export const ClusterObjectRefSchema = z.object({
  kind: z.string().min(1),
  namespace: z.string().optional(),
  name: z.string().min(1),
}).strict();
export type ClusterObjectRef = z.infer<typeof ClusterObjectRefSchema>;

const Namespaces = z.array(Dns1123LabelSchema).min(1, 'Required value: at least one namespace').max(1000)
  .describe('the Gatehouse namespaces in scope');

export const PlanRequestSchema = z.object({
  namespaces: Namespaces,
  objects: z.array(ClusterObjectRefSchema).max(1000).optional().describe('only these objects (default: everything in the namespaces)'),
}).strict();
export type PlanRequest = z.infer<typeof PlanRequestSchema>;

export const PlanActionSchema = z.enum(['create', 'update', 'unchanged', 'delete']);
export type PlanAction = z.infer<typeof PlanActionSchema>;

export const PlanItemSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  action: PlanActionSchema,
  diff: z.string().describe('unified diff of the object in the cluster (Secret values masked); empty when unchanged'),
  problems: z.array(z.string()).describe('why this object cannot be pushed as it is'),
  note: z.string().optional().describe('e.g. a Service that exists in the cluster and is only referenced'),
});
export type PlanItem = z.infer<typeof PlanItemSchema>;
export const PlanSchema = z.object({ storeRevision: z.number().int(), items: z.array(PlanItemSchema) });
export type Plan = z.infer<typeof PlanSchema>;

export const PushRequestSchema = z.object({
  namespaces: Namespaces,
  prune: z.boolean().default(false).describe('delete objects Gatehouse pushed before and no longer has'),
  force: z.boolean().default(false).describe('take over fields another field manager owns (server-side apply force)'),
  objects: z.array(ClusterObjectRefSchema).max(1000).optional().describe('only these objects (re-push)'),
}).strict();
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const PushOutcomeSchema = z.enum(['created', 'configured', 'unchanged', 'deleted', 'failed', 'skipped']);
export type PushOutcome = z.infer<typeof PushOutcomeSchema>;
export const PushItemSchema = PlanItemSchema.extend({ outcome: PushOutcomeSchema, message: z.string() });
export type PushItem = z.infer<typeof PushItemSchema>;
export const PushResultSchema = z.object({ push: z.number().int(), storeRevision: z.number().int(), outcome: z.string(), items: z.array(PushItemSchema) });
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushRecordSchema = z.object({
  push: z.number().int(),
  time: z.string(),
  actor: z.string(),
  storeRevision: z.number().int(),
  namespaces: z.array(z.string()),
  prune: z.boolean(),
  force: z.boolean(),
  outcome: z.enum(['succeeded', 'partial', 'failed']),
  counts: z.record(z.string(), z.number().int()),
  items: z.array(PushItemSchema.omit({ diff: true })).optional(),
});
export type PushRecord = z.infer<typeof PushRecordSchema>;
export const PushRecordListSchema = z.object({ items: z.array(PushRecordSchema) });

export const DriftItemSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  state: z.enum(['changed', 'deleted']),
  diff: z.string().describe('what was pushed → what the cluster holds now (Secret values masked)'),
});
export type DriftItem = z.infer<typeof DriftItemSchema>;
export const DriftSchema = z.object({ checkedAt: z.string(), items: z.array(DriftItemSchema) });
export type Drift = z.infer<typeof DriftSchema>;

export const ImportRequestSchema = z.object({
  namespaces: Namespaces.describe('the cluster namespaces to read'),
  dryRun: z.boolean().default(false).describe('preview: what would be created or changed'),
  includeSecretValues: z.boolean().default(false).describe('also import Secrets with their values (admins only)'),
  objects: z.array(ClusterObjectRefSchema).max(1000).optional().describe('only these objects ("import the cluster\'s version")'),
}).strict();
export type ImportRequest = z.infer<typeof ImportRequestSchema>;
