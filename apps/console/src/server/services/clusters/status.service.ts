import { z } from 'zod';
import { Dns1123LabelSchema, type KubeObject } from '@gatehouse/domain/object/meta';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { compareStatus, summarizeStatus, type StatusSummary } from '@gatehouse/kube/diff/compare-status';
import { objectKey } from '@gatehouse/kube/render/render-for-cluster';
import { loadLiveIndex } from '@gatehouse/kube/sync/live-index';
import { authorize, type RequestContext } from '../../auth/principal';
import type { ConsoleRuntime } from '../../runtime-types';
import { rowToObject } from '../../store/resource-codec';
import { CONTROLLER_NAME } from '../../status/status-cache';
import { clientFor, findCluster, reaching } from './cluster-access';

export const ClusterStatusQuerySchema = z.object({ namespace: Dns1123LabelSchema.describe('the namespace whose objects to compare') }).strict();

export const ClusterStatusComparisonSchema = z.object({
  items: z.array(z.object({
    kind: z.string(),
    namespace: z.string().optional(),
    name: z.string(),
    inCluster: z.boolean().describe('the object exists in the cluster'),
    agree: z.boolean(),
    differences: z.array(z.string()).describe('in words; empty when they agree'),
    gatehouse: z.unknown().describe('conditions per place as Gatehouse computes them'),
    cluster: z.unknown().describe('conditions per place as the cluster\'s worker wrote them'),
  })),
});
export type ClusterStatusComparison = z.infer<typeof ClusterStatusComparisonSchema>;

const KINDS = ['Gateway', 'ListenerSet', 'HTTPRoute', 'TLSRoute', 'UpstreamTLSPolicy', 'BackendTLSPolicy'];

/**
 * For one namespace: the status Gatehouse computes for each Gateway, HTTPRoute and policy (and the GatewayClasses
 * its Gateways name) beside the status the worker in the cluster wrote into the object, and whether they agree.
 */
export async function compareClusterStatuses(rt: ConsoleRuntime, ctx: RequestContext, name: string, query: unknown): Promise<ClusterStatusComparison> {
  authorize(ctx, 'clusters.read');
  const q = parseOrThrow(ClusterStatusQuerySchema, query, 'query');
  const row = await findCluster(rt.db, name);
  const rows = await rt.db.prisma.resource.findMany({ where: { OR: [{ namespace: q.namespace, kind: { in: KINDS } }, { kind: 'GatewayClass' }] } });
  const stored = await rt.statuses.decorate(rows.map((r) => rowToObject(r, rt.key, 'redact')));
  const classNames = new Set(stored.filter((o) => o.kind === 'Gateway').map((o) => String((o.spec as { gatewayClassName?: string }).gatewayClassName)));
  const objects = stored.filter((o) => o.kind !== 'GatewayClass' || classNames.has(o.metadata.name));
  const live = await reaching(name, () => loadLiveIndex(clientFor(rt.key, row), KINDS, [q.namespace], [...classNames].map((n) => ({ kind: 'GatewayClass', name: n }))));
  const statusOf = (o: KubeObject | undefined) => (o as (KubeObject & { status?: Record<string, unknown> }) | undefined)?.status;
  return {
    items: objects.map((o) => {
      const inCluster = live.objects.get(objectKey(o.kind, o.metadata.namespace, o.metadata.name));
      const differences = inCluster ? compareStatus(o.kind, statusOf(o), statusOf(inCluster), CONTROLLER_NAME) : ['not in the cluster (push it first)'];
      const summary = (s: StatusSummary | undefined) => s ?? null;
      return {
        kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name, inCluster: inCluster !== undefined,
        agree: differences.length === 0, differences,
        gatehouse: summary(summarizeStatus(o.kind, statusOf(o), CONTROLLER_NAME)), cluster: summary(summarizeStatus(o.kind, statusOf(inCluster), CONTROLLER_NAME)),
      };
    }),
  };
}
