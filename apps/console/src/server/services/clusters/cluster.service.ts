import { randomUUID } from 'node:crypto';
import { RegisterClusterSchema, type Cluster, type ClusterStatus } from '@gatehouse/domain/cluster/cluster.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { checkCluster } from '@gatehouse/kube/client/check-cluster';
import { installCrds } from '@gatehouse/kube/client/install-crds';
import { checkKubeconfig } from '@gatehouse/kube/client/kubeconfig';
import { appendAuditEvent } from '../../audit/audit.repo';
import { authorize, type RequestContext } from '../../auth/principal';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { encryptKubeconfig } from '../../secrets/kubeconfig-cipher';
import { clientFor, clusterRef, findCluster, forgetClient, reaching, type ClusterRow } from './cluster-access';

const NOT_CHECKED: ClusterStatus = { reachable: false, gatewayApi: { installed: false }, upstreamTlsPolicyCrd: false, permissions: [], message: 'not checked yet' };

async function toCluster(deps: ServiceDeps, row: ClusterRow, status?: ClusterStatus): Promise<Cluster> {
  const last = await deps.db.prisma.clusterPush.findFirst({ where: { clusterId: row.id }, orderBy: { number: 'desc' } });
  const drift = await deps.db.prisma.clusterObject.count({ where: { clusterId: row.id, driftState: { not: null } } });
  return {
    name: row.name,
    server: row.server,
    ...(row.context ? { context: row.context } : {}),
    source: row.source === 'in-cluster' ? 'in-cluster' : 'kubeconfig',
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    ...(last ? { lastPush: { push: last.number, time: last.time.toISOString(), outcome: last.outcome } } : {}),
    drift,
    status: status ?? (row.lastCheck ? (JSON.parse(row.lastCheck) as ClusterStatus) : NOT_CHECKED),
  };
}

/** Runs the check and keeps its answer on the row (lists show the last one without calling every cluster). */
async function freshStatus(deps: ServiceDeps, row: ClusterRow): Promise<ClusterStatus> {
  let status: ClusterStatus;
  try {
    status = { ...(await checkCluster(clientFor(deps.key, row))), checkedAt: deps.now().toISOString() };
  } catch (e) {
    status = { ...NOT_CHECKED, message: `the check failed: ${(e as Error).message}`, checkedAt: deps.now().toISOString() };
  }
  await deps.db.prisma.cluster.update({ where: { id: row.id }, data: { lastCheck: JSON.stringify(status), lastCheckedAt: deps.now() } });
  return status;
}

/**
 * Registers a cluster from an uploaded kubeconfig (its current context or the one named) or the pod's service
 * account. The kubeconfig is checked (no exec plugins or file paths), encrypted before it is stored, and never
 * returned, logged or audited; the audit event names the cluster and its server only. The answer carries the
 * first check.
 */
export async function registerCluster(deps: ServiceDeps, ctx: RequestContext, input: unknown): Promise<Cluster> {
  authorize(ctx, 'clusters.manage');
  const body = parseOrThrow(RegisterClusterSchema, input, 'cluster');
  let server: string;
  let context: string | null = null;
  if (body.inCluster) {
    const host = process.env.KUBERNETES_SERVICE_HOST;
    if (!host) throw new DomainError('unprocessable', 'inCluster: the console does not run in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)', [{ path: 'inCluster', message: 'not in a pod' }]);
    server = `https://${host.includes(':') ? `[${host}]` : host}:${process.env.KUBERNETES_SERVICE_PORT ?? '443'}`;
  } else {
    const checked = checkKubeconfig(body.kubeconfig!, body.context);
    if ('problems' in checked) throw new DomainError('invalid', `the kubeconfig cannot be used: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, checked.problems);
    server = checked.server;
    context = checked.context;
  }
  const id = randomUUID();
  const now = deps.now();
  const row = await runWrite(deps, {}, async (tx) => {
    if (await tx.cluster.findUnique({ where: { name: body.name } })) throw new DomainError('already_exists', `cluster ${body.name} is already registered`, [{ path: 'name', message: 'taken' }]);
    const created = await tx.cluster.create({
      data: {
        id, name: body.name, server, source: body.inCluster ? 'in-cluster' : 'kubeconfig', context,
        kubeconfig: body.inCluster ? null : encryptKubeconfig(deps.key, id, body.kubeconfig!), createdAt: now, createdBy: ctx.principal.name,
      },
    });
    await appendAuditEvent(tx, ctx, { action: 'cluster.register', ref: clusterRef(body.name), message: `server ${server}${context ? `, context ${context}` : ''}${body.inCluster ? ' (in-cluster service account)' : ''}` }, now);
    return created;
  });
  return toCluster(deps, row, await freshStatus(deps, row));
}

export async function listClusters(deps: ServiceDeps, ctx: RequestContext): Promise<{ items: Cluster[] }> {
  authorize(ctx, 'clusters.read');
  const rows = await deps.db.prisma.cluster.findMany({ orderBy: { name: 'asc' } });
  return { items: await Promise.all(rows.map((r) => toCluster(deps, r))) };
}

/** One cluster with a fresh check (a few requests to its API server; 5 s at most when it does not answer). */
export async function getCluster(deps: ServiceDeps, ctx: RequestContext, name: string): Promise<Cluster> {
  authorize(ctx, 'clusters.read');
  const row = await findCluster(deps.db, name);
  return toCluster(deps, row, await freshStatus(deps, row));
}

/** Forgets a cluster (its kubeconfig, push records and drift state). Nothing in the cluster is touched. */
export async function removeCluster(deps: ServiceDeps, ctx: RequestContext, name: string): Promise<Cluster> {
  authorize(ctx, 'clusters.manage');
  const now = deps.now();
  const row = await runWrite(deps, {}, async (tx) => {
    const found = await findCluster({ prisma: tx }, name);
    await tx.clusterObject.deleteMany({ where: { clusterId: found.id } });
    await tx.clusterPush.deleteMany({ where: { clusterId: found.id } });
    await tx.cluster.delete({ where: { id: found.id } });
    await appendAuditEvent(tx, ctx, { action: 'cluster.remove', ref: clusterRef(name), message: `server ${found.server}; nothing in the cluster was changed` }, now);
    return found;
  });
  forgetClient(row.id);
  return toCluster(deps, row);
}

/** Installs (or upgrades) the Gateway API v1.6.1 standard CRDs and the UpstreamTLSPolicy CRD; audited. */
export async function installClusterCrds(deps: ServiceDeps, ctx: RequestContext, name: string): Promise<Cluster> {
  authorize(ctx, 'clusters.manage');
  const row = await findCluster(deps.db, name);
  const installed = await reaching(name, () => installCrds(clientFor(deps.key, row)));
  await runWrite(deps, {}, (tx) => appendAuditEvent(tx, ctx, { action: 'cluster.install-crds', ref: clusterRef(name), message: `installed ${installed.length} CRDs: ${installed.join(', ')}` }, deps.now()));
  return toCluster(deps, row, await freshStatus(deps, row));
}
