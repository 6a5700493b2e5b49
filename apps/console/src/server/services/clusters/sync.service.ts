import { PlanRequestSchema, PushRequestSchema, type Plan, type PlanItem, type PushItem, type PushRecord, type PushResult } from '@gatehouse/domain/cluster/cluster.schema';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { objectKey, renderForCluster, type RenderedObject } from '@gatehouse/kube/render/render-for-cluster';
import { planPush, type PlannedObject } from '@gatehouse/kube/sync/plan';
import { executePush, type PushedObject } from '@gatehouse/kube/sync/push';
import { appendAuditEvent } from '../../audit/audit.repo';
import { authorize, type RequestContext } from '../../auth/principal';
import { redactForAudit, rowToObject } from '../../store/resource-codec';
import { readRevision } from '../../store/revision';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { clientFor, clusterRef, findCluster, ownership, reaching, type ClusterRow } from './cluster-access';

interface Scope {
  row: ClusterRow;
  revision: number;
  rendered: RenderedObject[];
  only?: Set<string>;
}

/** Gatehouse's side of a plan: the store's objects in scope (Secret values included, in memory only), rendered. */
async function renderScope(deps: ServiceDeps, clusterName: string, namespaces: string[], objects?: { kind: string; namespace?: string | undefined; name: string }[]): Promise<Scope> {
  const row = await findCluster(deps.db, clusterName);
  const [revision, rows, adoptedRows] = await Promise.all([
    readRevision(deps.db),
    deps.db.prisma.resource.findMany({ where: { OR: [{ namespace: { in: namespaces } }, { kind: 'GatewayClass' }] } }),
    deps.db.prisma.clusterObject.findMany({ where: { clusterId: row.id, owned: false }, select: { key: true } }),
  ]);
  const storeObjects = rows.map((r) => rowToObject(r, deps.key, 'include'));
  const own = await ownership(deps);
  const rendered = renderForCluster({ objects: storeObjects, namespaces, ownership: own, adopted: new Set(adoptedRows.map((a) => a.key)) });
  return { row, revision, rendered, ...(objects ? { only: new Set(objects.map((o) => objectKey(o.kind, o.namespace, o.name))) } : {}) };
}

function toPlanItem(p: PlannedObject): PlanItem {
  return {
    apiVersion: p.apiVersion, kind: p.kind, ...(p.namespace ? { namespace: p.namespace } : {}), name: p.name,
    action: p.action, diff: p.diff, problems: p.problems, ...(p.note ? { note: p.note } : {}),
  };
}

async function plannedObjects(deps: ServiceDeps, scope: Scope, namespaces: string[]): Promise<PlannedObject[]> {
  const own = await ownership(deps);
  return reaching(scope.row.name, () => planPush(clientFor(deps.key, scope.row), scope.rendered, { namespaces, ownership: own, ...(scope.only ? { only: scope.only } : {}) }));
}

/**
 * What a push of these namespaces would do (nothing is written anywhere): every object in scope with its action,
 * the diff of what would change in the cluster, and the problems that would make it fail.
 */
export async function planCluster(deps: ServiceDeps, ctx: RequestContext, name: string, input: unknown): Promise<Plan> {
  authorize(ctx, 'clusters.push');
  const body = parseOrThrow(PlanRequestSchema, input, 'plan');
  const scope = await renderScope(deps, name, body.namespaces, body.objects);
  const items = await plannedObjects(deps, scope, body.namespaces);
  return { storeRevision: scope.revision, items: items.map(toPlanItem) };
}

function pushOutcome(items: PushedObject[]): 'succeeded' | 'partial' | 'failed' {
  const failed = items.filter((i) => i.outcome === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === items.length ? 'failed' : 'partial';
}

const recordItem = (i: PushedObject) => ({
  apiVersion: i.apiVersion, kind: i.kind, ...(i.namespace ? { namespace: i.namespace } : {}), name: i.name,
  action: i.action, outcome: i.outcome, message: i.message, problems: i.problems, ...(i.note ? { note: i.note } : {}),
});

/**
 * Plans and carries out a push (server-side apply as field manager `gatehouse`; prune only of objects carrying
 * this instance's marks). Afterwards, in one write transaction: the numbered push record, one audit event with
 * the outcome per object (a push is where Secret values leave Gatehouse: the event names each Secret pushed, never
 * a value), and what was applied per object (Secret values as keyed hashes) for drift detection.
 */
export async function pushCluster(deps: ServiceDeps, ctx: RequestContext, name: string, input: unknown): Promise<PushResult> {
  authorize(ctx, 'clusters.push');
  const body = parseOrThrow(PushRequestSchema, input, 'push');
  const scope = await renderScope(deps, name, body.namespaces, body.objects);
  const plan = await plannedObjects(deps, scope, body.namespaces);
  const rest = clientFor(deps.key, scope.row);
  const pushed = await reaching(name, () => executePush(rest, plan, { prune: body.prune, force: body.force }));
  const outcome = pushOutcome(pushed);
  const now = deps.now();
  const number = await runWrite(deps, {}, async (tx) => {
    const last = await tx.clusterPush.findFirst({ where: { clusterId: scope.row.id }, orderBy: { number: 'desc' }, select: { number: true } });
    const n = (last?.number ?? 0) + 1;
    await tx.clusterPush.create({
      data: {
        clusterId: scope.row.id, number: n, time: now, actorName: ctx.principal.name, storeRevision: scope.revision,
        namespaces: JSON.stringify(body.namespaces), prune: body.prune, force: body.force, outcome, items: JSON.stringify(pushed.map(recordItem)),
      },
    });
    for (const p of pushed) {
      if (p.outcome === 'deleted') {
        await tx.clusterObject.deleteMany({ where: { clusterId: scope.row.id, key: p.key } });
      } else if ((p.outcome === 'created' || p.outcome === 'configured' || (p.outcome === 'unchanged' && !p.note)) && p.rendered) {
        const manifest = JSON.stringify(redactForAudit(p.rendered.manifest, deps.key));
        const data = { apiVersion: p.apiVersion, kind: p.kind, namespace: p.namespace ?? '', name: p.name, owned: p.rendered.owned, manifest, pushedAt: now, driftState: null, driftDiff: null, driftCheckedAt: now };
        await tx.clusterObject.upsert({ where: { clusterId_key: { clusterId: scope.row.id, key: p.key } }, create: { clusterId: scope.row.id, key: p.key, ...data }, update: data });
      }
    }
    const counts = countOutcomes(pushed);
    const secrets = pushed.filter((p) => p.kind === 'Secret' && (p.outcome === 'created' || p.outcome === 'configured')).map((p) => `${p.namespace}/${p.name}`);
    await appendAuditEvent(tx, ctx, {
      action: 'cluster.push',
      ref: clusterRef(name),
      after: { apiVersion: 'gatehouse.dev/v1', kind: 'ClusterPush', metadata: { name: `${name}-${n}` }, spec: { namespaces: body.namespaces, prune: body.prune, force: body.force, storeRevision: scope.revision }, status: { outcome, items: pushed.map(recordItem) } } as KubeObject,
      message: `push #${n} to ${name}: ${outcome} (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')})${secrets.length ? `; Secret values sent: ${secrets.join(', ')}` : ''}`,
    }, now);
    return n;
  });
  return {
    push: number, storeRevision: scope.revision, outcome,
    items: pushed.map((p): PushItem => ({ ...toPlanItem(p), outcome: p.outcome, message: p.message })),
  };
}

function countOutcomes(items: { outcome: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.outcome] = (counts[i.outcome] ?? 0) + 1;
  return counts;
}

export async function listPushes(deps: ServiceDeps, ctx: RequestContext, name: string, opts: { limit?: number } = {}): Promise<{ items: PushRecord[] }> {
  authorize(ctx, 'clusters.read');
  const row = await findCluster(deps.db, name);
  const rows = await deps.db.prisma.clusterPush.findMany({ where: { clusterId: row.id }, orderBy: { number: 'desc' }, take: Math.min(opts.limit ?? 50, 500) });
  return {
    items: rows.map((r) => {
      const items = JSON.parse(r.items) as PushRecord['items'];
      return {
        push: r.number, time: r.time.toISOString(), actor: r.actorName, storeRevision: r.storeRevision, namespaces: JSON.parse(r.namespaces) as string[],
        prune: r.prune, force: r.force, outcome: r.outcome as PushRecord['outcome'], counts: countOutcomes(items ?? []), ...(items ? { items } : {}),
      };
    }),
  };
}
